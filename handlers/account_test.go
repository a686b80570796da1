package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
)

// accountOf reads the language, time zone and first-password mark of the
// account named name.
func (en *env) accountOf(name string) (lang, zone string, mustChange bool) {
	en.t.Helper()
	u, err := models.UserByName(context.Background(), en.db, name)
	if err != nil {
		en.t.Fatal(err)
	}
	return u.Language, u.TimeZone, u.MustChangePassword
}

// selected is the value and label of the chosen option of the select name.
func selected(r *response, name string) (value, label string) {
	o := r.doc.Find(`select[name="` + name + `"] option[selected]`)
	return o.AttrOr("value", ""), strings.TrimSpace(o.Text())
}

func flashText(r *response) string {
	return strings.TrimSpace(r.doc.Find(`[data-testid="flash"]`).Text())
}

// Every account, staff included, has an Account page, reached from the
// navigation: its language and time zone are saved and every page after
// speaks that language; a bad choice is refused beside its field and
// nothing changes. A user's Settings leads there and keeps the rest.
func TestAccountPreferences(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	start := map[models.Role]string{models.RoleUser: "/friends", models.RoleModerator: "/mod",
		models.RoleSupport: "/support", models.RoleAdmin: "/admin/staff"}
	for _, role := range []models.Role{models.RoleUser, models.RoleModerator, models.RoleSupport, models.RoleAdmin} {
		t.Run(string(role), func(t *testing.T) {
			t.Parallel()
			name := "acct." + string(role)
			en.user(name, role)
			c := en.login(name)
			home := c.get("/")
			if href := home.doc.Find(`[data-testid="nav-account"]`).AttrOr("href", ""); href != "/account" {
				t.Fatalf("the navigation's account link: %q", href)
			}
			page := c.get("/account")
			wantStatus(t, page, http.StatusOK)
			if v, l := selected(page, "time_zone"); v != "Asia/Seoul" || l != "Seoul (Asia/Seoul)" {
				t.Errorf("time zone shown: %q %q", v, l)
			}
			if v, _ := selected(page, "language"); v != "en" {
				t.Errorf("language shown: %q", v)
			}

			wantRedirect(t, c.submit("/account", url.Values{"time_zone": {"Europe/Berlin"}, "language": {"ko"}}), "/account")
			if lang, zone, _ := en.accountOf(name); lang != "ko" || zone != "Europe/Berlin" {
				t.Fatalf("saved %s %s", lang, zone)
			}
			after := c.getIn("/account", "en-US,en")
			if after.doc.Find("html").AttrOr("lang", "") != "ko" || after.doc.Find("h1").Text() != "계정" || flashText(after) != "설정이 저장되었습니다." {
				t.Errorf("after saving Korean: lang %q, h1 %q, flash %q", after.doc.Find("html").AttrOr("lang", ""), after.doc.Find("h1").Text(), flashText(after))
			}
			if _, l := selected(after, "time_zone"); l != "베를린 (Europe/Berlin)" {
				t.Errorf("time zone in Korean: %q", l)
			}
			if r := c.getIn(start[role], "en-US,en"); r.status != http.StatusOK || r.doc.Find("html").AttrOr("lang", "") != "ko" {
				t.Errorf("%s after choosing Korean: %d, lang %q", start[role], r.status, r.doc.Find("html").AttrOr("lang", ""))
			}

			bad := c.submit("/account", url.Values{"time_zone": {"Mars/Olympus"}, "language": {"fr"}})
			wantStatus(t, bad, http.StatusUnprocessableEntity)
			if got := bad.doc.Find(`[data-testid="error-time_zone"]`).Text(); !strings.HasPrefix(got, "목록에서 시간대를 선택하세요.") {
				t.Errorf("beside the time zone: %q", got)
			}
			if got := bad.doc.Find(`[data-testid="error-language"]`).Text(); got != "English 또는 한국어를 선택하세요." {
				t.Errorf("beside the language: %q", got)
			}
			if lang, zone, _ := en.accountOf(name); lang != "ko" || zone != "Europe/Berlin" {
				t.Fatalf("a refused change saved %s %s", lang, zone)
			}
		})
	}
	t.Run("Settings", func(t *testing.T) {
		t.Parallel()
		en.user("sumi", models.RoleUser)
		c := en.login("sumi")
		s := c.get("/settings")
		wantStatus(t, s, http.StatusOK)
		if s.doc.Find(`main a[href="/account"]`).Length() != 1 || s.doc.Find(`select[name="time_zone"]`).Length() != 0 {
			t.Errorf("Settings should lead to the Account page:\n%s", s.text())
		}
		for _, p := range []string{"/settings/friends/hidden", "/settings/exports"} {
			if s.doc.Find(`main a[href="`+p+`"]`).Length() != 1 {
				t.Errorf("Settings lost its link to %s", p)
			}
		}
		if r := c.submit("/settings", url.Values{"time_zone": {"UTC"}, "language": {"ko"}}); r.status != http.StatusNotFound {
			t.Errorf("a post to Settings: %d", r.status)
		}
		if lang, zone, _ := en.accountOf("sumi"); lang != "en" || zone != "Asia/Seoul" {
			t.Errorf("a post to Settings saved %s %s", lang, zone)
		}
		en.user("sumi.mod", models.RoleModerator)
		wantStatus(t, en.login("sumi.mod").get("/settings"), http.StatusForbidden)
	})
}

