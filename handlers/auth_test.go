package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

func TestSignUpLogInLogOut(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	c := en.client()
	r := c.submit("/signup", url.Values{"name": {"Hana"}, "display_name": {"Hana <b>Song</b>"},
		"password": {"hana's password"}, "confirm": {"hana's password"}})
	wantRedirect(t, r, "/")
	home := c.get("/")
	wantStatus(t, home, http.StatusOK)
	if !strings.Contains(home.text(), "Hello, Hana <b>Song</b>") || strings.Contains(home.body, "<b>Song</b>") {
		t.Fatalf("home does not greet with the escaped display name:\n%s", home.body)
	}
	if got := home.doc.Find(`[data-testid="flash"]`).Text(); !strings.Contains(got, "Welcome to talksafe") {
		t.Errorf("flash = %q", got)
	}
	if again := c.get("/"); again.doc.Find(`[data-testid="flash"]`).Length() != 0 {
		t.Error("the flash shows twice")
	}

	// Log out: the old cookie no longer opens anything.
	stolen := c.http.Jar.Cookies(mustURL(en.srv.URL))
	wantRedirect(t, c.submit("/logout", nil), "/")
	if r := c.get("/account"); r.status != http.StatusSeeOther {
		t.Fatalf("after log-out: %d", r.status)
	}
	replay := en.client()
	replay.http.Jar.SetCookies(mustURL(en.srv.URL), stolen)
	r = replay.get("/account")
	wantRedirect(t, r, "/login?next=%2Faccount")

	// Log in again, and go where the log-in page was asked for.
	r = c.submit("/login", url.Values{"name": {"hana"}, "password": {"hana's password"}, "next": {"/account"}})
	wantRedirect(t, r, "/account")
	if r := c.get("/account"); r.status != http.StatusOK {
		t.Fatalf("after log-in: %d", r.status)
	}
}

func TestLogInRenewsSessionID(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("sora", models.RoleUser)
	c := en.login("sora")
	first := c.http.Jar.Cookies(mustURL(en.srv.URL))
	before := cookieValue(c, en, "talksafe_session")
	wantRedirect(t, c.submit("/login", url.Values{"name": {"sora"}, "password": {"password for sora"}}), "/")
	after := cookieValue(c, en, "talksafe_session")
	if after == "" || after == before {
		t.Fatalf("session cookie not renewed at log-in: %q -> %q", before, after)
	}
	old := en.client()
	old.http.Jar.SetCookies(mustURL(en.srv.URL), first)
	if r := old.get("/account"); r.status != http.StatusSeeOther {
		t.Fatalf("the session from before the log-in still works: %d", r.status)
	}
}

func TestLogInErrors(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("yuna", models.RoleUser)
	c := en.client()
	wrongPassword := c.submit("/login", url.Values{"name": {"yuna"}, "password": {"not the password"}})
	wrongName := c.submit("/login", url.Values{"name": {"yunaa"}, "password": {"password for yuna"}})
	wantStatus(t, wrongPassword, http.StatusUnprocessableEntity)
	wantStatus(t, wrongName, http.StatusUnprocessableEntity)
	a := wrongPassword.doc.Find(`[data-testid="form-error"]`).Text()
	b := wrongName.doc.Find(`[data-testid="form-error"]`).Text()
	if a == "" || a != b {
		t.Fatalf("messages differ or are empty: %q / %q", a, b)
	}
	if v, _ := wrongName.doc.Find(`input[name="name"]`).Attr("value"); v != "yunaa" {
		t.Errorf("name not kept: %q", v)
	}
	if v, ok := wrongName.doc.Find(`input[name="password"]`).Attr("value"); ok && v != "" {
		t.Errorf("password echoed back: %q", v)
	}
	if r := c.submit("/login", url.Values{"name": {"yuna"}, "password": {"password for yuna"}, "next": {"//evil.example/x"}}); r.header.Get("Location") != "/" {
		t.Errorf("open redirect: Location %q", r.header.Get("Location"))
	}
}

