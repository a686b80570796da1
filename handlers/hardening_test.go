package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"talksafe/models"
)

// postConcurrently sends n POSTs of the forms at once from c (its cookies,
// one CSRF token) and returns their statuses.
func (c *client) postConcurrently(path string, forms []url.Values) []int {
	c.en.t.Helper()
	token := c.csrf()
	statuses := make([]int, len(forms))
	errs := make([]error, len(forms))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, form := range forms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form.Set("_csrf", token)
			req, _ := http.NewRequest(http.MethodPost, c.en.srv.URL+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			res, err := c.http.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			res.Body.Close()
			statuses[i] = res.StatusCode
		}()
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.en.t.Fatal(err)
		}
	}
	return statuses
}

func TestLogInThrottleConcurrent(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("sora", models.RoleUser)
	c := en.client()
	forms := make([]url.Values, 100)
	for i := range forms {
		forms[i] = url.Values{"name": {"sora"}, "password": {"wrong guess"}}
	}
	count := map[int]int{}
	for _, s := range c.postConcurrently("/login", forms) {
		count[s]++
	}
	judged := count[http.StatusUnprocessableEntity]
	if judged > models.NameLoginPolicy.Lock || count[http.StatusTooManyRequests] != 100-judged {
		t.Fatalf("statuses %v: want at most %d judged, the rest 429", count, models.NameLoginPolicy.Lock)
	}
	var failures int
	if err := en.db.Raw("SELECT failures FROM login_throttles WHERE key = 'user:sora'").Scan(&failures).Error; err != nil {
		t.Fatal(err)
	}
	if failures != judged {
		t.Errorf("%d failures stored, %d judged", failures, judged)
	}
	if judged <= models.NameLoginPolicy.Free {
		t.Fatalf("%d judged: the %d free attempts and one more always reach the password check", judged, models.NameLoginPolicy.Free)
	}
	// Then the right password, as if at once after the last failure (set in
	// the database, so a slow machine cannot outlast the wait): refused too,
	// the name is slowed down.
	if err := en.db.Exec("UPDATE login_throttles SET last_failure_at = now() WHERE key = 'user:sora'").Error; err != nil {
		t.Fatal(err)
	}
	wantStatus(t, c.submit("/login", url.Values{"name": {"sora"}, "password": {"password for sora"}}), http.StatusTooManyRequests)
}

// TestNextRedirect follows next through the router: a path on this site is
// followed, anything else goes to the fallback or is refused outright (the
// text check refuses raw control characters first); never off the site.
// TestLocalPath has the full table.
func TestNextRedirect(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("noa", models.RoleUser)
	c := en.login("noa")
	for _, next := range []string{"/ok?x=1", "//evil", "/\\evil", "/%09/evil", "/\t/evil", "%2F%2Fevil", "https://evil",
		"javascript:alert(1)", "/%2F%2Fevil"} {
		t.Run(next, func(t *testing.T) {
			r := c.get("/login?next=" + url.QueryEscape(next))
			want := "/"
			if next == "/ok?x=1" {
				want = next
			}
			if r.status != http.StatusUnprocessableEntity || strings.HasPrefix(next, "/ok") {
				wantRedirect(t, r, want)
			}
		})
	}
	t.Run("ErrBlockAndUnblockNext", func(t *testing.T) {
		en.user("eve.x", models.RoleUser)
		wantStatus(t, c.submit("/friends", url.Values{"name": {"eve.x"}}), http.StatusSeeOther)
		r := c.submit(fmt.Sprintf("/friends/%d/block", en.userID("eve.x")), url.Values{"next": {"/%09/evil.example/x"}})
		wantRedirect(t, r, "/settings/friends/blocked")
		r = c.submit(fmt.Sprintf("/settings/friends/%d/unblock", en.userID("eve.x")), url.Values{"next": {"/%5Cevil.example/x"}})
		wantRedirect(t, r, "/settings/friends/blocked")
	})
}