// The password form is on the Account page: where it was leads there, and
// a refused change shows the page again with the error beside the field and
// the account's language and time zone as they are.
func TestAccountPassword(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("dami", models.RoleSupport)
	c := en.login("dami")
	wantRedirect(t, c.get("/account/password"), "/account#password")
	r := c.submit("/account/password", url.Values{"current": {"wrong"}, "password": {"dami's new password"}, "confirm": {"dami's new password"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc.Find(`[data-testid="account-password"] [data-testid="error-current"]`).Text() == "" {
		t.Fatalf("no error beside the current password:\n%s", r.text())
	}
	if v, _ := selected(r, "time_zone"); v != "Asia/Seoul" {
		t.Errorf("the language and time zone form lost its values: %q", v)
	}
	wantRedirect(t, c.submit("/account/password", url.Values{"current": {"password for dami"},
		"password": {"dami's new password"}, "confirm": {"dami's new password"}}), "/account")
}

// A new account speaks the language its sign-up page was shown in: the
// form says which; a form without it (or with a language not offered)
// takes the language the request would be shown in. A Korean visitor is
// welcomed in Korean.
func TestSignUpKeepsLanguage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	signUp := func(c *client, name string, extra url.Values) *response {
		t.Helper()
		form := url.Values{"name": {name}, "display_name": {"김지우"}, "password": {"a long password"}, "confirm": {"a long password"}}
		for k, v := range extra {
			form[k] = v
		}
		r := c.submit("/signup", form)
		wantRedirect(t, r, "/")
		return r
	}

	korean := en.client()
	form := korean.getIn("/signup", "ko-KR,ko;q=0.9")
	lang := form.doc.Find(`form[action="/signup"] input[name="language"]`).AttrOr("value", "")
	if lang != "ko" {
		t.Fatalf("the Korean sign-up form's language: %q", lang)
	}
	signUp(korean, "jiwoo", url.Values{"language": {lang}})
	if l, _, must := en.accountOf("jiwoo"); l != "ko" || must {
		t.Fatalf("a Korean sign-up saved language %q (must change password: %v)", l, must)
	}
	home := korean.getIn("/", "en-US,en")
	if home.doc.Find("html").AttrOr("lang", "") != "ko" || flashText(home) != "김지우 님, 환영합니다. talksafe 계정이 준비되었습니다." {
		t.Errorf("the welcome: lang %q, flash %q", home.doc.Find("html").AttrOr("lang", ""), flashText(home))
	}

	footer := en.client() // chose Korean in the footer; the form sent no language
	wantRedirect(t, footer.submit("/language", url.Values{"lang": {"ko"}, "next": {"/signup"}}), "/signup")
	signUp(footer, "minho", nil)
	if l, _, _ := en.accountOf("minho"); l != "ko" {
		t.Errorf("a sign-up after choosing Korean in the footer saved %q", l)
	}

	english := en.client()
	signUp(english, "olly", url.Values{"language": {"fr"}})
	if l, _, _ := en.accountOf("olly"); l != "en" {
		t.Errorf("a sign-up with a language not offered saved %q", l)
	}
	if got := flashText(english.get("/")); got != "Welcome to talksafe, 김지우. Your account is ready." {
		t.Errorf("the English welcome: %q", got)
	}
}

// The footer's language switch works logged in, for users and staff: it
// saves the account's language, which every page then speaks whatever the
// browser asks, and the choice stays with the browser after logging out.
func TestLanguageSwitchLoggedIn(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, who := range []struct {
		name string
		role models.Role
	}{{"hana", models.RoleUser}, {"han.mod", models.RoleModerator}} {
		t.Run(who.name, func(t *testing.T) {
			t.Parallel()
			en.user(who.name, who.role)
			c := en.login(who.name)
			page := c.getIn("/account", "en-US")
			sw := page.doc.Find(`footer form[action="/language"]`)
			if sw.Find(`input[name="lang"]`).AttrOr("value", "") != "ko" || sw.Find("button").Text() != "한국어" {
				t.Fatalf("no switch to Korean in the footer of a logged-in page:\n%s", page.body)
			}
			wantRedirect(t, c.submit("/language", url.Values{"lang": {"ko"}, "next": {"/account"}}), "/account")
			if l, _, _ := en.accountOf(who.name); l != "ko" {
				t.Fatalf("the switch saved %q", l)
			}
			r := c.getIn("/", "en-US")
			if r.doc.Find("html").AttrOr("lang", "") != "ko" || r.doc.Find(`footer form[action="/language"] button`).Text() != "English" {
				t.Errorf("after switching: lang %q", r.doc.Find("html").AttrOr("lang", ""))
			}
			wantRedirect(t, c.submit("/logout", nil), "/")
			if r := c.getIn("/login", "en-US"); r.doc.Find("html").AttrOr("lang", "") != "ko" {
				t.Errorf("logged out, the browser's choice is gone")
			}
			// Logged in elsewhere, the account's language comes first.
			other := en.login(who.name)
			if r := other.getIn("/", "en-US"); r.doc.Find("html").AttrOr("lang", "") != "ko" {
				t.Errorf("another browser: lang %q", r.doc.Find("html").AttrOr("lang", ""))
			}
			wantRedirect(t, other.submit("/language", url.Values{"lang": {"en"}, "next": {"/"}}), "/")
			if l, _, _ := en.accountOf(who.name); l != "en" {
				t.Errorf("switching back saved %q", l)
			}
		})
	}
}

// A staff member whose account speaks Korean logs in to Korean pages and a
// Korean welcome, whatever the browser or the footer chose before.
func TestStaffLogInInKorean(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("mod.ko", models.RoleModerator)
	en.db.Exec("UPDATE users SET language = 'ko', display_name = '김지우' WHERE name = 'mod.ko'")
	c := en.client()
	wantRedirect(t, c.submit("/language", url.Values{"lang": {"en"}, "next": {"/login"}}), "/login")
	r := c.submit("/login", url.Values{"name": {"mod.ko"}, "password": {"password for mod.ko"}, "next": {"/mod"}})
	wantRedirect(t, r, "/mod")
	page := c.getIn("/mod", "en-US")
	if page.doc.Find("html").AttrOr("lang", "") != "ko" || flashText(page) != "김지우 님, 다시 오신 것을 환영합니다." {
		t.Fatalf("lang %q, flash %q", page.doc.Find("html").AttrOr("lang", ""), flashText(page))
	}
}

// An admin adds a staff account with its language; the account must set a
// password of its own at its first log-in: until then every page and form
// but the password form, logging out and the language switch leads to the
// Account page, which shows the password form alone. Setting it lifts that.
func TestStaffFirstPassword(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	admin := en.login("boss")
	if admin.get("/admin/staff").status != http.StatusOK {
		t.Fatal("an admin made on the command line must not be held at the password form")
	}
	add := url.Values{"name": {"minji"}, "display_name": {"Minji"}, "role": {"moderator"}, "language": {"fr"},
		"password": {"first password"}, "confirm": {"first password"}}
	r := admin.submit("/admin/staff", add)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc.Find(`[data-testid="error-language"]`).Text() != "Choose English or Korean." {
		t.Fatalf("a language not offered:\n%s", r.text())
	}
	add.Set("language", "ko")
	wantRedirect(t, admin.submit("/admin/staff", add), "/admin/staff")
	if lang, _, must := en.accountOf("minji"); lang != "ko" || !must {
		t.Fatalf("saved language %q, must change password %v", lang, must)
	}
	row := admin.get("/admin/staff").doc.Find(`[data-testid="staff-row"]:contains("minji")`)
	if row.Find(`[data-testid="staff-language"]`).Text() != "Korean" || row.Find(`[data-testid="first-password"]`).Length() != 1 {
		t.Errorf("the staff row: %q", strings.Join(strings.Fields(row.Text()), " "))
	}
	detail := admin.get("/admin/audit?action=staff.create").doc.Find(`[data-testid="audit-detail"]`).First()
	if got := strings.TrimSpace(detail.Find(`dt`).FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Text() == "Language" }).Next().Text()); got != "ko" {
		t.Errorf("the audit log's language of the new account: %q in %q", got, detail.Text())
	}

	m := en.client()
	wantRedirect(t, m.submit("/login", url.Values{"name": {"minji"}, "password": {"first password"}, "next": {"/mod"}}), "/account")
	for _, p := range []string{"/", "/mod", "/mod/appeals", "/notices", "/settings", "/policy", "/no/such/page"} {
		wantRedirect(t, m.get(p), "/account")
	}
	for _, p := range []string{"/mod/start", "/account", "/notices/read", "/mod/cases/1/claim"} {
		wantRedirect(t, m.submit(p, url.Values{"time_zone": {"UTC"}, "language": {"en"}}), "/account")
	}
	req, _ := http.NewRequest(http.MethodGet, en.srv.URL+"/mod", nil)
	req.Header.Set("HX-Request", "true")
	if r := m.do(req); r.status != http.StatusNoContent || r.header.Get("HX-Redirect") != "/account" {
		t.Errorf("htmx: %d, HX-Redirect %q", r.status, r.header.Get("HX-Redirect"))
	}
	if lang, zone, _ := en.accountOf("minji"); lang != "ko" || zone != "Asia/Seoul" {
		t.Errorf("a held form changed the account: %s %s", lang, zone)
	}

	page := m.getIn("/account", "en-US")
	wantStatus(t, page, http.StatusOK)
	if page.doc.Find("html").AttrOr("lang", "") != "ko" || page.doc.Find(`[data-testid="must-change-password"]`).Length() != 1 ||
		page.doc.Find(`[data-testid="account-prefs"]`).Length() != 0 || page.doc.Find(`label[for="f-current"]`).Text() != "초기 비밀번호 (관리자에게 받은 비밀번호)" {
		t.Fatalf("the Account page held for a new password:\n%s", page.text())
	}
	if n := page.doc.Find(`nav a[href="/mod"], nav a[href="/notices"]`).Length(); n != 0 {
		t.Errorf("the navigation offers %d pages that lead back here", n)
	}
	r = m.submit("/account/password", url.Values{"current": {"not it"}, "password": {"minji's own password"}, "confirm": {"minji's own password"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	r = m.submit("/account/password", url.Values{"current": {"first password"}, "password": {"first password"}, "confirm": {"first password"}})
	if got := r.doc.Find(`[data-testid="error-password"]`).Text(); got != "현재와 다른 비밀번호를 정하세요." {
		t.Errorf("the first password again: %q", got)
	}
	wantRedirect(t, m.get("/mod"), "/account")
	wantRedirect(t, m.submit("/language", url.Values{"lang": {"en"}, "next": {"/account"}}), "/account")
	if lang, _, _ := en.accountOf("minji"); lang != "en" {
		t.Errorf("the language switch while held saved %q", lang)
	}

	r = m.submit("/account/password", url.Values{"current": {"first password"}, "password": {"minji's own password"}, "confirm": {"minji's own password"}})
	wantRedirect(t, r, "/")
	if got := flashText(m.get("/")); got != "Your password is set. Every page is open to you now." {
		t.Errorf("flash %q", got)
	}
	wantStatus(t, m.get("/mod"), http.StatusOK)
	if _, _, must := en.accountOf("minji"); must {
		t.Fatal("still held after setting a password")
	}
	if admin.get("/admin/staff").doc.Find(`[data-testid="staff-row"]:contains("minji") [data-testid="first-password"]`).Length() != 0 {
		t.Error("the staff page still says minji has no password of her own")
	}
	wantRedirect(t, en.client().submit("/login", url.Values{"name": {"minji"}, "password": {"minji's own password"}}), "/")

	t.Run("LogOut", func(t *testing.T) {
		wantRedirect(t, admin.submit("/admin/staff", url.Values{"name": {"jun"}, "role": {"support"}, "language": {"en"},
			"password": {"first password"}, "confirm": {"first password"}}), "/admin/staff")
		j := en.client()
		wantRedirect(t, j.submit("/login", url.Values{"name": {"jun"}, "password": {"first password"}}), "/account")
		wantRedirect(t, j.submit("/logout", nil), "/")
		wantRedirect(t, j.get("/account"), "/login?next=%2Faccount")
	})
}

// Staff see the user's language beside them: on the case page, the reported
// user's; on the desk's ticket, the ticket's user's.
func TestStaffSeeUsersLanguage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	var caseID, ticket int64
	var reported, ticketUser string
	en.db.Raw("SELECT c.id, u.name FROM cases c JOIN users u ON u.id = c.reported_user_id ORDER BY c.id LIMIT 1").Row().Scan(&caseID, &reported)
	en.db.Raw("SELECT t.id, u.name FROM tickets t JOIN users u ON u.id = t.user_id ORDER BY t.id LIMIT 1").Row().Scan(&ticket, &ticketUser)
	tag := func(c *client, path string) (string, string) {
		t.Helper()
		r := c.get(path)
		wantStatus(t, r, http.StatusOK)
		s := r.doc.Find(`[data-testid="user-language"]`)
		if s.Length() != 1 {
			t.Fatalf("%s: %d language tags", path, s.Length())
		}
		return s.Text(), s.AttrOr("data-lang", "")
	}
	login := func(name string) *client {
		c := en.client()
		wantRedirect(t, c.submit("/login", url.Values{"name": {name}, "password": {models.DemoPassword}}), "/")
		return c
	}
	mod, support := login("mod"), login("support")
	casePath, deskPath := fmt.Sprintf("/mod/cases/%d", caseID), fmt.Sprintf("/support/desk/%d", ticket)
	if text, lang := tag(mod, casePath); text != "Language: English" || lang != "en" {
		t.Errorf("case page: %q %q", text, lang)
	}
	if text, _ := tag(support, deskPath); text != "Language: English" {
		t.Errorf("desk ticket: %q", text)
	}
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN (?, ?)", reported, ticketUser)
	if text, lang := tag(mod, casePath); text != "Language: Korean" || lang != "ko" {
		t.Errorf("case page of a Korean user: %q %q", text, lang)
	}
	if text, _ := tag(support, deskPath); text != "Language: Korean" {
		t.Errorf("desk ticket of a Korean user: %q", text)
	}
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('mod', 'support')")
	if text, _ := tag(mod, casePath); text != "언어: 한국어" {
		t.Errorf("case page in Korean: %q", text)
	}
	if text, _ := tag(support, deskPath); text != "언어: 한국어" {
		t.Errorf("desk ticket in Korean: %q", text)
	}
}
