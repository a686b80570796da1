package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/static"
)

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	r := en.client().get("/")
	wantStatus(t, r, http.StatusOK)
	csp := r.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") {
		t.Errorf("CSP allows inline code or other hosts: %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if r.header.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
	if r.doc.Find("script:not([src])").Length() != 0 || r.doc.Find("[style]").Length() != 0 {
		t.Error("the page has inline script or style")
	}
}

func TestCookies(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		en := newEnvConfig(t, handlers.Config{SessionSecret: []byte(testSecret), SecureCookies: secure})
		en.user("hyun", models.RoleUser)
		c := en.client()
		token := c.csrf()
		r := c.post("/login", url.Values{"_csrf": {token}, "name": {"hyun"}, "password": {"password for hyun"}})
		wantStatus(t, r, http.StatusSeeOther)
		var session *http.Cookie
		for _, ck := range (&http.Response{Header: r.header}).Cookies() {
			if ck.Name == "talksafe_session" {
				session = ck
			}
		}
		if session == nil {
			t.Fatal("no session cookie at log-in")
		}
		if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure != secure {
			t.Errorf("secure=%v: cookie HttpOnly=%v SameSite=%v Secure=%v", secure, session.HttpOnly, session.SameSite, session.Secure)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	c := en.client()
	r := c.get(static.Path("css/app.css"))
	wantStatus(t, r, http.StatusOK)
	if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Errorf("Cache-Control %q", cc)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type %q", ct)
	}
	wantStatus(t, c.get("/static/css/app.css"), http.StatusNotFound)
	home := c.get("/")
	home.doc.Find("script[src], link[href]").Each(func(_ int, s *goquery.Selection) {
		u, _ := s.Attr("src")
		if u == "" {
			u, _ = s.Attr("href")
		}
		if !strings.HasPrefix(u, "/static/") {
			t.Errorf("asset from elsewhere: %q", u)
		}
		wantStatus(t, c.get(u), http.StatusOK)
	})
}

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("dami", models.RoleUser)
	r := en.login("dami").get("/no/such/page")
	wantStatus(t, r, http.StatusNotFound)
	if !strings.Contains(r.text(), "Page not found") || r.doc.Find(`[data-testid="error-page"]`).Length() != 1 {
		t.Fatalf("404 page:\n%s", r.body)
	}
	if !strings.Contains(r.doc.Find("nav").Text(), "dami") {
		t.Error("the 404 page lost the layout's user navigation")
	}
	if r.doc.Find(`[data-testid="request-id"]`).Length() != 0 {
		t.Error("a 404 shows a request id")
	}
}

func TestServerErrorPage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("gyu", models.RoleUser)
	c := en.login("gyu")
	models.Close(en.app) // every query now fails inside the handlers
	r := c.get("/")
	wantStatus(t, r, http.StatusInternalServerError)
	id := r.doc.Find(`[data-testid="request-id"]`).Text()
	if id == "" || id != r.header.Get("X-Request-Id") {
		t.Fatalf("request id on the page %q, header %q", id, r.header.Get("X-Request-Id"))
	}
	if strings.Contains(r.body, "sql") || strings.Contains(r.body, "closed") {
		t.Errorf("the 500 page shows the internal error:\n%s", r.text())
	}
	if logs := en.logs.String(); !strings.Contains(logs, id) || !strings.Contains(logs, "database is closed") {
		t.Errorf("the log does not have the error with its request id:\n%s", logs)
	}
	wantStatus(t, c.get("/readyz"), http.StatusServiceUnavailable)
	wantStatus(t, c.get("/healthz"), http.StatusOK)
}

func TestHealth(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	c := en.client()
	wantStatus(t, c.get("/healthz"), http.StatusOK)
	wantStatus(t, c.get("/readyz"), http.StatusOK)
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	c := en.client()
	big := strings.Repeat("a", 2<<20)
	r := c.submit("/signup", map[string][]string{"name": {big}})
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
}
