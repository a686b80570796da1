package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/stdlib"

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

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// heapPeak samples the live heap every few milliseconds until stop is
// closed and returns the highest reading.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// BenchmarkExport downloads a room of 1,000,000 messages in each format over
// real HTTP and reports MB/s and the server's peak heap growth; COPY is
// PostgreSQL dumping the same rows itself, the ceiling to compare with.
func BenchmarkExport(b *testing.B) {
	en := newEnv(b)
	a := en.user("exporter", models.RoleUser)
	en.user("talker", models.RoleUser)
	c := en.login("exporter")
	r := c.submit("/chats", url.Values{"name": {"talker"}})
	var roomID int64
	fmt.Sscanf(r.header.Get("Location"), "/chats/%d", &roomID)
	other := en.userID("talker")
	err := en.db.Exec(`INSERT INTO chat_messages (room_id, sender_id, body, created_at)
		SELECT ?::bigint, CASE WHEN g % 3 = 0 THEN ?::bigint ELSE ?::bigint END,
			CASE WHEN g % 10 = 0 THEN E'a message, with "quotes"\nand a second line 🌙' ELSE '메시지 number ' || g || ' of the export benchmark' END,
			now() - (1000000 - g) * interval '20 seconds'
		FROM generate_series(1, 1000000) g`, roomID, a.ID, other).Error
	if err != nil {
		b.Fatal(err)
	}
	en.db.Exec("ANALYZE chat_messages")

	b.Run("COPY", func(b *testing.B) {
		sqlDB, _ := en.db.DB()
		for b.Loop() {
			conn, err := sqlDB.Conn(b.Context())
			if err != nil {
				b.Fatal(err)
			}
			var w countingWriter
			err = conn.Raw(func(dc any) error {
				_, err := dc.(*stdlib.Conn).Conn().PgConn().CopyTo(b.Context(), &w,
					fmt.Sprintf(`COPY (SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS'), sender_id, body FROM chat_messages
						WHERE room_id = %d ORDER BY id) TO STDOUT WITH (FORMAT csv)`, roomID))
				return err
			})
			conn.Close()
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(w.n)
		}
	})
	client := c.http
	for _, format := range []string{"text", "csv", "json"} {
		b.Run(format, func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				runtime.GC()
				base := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
				metrics.Read(base)
				stop := make(chan struct{})
				peaks := heapPeak(stop)
				res, err := client.Get(en.srv.URL + fmt.Sprintf("/chats/%d/export/download?format=%s", roomID, format))
				if err != nil {
					b.Fatal(err)
				}
				n, err := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				close(stop)
				if err != nil || res.StatusCode != http.StatusOK || n < 40_000_000 {
					b.Fatalf("status %d, %d bytes, %v", res.StatusCode, n, err)
				}
				b.SetBytes(n)
				if p := <-peaks; p > base[0].Value.Uint64() {
					peak = max(peak, p-base[0].Value.Uint64())
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-growth-MB")
		})
	}
}
