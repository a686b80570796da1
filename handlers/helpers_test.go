package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/models/blob"
	"talksafe/models/testdb"
)

// env is one test's portal: its own database, the real router behind a
// real HTTP server. The router connects as the serving role, as in
// production; db is the schema owner's connection, for setting up data.
type env struct {
	t    testing.TB
	db   *gorm.DB // the schema owner's connection, for setting up data
	app  *gorm.DB // the router's, as the serving role
	e    *echo.Echo
	srv  *httptest.Server
	logs *logBuffer
	// blobs is the router's picture store (a folder of the test's own,
	// unless the test gave one).
	blobs blob.Store
}

const testSecret = "test-session-secret-0123456789abcdef"

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvConfig(t, handlers.Config{SessionSecret: []byte(testSecret)})
}

func newEnvConfig(t testing.TB, cfg handlers.Config) *env {
	t.Helper()
	db, serving := testdb.NewServing(t)
	if cfg.Blobs == nil {
		blobs, err := blob.OpenDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Blobs = blobs
	}
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	e := handlers.New(serving, log, cfg)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, app: serving, e: e, srv: srv, logs: logs, blobs: cfg.Blobs}
}

// user creates an account with role and the password "password for NAME".
func (en *env) user(name string, role models.Role) *models.User {
	en.t.Helper()
	pw := "password for " + name
	in := models.SignUp{Name: name, Password: pw, Confirm: pw}
	var u *models.User
	var err error
	if role.IsStaff() {
		u, err = models.CreateStaffFromCommandLine(context.Background(), en.db, models.StaffSignUp{SignUp: in, Role: role})
	} else {
		u, err = models.CreateUser(context.Background(), en.db, in)
	}
	if err != nil {
		en.t.Fatal(err)
	}
	return u
}

// client is a browser: a cookie jar, redirects not followed.
type client struct {
	en   *env
	http *http.Client

	mu         sync.Mutex
	token      string // the CSRF token last read from a page
	tokenOfJar string // the CSRF cookie the jar held when it was read
}

func (en *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{en: en, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// login logs a new client in as name (made by env.user).
func (en *env) login(name string) *client {
	en.t.Helper()
	c := en.client()
	r := c.submit("/login", url.Values{"name": {name}, "password": {"password for " + name}})
	if r.status != http.StatusSeeOther {
		en.t.Fatalf("log in as %s: status %d\n%s\nserver log:\n%s", name, r.status, r.doc.Find("main").Text(), en.logs.String())
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

// text is the page's visible text with white space folded.
func (r *response) text() string { return strings.Join(strings.Fields(r.doc.Text()), " ") }

func (c *client) do(req *http.Request) *response {
	c.en.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.en.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	return &response{status: res.StatusCode, header: res.Header, body: string(b), doc: doc}
}

func (c *client) get(path string) *response {
	c.en.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.en.srv.URL+path, nil)
	return c.do(req)
}

// post sends form as is: no token is added.
func (c *client) post(path string, form url.Values) *response {
	c.en.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.en.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// csrf reads the CSRF token from a page's form, as a browser would send it.
// The token read last is kept until the jar's CSRF cookie changes (the
// server gives a new one at log-in and log-out): a page read for nothing
// but its token is a request the tests need not make.
func (c *client) csrf() string {
	c.en.t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.csrfCookie() == c.tokenOfJar {
		return c.token
	}
	r := c.get("/login")
	if r.status == http.StatusSeeOther { // logged in: any page has the token
		r = c.get("/account")
	}
	token, ok := r.doc.Find(`input[name="_csrf"]`).First().Attr("value")
	if !ok || token == "" {
		c.en.t.Fatalf("no CSRF token in the page:\n%s", r.body)
	}
	c.token, c.tokenOfJar = token, c.csrfCookie()
	return token
}

// csrfCookie is the CSRF cookie in the jar, "" if there is none.
func (c *client) csrfCookie() string {
	u, _ := url.Parse(c.en.srv.URL)
	for _, k := range c.http.Jar.Cookies(u) {
		if k.Name == "talksafe_csrf" {
			return k.Value
		}
	}
	return ""
}

// submit posts form with the CSRF token read from a page.
func (c *client) submit(path string, form url.Values) *response {
	c.en.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", c.csrf())
	return c.post(path, form)
}

func wantStatus(t *testing.T, r *response, want int) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d\n%s", r.status, want, r.body)
	}
}

func wantRedirect(t *testing.T, r *response, to string) {
	t.Helper()
	if r.status != http.StatusSeeOther || r.header.Get("Location") != to {
		t.Fatalf("status %d to %q, want 303 to %q\n%s", r.status, r.header.Get("Location"), to, r.body)
	}
}

// logBuffer collects the server's log lines for assertions.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (en *env) userID(name string) int64 {
	en.t.Helper()
	u, err := models.UserByName(context.Background(), en.db, name)
	if err != nil {
		en.t.Fatal(err)
	}
	return u.ID
}

// startChat opens c's room with the user named name from the Chats page and
// returns the room's URL and id.
func (c *client) startChat(name string) (string, int64) {
	c.en.t.Helper()
	r := c.submit("/chats", url.Values{"name": {name}})
	var id int64
	if _, err := fmt.Sscanf(r.header.Get("Location"), "/chats/%d", &id); err != nil || r.status != http.StatusSeeOther {
		c.en.t.Fatalf("start a chat with %s: %d %q", name, r.status, r.header.Get("Location"))
	}
	return r.header.Get("Location"), id
}

// exec runs sql on the test database and stops the test if it fails.
func (en *env) exec(sql string, args ...any) {
	en.t.Helper()
	if err := en.db.Exec(sql, args...).Error; err != nil {
		en.t.Fatalf("%s: %v", sql, err)
	}
}
