package handlers_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"talksafe/models"
)

// formFields are the names of every form field and query parameter the
// portal reads.
var formFields = []string{"name", "display_name", "password", "confirm", "current", "body", "title",
	"detail", "reasons", "also_block", "hide_profile", "next", "role", "time_zone", "language", "q",
	"before", "after", "day", "format", "lang", "sha256", "category", "description", "reports", "restriction",
	"report", "reply", "note", "moderation_note", "outcome", "assignee", "assigned", "linked", "sort", "state"}

// badText returns 4 to 40 random bytes with at least one byte that no
// person types: a NUL, a control character, or a byte of invalid UTF-8.
func badText(rng *rand.Rand) string {
	b := make([]byte, 4+rng.IntN(37))
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	bad := []byte{0x00, 0x01, 0x08, 0x1b, 0x7f, 0xff, 0xc3, 0x80}
	b[rng.IntN(len(b))] = bad[rng.IntN(len(bad))]
	return string(b)
}

// TestBadTextNeverFails sends random bytes in every field to every route
// (forms to each POST, query strings to each GET), as a user who may use
// it, and checks that none answers 5xx and nothing is stored.
func TestBadTextNeverFails(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	en := f.en
	ctx := context.Background()
	en.user("root", models.RoleAdmin)
	post := f.post(f.alma, "My hike", "Up Bukhansan.")
	comment := f.comment(f.alma, post, "Nice view.")
	room, err := models.StartChat(ctx, en.db, f.bora.ID, "alma", "")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := models.SendMessage(ctx, en.db, f.bora.ID, room, "hello")
	if err != nil {
		t.Fatal(err)
	}
	ids := func(path string) string {
		switch {
		case strings.Contains(path, "friends/:id"):
			path = strings.ReplaceAll(path, ":id", fmt.Sprint(f.bora.ID))
		case strings.HasPrefix(path, "/chats/"):
			path = strings.ReplaceAll(path, ":id", fmt.Sprint(room))
		case strings.HasPrefix(path, "/openchat/"):
			path = strings.ReplaceAll(path, ":id", fmt.Sprint(f.room))
		case strings.HasPrefix(path, "/posts/"):
			path = strings.ReplaceAll(path, ":id", fmt.Sprint(post))
		case strings.HasPrefix(path, "/comments/"):
			path = strings.ReplaceAll(path, ":id", fmt.Sprint(comment))
		case strings.HasPrefix(path, "/report/"):
			path = strings.ReplaceAll(strings.ReplaceAll(path, ":type", "message"), ":id", fmt.Sprint(msg.ID))
		}
		return samplePath(path)
	}
	tables := []string{"users", "friendships", "chat_rooms", "chat_messages", "open_chat_members",
		"board_posts", "board_comments", "reports", "cases", "audit_events"}
	snapshot := func() string {
		var b strings.Builder
		for _, tb := range tables {
			var n int64
			var sum string
			en.db.Raw("SELECT count(*) FROM " + tb).Scan(&n)
			en.db.Raw("SELECT coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM " + tb + " t").Scan(&sum)
			fmt.Fprintf(&b, "%s=%d:%s ", tb, n, sum)
		}
		return b.String()
	}
	before := snapshot()

	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	alma, root := en.login("alma"), en.login("root")
	for _, route := range en.e.Routes() {
		key := route.Method + " " + route.Path
		access, ok := routeAccess[key]
		if !ok || route.Method == echo.RouteNotFound || route.Path == "/static/*" {
			continue
		}
		for range 6 {
			values := url.Values{}
			for _, name := range formFields {
				values.Set(name, badText(rng))
			}
			values.Add("reasons", badText(rng))
			values.Set(badText(rng), badText(rng))
			c := alma
			switch {
			case access == admins:
				c = root
			case access == public:
				c = en.client()
			}
			var r *response
			if route.Method == http.MethodGet {
				r = c.get(ids(route.Path) + "?" + values.Encode())
			} else {
				r = c.submit(ids(route.Path), values)
			}
			if r.status >= 500 {
				t.Fatalf("%s with %q: %d\n%s", key, values.Encode(), r.status, en.logs.String())
			}
			if route.Method == http.MethodPost && r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s with bad text: %d, want 422", key, r.status)
			}
		}
	}
	if after := snapshot(); after != before {
		t.Errorf("bad text changed what is stored:\nbefore %s\nafter  %s", before, after)
	}
}

func TestBadTextMessage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("hana", models.RoleUser)
	en.user("jun", models.RoleUser)
	c := en.login("hana")
	path, room := c.startChat("jun")
	for _, tt := range []struct{ name, body string }{
		{"ErrNUL", "hi\x00there"},
		{"ErrInvalidUTF8", "hi \xff\xfe"},
		{"ErrEscape", "hi \x1b[31mred"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.submit(path+"/messages", url.Values{"body": {tt.body}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.text(), "“message”") || !strings.Contains(r.text(), "nothing was saved") {
				t.Fatalf("message: %s", r.text())
			}
		})
	}
	t.Run("OKLineBreaksAndTabs", func(t *testing.T) {
		r := c.submit(path+"/messages", url.Values{"body": {"line one\r\n\tline two"}})
		if r.status >= 400 {
			t.Fatalf("status %d", r.status)
		}
	})
	t.Run("ErrLineBreakInName", func(t *testing.T) {
		wantStatus(t, c.submit("/friends", url.Values{"name": {"jun\nx"}}), http.StatusUnprocessableEntity)
	})
	var n int64
	en.db.Raw("SELECT count(*) FROM chat_messages WHERE room_id = ?", room).Scan(&n)
	if n != 1 {
		t.Fatalf("%d messages stored, want 1", n)
	}
}
