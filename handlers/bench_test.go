package handlers_test

import (
	"net/http"
	"net/http/httptest"
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
