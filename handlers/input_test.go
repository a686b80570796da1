package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
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

// badTextWorld is a portal with something behind every route: a board
// post and comment, a chat with a message. ids fills a route's parameters;
// snapshot sums what is stored.
type badTextWorld struct {
	en         *env
	alma, root *client
	ids        func(path string) string
	snapshot   func() string
}

func newBadTextWorld(t *testing.T) *badTextWorld {
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
	return &badTextWorld{en: en, alma: en.login("alma"), root: en.login("root"), ids: ids, snapshot: snapshot}
}

// clientFor is a client that may use a route of access.
func (w *badTextWorld) clientFor(a access) *client {
	switch a {
	case admins:
		return w.root
	case public:
		return w.en.client()
	}
	return w.alma
}

// TestBadTextNeverFails sends random bytes in every field to every route
// (forms to each POST, query strings to each GET), as a user who may use
// it, and checks that none answers 5xx and nothing is stored.
func TestBadTextNeverFails(t *testing.T) {
	t.Parallel()
	w := newBadTextWorld(t)
	en, ids := w.en, w.ids
	before := w.snapshot()

	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
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
			c := w.clientFor(access)
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
	if after := w.snapshot(); after != before {
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

// TestEveryBodyIsChecked sends bad text to every POST route in the bodies a
// page route does not read as a form — multipart (its token in the htmx
// header, so no middleware parses the body for it), JSON and plain text —
// and checks each is refused (415, or 403 for Verify's upload without its
// token part) and
// nothing is stored.
func TestEveryBodyIsChecked(t *testing.T) {
	t.Parallel()
	w := newBadTextWorld(t)
	en := w.en
	before := w.snapshot()
	bad := "a\x00b\xff\x1b\x07\x1d\x1f"
	bodies := []struct {
		kind        string
		contentType string
		body        func() string
	}{
		{"multipart", "", nil},
		{"json", "application/json", func() string {
			m := map[string]string{}
			for _, name := range formFields {
				m[name] = bad
			}
			b, _ := json.Marshal(m)
			return string(b)
		}},
		{"plain text", "text/plain", func() string { return "description=" + bad }},
	}
	for _, route := range en.e.Routes() {
		a, ok := routeAccess[route.Method+" "+route.Path]
		if !ok || route.Method != http.MethodPost {
			continue
		}
		for _, b := range bodies {
			c := w.clientFor(a)
			token := c.csrf()
			var body bytes.Buffer
			contentType := b.contentType
			if b.kind == "multipart" {
				mw := multipart.NewWriter(&body)
				for _, name := range formFields {
					_ = mw.WriteField(name, bad)
				}
				_ = mw.Close()
				contentType = mw.FormDataContentType()
			} else {
				body.WriteString(b.body())
			}
			req, _ := http.NewRequest(http.MethodPost, en.srv.URL+w.ids(route.Path), &body)
			req.Header.Set("Content-Type", contentType)
			req.Header.Set("X-CSRF-Token", token)
			r := c.do(req)
			want := http.StatusUnsupportedMediaType
			if route.Path == "/verify" && b.kind == "multipart" {
				want = http.StatusForbidden // an upload carries its token in its first part, not a header
			}
			if slices.Contains([]string{"/chats/:id/messages", "/openchat/:id/posts", "/posts/:id/comments", "/admin/hash-banks/:id/import"}, route.Path) && b.kind == "multipart" {
				want = http.StatusUnprocessableEntity // a form that takes a file may be multipart: its text is checked all the same
			}
			if r.status != want {
				t.Errorf("POST %s with bad text as %s: %d, want %d", route.Path, b.kind, r.status, want)
			}
		}
	}
	if after := w.snapshot(); after != before {
		t.Errorf("bad text changed what is stored:\nbefore %s\nafter  %s", before, after)
	}
	if strings.Contains(en.logs.String(), `"status":500`) {
		t.Errorf("a 500 was logged:\n%s", en.logs.String())
	}
}

// TestControlCharactersInTextBoxes: the control characters a form can
// carry are refused in the text boxes of tickets, reports and decisions,
// and nothing is stored.
func TestControlCharactersInTextBoxes(t *testing.T) {
	t.Parallel()
	w := newBadTextWorld(t)
	before := w.snapshot()
	for _, ch := range []string{"\x1b", "\x07", "\x1d", "\x1f", "\x00", "\xff"} {
		r := w.alma.submit("/support/tickets", url.Values{"category": {"other"}, "description": {"Help " + ch + " me"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("ticket description with %q: %d, want 422", ch, r.status)
		}
	}
	if after := w.snapshot(); after != before {
		t.Errorf("control characters changed what is stored:\nbefore %s\nafter  %s", before, after)
	}
	var tickets int64
	w.en.db.Raw("SELECT count(*) FROM tickets").Scan(&tickets)
	if tickets != 0 {
		t.Errorf("%d tickets stored", tickets)
	}
}
