package handlers_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// BenchmarkHomeLoggedIn measures one logged-in page through the real router
// (no network): session lookup, user lookup, CSRF and render.
func BenchmarkHomeLoggedIn(b *testing.B) {
	en := newEnv(b)
	en.user("bench", models.RoleUser)
	c := en.login("bench")
	cookies := c.http.Jar.Cookies(mustURL(en.srv.URL))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			for _, ck := range cookies {
				req.AddCookie(ck)
			}
			rec := httptest.NewRecorder()
			en.e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// BenchmarkChatRoom opens the newest page of a room and older pages by
// cursor, in a room of 100 messages and in one of 1,000,000: keyset paging
// makes every page cost the same whatever the room's size.
func BenchmarkChatRoom(b *testing.B) {
	en := newEnv(b)
	a := en.user("big.talker", models.RoleUser)
	for _, n := range []string{"small.room", "big.room"} {
		en.user(n, models.RoleUser)
	}
	c := en.login("big.talker")
	rooms := map[string]int64{}
	for _, tc := range []struct {
		name, other string
		n           int
	}{{"100", "small.room", 100}, {"1M", "big.room", 1_000_000}} {
		r := c.submit("/chats", url.Values{"name": {tc.other}})
		var id int64
		fmt.Sscanf(r.header.Get("Location"), "/chats/%d", &id)
		err := en.db.Exec(`INSERT INTO chat_messages (room_id, sender_id, body, created_at)
			SELECT ?, ?, 'message number ' || g, now() - (? - g) * interval '1 second' FROM generate_series(1, ?) g`,
			id, a.ID, tc.n, tc.n).Error
		if err != nil {
			b.Fatal(err)
		}
		rooms[tc.name] = id
	}
	en.db.Exec("ANALYZE chat_messages")
	cookies := c.http.Jar.Cookies(mustURL(en.srv.URL))
	get := func(b *testing.B, path string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		en.e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "message number") {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	for _, size := range []string{"100", "1M"} {
		id := rooms[size]
		var minID, maxID int64
		en.db.Raw("SELECT min(id), max(id) FROM chat_messages WHERE room_id = ?", id).Row().Scan(&minID, &maxID)
		pages := map[string]string{
			"newest": fmt.Sprintf("/chats/%d", id),
			"middle": fmt.Sprintf("/chats/%d?before=%d", id, (minID+maxID)/2),
			"oldest": fmt.Sprintf("/chats/%d?before=%d", id, minID+51),
		}
		for _, page := range []string{"newest", "middle", "oldest"} {
			b.Run(size+"/"+page, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					get(b, pages[page])
				}
			})
		}
	}
}