func TestLogInLockout(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("mira", models.RoleUser)
	c := en.client()
	for i := range models.NameLoginPolicy.Free + 1 {
		wantStatus(t, c.submit("/login", url.Values{"name": {"mira"}, "password": {"guess number " + string(rune('a'+i))}}),
			http.StatusUnprocessableEntity)
	}
	// Slowed: the right password right away is refused.
	r := c.submit("/login", url.Values{"name": {"mira"}, "password": {"password for mira"}})
	wantStatus(t, r, http.StatusTooManyRequests)
	if msg := r.doc.Find(`[data-testid="form-error"]`).Text(); !strings.Contains(msg, "Too many failed log-ins") {
		t.Fatalf("message %q", msg)
	}
	// Locked: at the policy's limit, refused for a quarter of an hour.
	if err := en.db.Exec("UPDATE login_throttles SET failures = ?, last_failure_at = now() - interval '30 seconds' WHERE key = 'user:mira'",
		models.NameLoginPolicy.Lock).Error; err != nil {
		t.Fatal(err)
	}
	r = c.submit("/login", url.Values{"name": {"mira"}, "password": {"password for mira"}})
	wantStatus(t, r, http.StatusTooManyRequests)
	if msg := r.doc.Find(`[data-testid="form-error"]`).Text(); !strings.Contains(msg, "15 minutes") {
		t.Fatalf("message %q", msg)
	}
	// Another account from the same address is not locked by mira's lock.
	en.user("other.one", models.RoleUser)
	en.login("other.one")
}

func TestSignUpErrors(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("taken", models.RoleUser)
	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"ErrNameTaken", url.Values{"name": {"Taken"}, "password": {"a fine password"}, "confirm": {"a fine password"}}, "name"},
		{"ErrNameInvalid", url.Values{"name": {"no spaces allowed"}, "password": {"a fine password"}, "confirm": {"a fine password"}}, "name"},
		{"ErrNameEmpty", url.Values{"name": {""}, "password": {"a fine password"}, "confirm": {"a fine password"}}, "name"},
		{"ErrPasswordShort", url.Values{"name": {"newbie"}, "password": {"short"}, "confirm": {"short"}}, "password"},
		{"ErrConfirm", url.Values{"name": {"newbie"}, "password": {"a fine password"}, "confirm": {"a fine passw0rd"}}, "confirm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := en.client().submit("/signup", tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if r.doc.Find(`[data-testid="error-`+tt.field+`"]`).Text() == "" {
				t.Fatalf("no error beside %s:\n%s", tt.field, r.body)
			}
			if v, _ := r.doc.Find(`input[name="name"]`).Attr("value"); v != tt.form.Get("name") {
				t.Errorf("name not kept: %q", v)
			}
		})
	}
	var n int64
	en.db.Raw("SELECT count(*) FROM users").Scan(&n)
	if n != 1 {
		t.Errorf("%d users after the failed sign-ups, want 1", n)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("jiho", models.RoleUser)
	phone := en.login("jiho")
	laptop := en.login("jiho")

	r := laptop.submit("/account/password", url.Values{"current": {"wrong"}, "password": {"new password!"}, "confirm": {"new password!"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc.Find(`[data-testid="error-current"]`).Text() == "" {
		t.Fatalf("no error beside current:\n%s", r.body)
	}
	r = laptop.submit("/account/password", url.Values{"current": {"password for jiho"}, "password": {"new password!"}, "confirm": {"new password!"}})
	wantRedirect(t, r, "/account")
	if r := laptop.get("/account"); r.status != http.StatusOK || !strings.Contains(r.text(), "Your password is changed") {
		t.Fatalf("laptop after the change: %d", r.status)
	}
	if r := phone.get("/account"); r.status != http.StatusSeeOther {
		t.Fatalf("the other session still works: %d", r.status)
	}
	wantRedirect(t, en.client().submit("/login", url.Values{"name": {"jiho"}, "password": {"new password!"}}), "/")
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("eunji", models.RoleUser)
	c := en.client()
	token := c.csrf()
	form := url.Values{"name": {"eunji"}, "password": {"password for eunji"}}
	t.Run("ErrMissing", func(t *testing.T) {
		wantStatus(t, c.post("/login", form), http.StatusForbidden)
	})
	t.Run("ErrWrong", func(t *testing.T) {
		f := url.Values{"_csrf": {token + "x"}}
		for k, v := range form {
			f[k] = v
		}
		wantStatus(t, c.post("/login", f), http.StatusForbidden)
	})
	t.Run("ErrOtherBrowser", func(t *testing.T) {
		f := url.Values{"_csrf": {token}}
		for k, v := range form {
			f[k] = v
		}
		wantStatus(t, en.client().post("/login", f), http.StatusForbidden)
	})
	t.Run("ErrCrossSite", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, en.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		wantStatus(t, c.do(req), http.StatusForbidden)
	})
	t.Run("OKHeader", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, en.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-CSRF-Token", token)
		wantRedirect(t, c.do(req), "/")
	})
	t.Run("ErrLoggedInPost", func(t *testing.T) {
		r := c.post("/logout", url.Values{})
		wantStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.text(), "Reload the page") {
			t.Errorf("403 page does not say what to do: %s", r.text())
		}
		if r := c.get("/account"); r.status != http.StatusOK {
			t.Fatal("a forged log-out logged out")
		}
	})
}