func TestCSRFToken(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("ria", models.RoleUser)
	t.Run("ErrQueryString", func(t *testing.T) {
		c := en.client()
		token := c.csrf()
		r := c.post("/login?_csrf="+url.QueryEscape(token), url.Values{"name": {"ria"}, "password": {"password for ria"}})
		wantStatus(t, r, http.StatusForbidden)
	})
	t.Run("OKHeader", func(t *testing.T) {
		c := en.client()
		token := c.csrf()
		req, _ := http.NewRequest(http.MethodPost, en.srv.URL+"/login",
			strings.NewReader(url.Values{"name": {"ria"}, "password": {"password for ria"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", token)
		wantStatus(t, c.do(req), http.StatusSeeOther)
	})
	t.Run("OKRotated", func(t *testing.T) {
		c := en.client()
		before := c.csrf()
		wantStatus(t, c.submit("/login", url.Values{"name": {"ria"}, "password": {"password for ria"}}), http.StatusSeeOther)
		during := c.csrf()
		if during == before {
			t.Fatal("the CSRF token is the same after log-in")
		}
		// The token from before the log-in no longer works.
		wantStatus(t, c.post("/logout", url.Values{"_csrf": {before}}), http.StatusForbidden)
		wantStatus(t, c.submit("/logout", nil), http.StatusSeeOther)
		if after := c.csrf(); after == during || after == before {
			t.Fatal("the CSRF token is the same after log-out")
		}
	})
}

// TestCacheControl: every page carries a per-visitor CSRF token (at least
// the footer's language form), so no shared cache may keep one, logged in
// or not.
func TestCacheControl(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("kai", models.RoleUser)
	c := en.login("kai")
	for _, path := range []string{"/", "/friends", "/chats", "/account"} {
		if got := c.get(path).header.Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("%s: Cache-Control %q, want private, no-store", path, got)
		}
	}
	visitor := en.client()
	for _, path := range []string{"/", "/login", "/signup", "/verify", "/policy", "/safety"} {
		r := visitor.get(path)
		wantStatus(t, r, http.StatusOK)
		if got := r.header.Get("Cache-Control"); got != "private, no-store" {
			t.Errorf("%s for a visitor: Cache-Control %q, want private, no-store", path, got)
		}
	}
}

func TestClientClosedRequest(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("mei", models.RoleUser)
	c := en.login("mei")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/friends", nil)
	for _, ck := range c.http.Jar.Cookies(mustURL(en.srv.URL)) {
		req.AddCookie(ck)
	}
	en.e.ServeHTTP(httptest.NewRecorder(), req)
	logs := en.logs.String()
	if !strings.Contains(logs, "status=499") || strings.Contains(logs, "level=ERROR") {
		t.Fatalf("an abandoned request is logged as the server's error:\n%s", logs)
	}
}

func TestSignUpDisplayName(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, tt := range []struct{ name, user, display, field string }{
		{"ErrStaffWord", "minji", "Minji (Moderator)", "display_name"},
		{"ErrKoreanStaffWord", "minji", "민지 운영자", "display_name"},
		{"ErrRTLOverride", "minji", "Minji\u202E", "display_name"},
		{"ErrZeroWidth", "minji", "Min\u200Bji", "display_name"},
		{"ErrStaffUserName", "talksafe.help", "", "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := en.client().submit("/signup", url.Values{"name": {tt.user}, "display_name": {tt.display},
				"password": {"a fine password"}, "confirm": {"a fine password"}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if r.doc.Find(`[data-testid="error-`+tt.field+`"]`).Text() == "" {
				t.Fatalf("no error beside %s:\n%s", tt.field, r.text())
			}
			if v, _ := r.doc.Find(`input[name="display_name"]`).Attr("value"); v != tt.display {
				t.Errorf("display name not kept: %q", v)
			}
		})
	}
	var n int64
	en.db.Raw("SELECT count(*) FROM users").Scan(&n)
	if n != 0 {
		t.Fatalf("%d accounts stored", n)
	}
	t.Run("OKNFC", func(t *testing.T) {
		r := en.client().submit("/signup", url.Values{"name": {"zoe"}, "display_name": {"Zoe\u0301"},
			"password": {"a fine password"}, "confirm": {"a fine password"}})
		wantStatus(t, r, http.StatusSeeOther)
		u, err := models.UserByName(context.Background(), en.db, "zoe")
		if err != nil || u.DisplayName != "Zo\u00e9" {
			t.Fatalf("stored %q, %v", u.DisplayName, err)
		}
	})
	t.Run("OKStaffBadge", func(t *testing.T) {
		en.user("minji.mod", models.RoleModerator)
		en.user("plain.user", models.RoleUser)
		if b := en.login("minji.mod").get("/").doc.Find(`[data-testid="staff-badge"]`); b.Length() != 1 || !strings.Contains(b.Text(), "Moderator") {
			t.Fatalf("no staff badge for a moderator: %q", b.Text())
		}
		if en.login("plain.user").get("/").doc.Find(`[data-testid="staff-badge"]`).Length() != 0 {
			t.Fatal("a user shows a staff badge")
		}
	})
}

func TestNameLookupLimit(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("taro", models.RoleUser)
	en.user("yuki", models.RoleUser)
	c := en.login("taro")
	forms := make([]url.Values, models.AccountLookupPolicy.Limit+10)
	for i := range forms {
		forms[i] = url.Values{"name": {fmt.Sprintf("probe%03d", i)}}
	}
	count := map[int]int{}
	for _, s := range c.postConcurrently("/friends", forms) {
		count[s]++
	}
	if count[http.StatusUnprocessableEntity] != models.AccountLookupPolicy.Limit || count[http.StatusTooManyRequests] != 10 {
		t.Fatalf("statuses %v: want %d answered, 10 refused", count, models.AccountLookupPolicy.Limit)
	}
	t.Run("ErrAddFriend", func(t *testing.T) {
		r := c.submit("/friends", url.Values{"name": {"yuki"}})
		wantStatus(t, r, http.StatusTooManyRequests)
		if msg := r.doc.Find(`[data-testid="error-name"]`).Text(); !strings.Contains(msg, "Try again in") {
			t.Fatalf("no message beside the name: %q", msg)
		}
	})
	t.Run("ErrStartChat", func(t *testing.T) {
		wantStatus(t, c.submit("/chats", url.Values{"name": {"yuki"}}), http.StatusTooManyRequests)
	})
	t.Run("ErrSignUpAddress", func(t *testing.T) {
		if err := en.db.Exec("UPDATE lookup_throttles SET lookups = ? WHERE key LIKE 'ip:%'", models.AddressLookupPolicy.Limit).Error; err != nil {
			t.Fatal(err)
		}
		r := en.client().submit("/signup", url.Values{"name": {"yuki"}, "password": {"a fine password"}, "confirm": {"a fine password"}})
		wantStatus(t, r, http.StatusTooManyRequests)
		if strings.Contains(r.text(), "taken") || r.doc.Find(`[data-testid="error-name"]`).Text() == "" {
			t.Fatalf("sign-up: %s", r.text())
		}
	})
	t.Run("OKAfterTheWindow", func(t *testing.T) {
		if err := en.db.Exec("UPDATE lookup_throttles SET window_start = now() - make_interval(secs => ?)",
			models.AddressLookupPolicy.Window.Seconds()).Error; err != nil {
			t.Fatal(err)
		}
		wantRedirect(t, c.submit("/friends", url.Values{"name": {"yuki"}}), "/friends")
	})
	var friends int64
	en.db.Raw("SELECT count(*) FROM friendships").Scan(&friends)
	if friends != 1 {
		t.Fatalf("%d friendships, want 1", friends)
	}
}