func TestStaffAccounts(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	c := en.login("boss")
	r := c.submit("/admin/staff", url.Values{"name": {"minji"}, "display_name": {"Minji"}, "role": {"moderator"},
		"password": {"first password"}, "confirm": {"first password"}})
	wantRedirect(t, r, "/admin/staff")
	page := c.get("/admin/staff")
	if !strings.Contains(page.doc.Find(`[data-testid="staff"]`).Text(), "minji") {
		t.Fatalf("new moderator not listed:\n%s", page.body)
	}
	wantRedirect(t, en.client().submit("/login", url.Values{"name": {"minji"}, "password": {"first password"}}), "/account") // to set her own
	audit := c.get("/admin/audit")
	if row := audit.doc.Find(`[data-testid="audit"] tbody tr`).First().Text(); !strings.Contains(row, "staff.create") || !strings.Contains(row, "boss") {
		t.Fatalf("audit row %q", row)
	}
	t.Run("ErrRole", func(t *testing.T) {
		r := c.submit("/admin/staff", url.Values{"name": {"plainuser"}, "role": {"user"}, "password": {"first password"}, "confirm": {"first password"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="error-role"]`).Text() == "" {
			t.Fatalf("no error beside role:\n%s", r.body)
		}
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		r := c.submit("/admin/staff", url.Values{"name": {"minji"}, "role": {"support"}, "password": {"first password"}, "confirm": {"first password"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="error-name"]`).Text() == "" {
			t.Fatalf("no error beside name:\n%s", r.body)
		}
		if v, _ := r.doc.Find(`form[action="/admin/staff"] select[name="role"] option[selected]`).Attr("value"); v != "support" {
			t.Errorf("role not kept: %q", v)
		}
	})
}

func cookieValue(c *client, en *env, name string) string {
	for _, ck := range c.http.Jar.Cookies(mustURL(en.srv.URL)) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// A session in use stays alive; one left unused past its expiry ends.
func TestSessionExpiry(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("nari", models.RoleUser)
	c := en.login("nari")
	// Used a day and a half ago, two days before it would expire: this visit extends it.
	en.db.Exec("UPDATE sessions SET updated_at = now() - interval '36 hours', expires_at = now() + interval '2 days'")
	wantStatus(t, c.get("/account"), http.StatusOK)
	var days float64
	en.db.Raw("SELECT extract(epoch FROM expires_at - now()) / 86400 FROM sessions").Scan(&days)
	if days < 13.9 {
		t.Fatalf("the session expires in %.1f days after use, want 14", days)
	}
	// Unused past its expiry: logged out.
	en.db.Exec("UPDATE sessions SET expires_at = now() - interval '1 second'")
	if r := c.get("/account"); r.status != http.StatusSeeOther {
		t.Fatalf("an expired session still works: %d", r.status)
	}
}
