package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/models/testdb"
)

// link is a TCP path from the portal to PostgreSQL that a test can cut and
// mend: cut closes its listener and every connection through it, as a
// database server that went away would (the pool's connections break, new
// ones are refused); mend listens again on the same address.
type link struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func newLink(t *testing.T, target string) *link {
	t.Helper()
	l := &link{t: t, target: target, conns: map[net.Conn]bool{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l.addr = ln.Addr().String()
	l.serve(ln)
	t.Cleanup(l.cut)
	return l
}

func (l *link) serve(ln net.Listener) {
	l.mu.Lock()
	l.ln = ln
	l.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", l.target)
			if err != nil {
				in.Close()
				continue
			}
			l.mu.Lock()
			if l.ln != ln { // cut meanwhile
				l.mu.Unlock()
				in.Close()
				out.Close()
				return
			}
			l.conns[in], l.conns[out] = true, true
			l.mu.Unlock()
			go func() { _, _ = io.Copy(out, in); out.Close() }()
			go func() { _, _ = io.Copy(in, out); in.Close() }()
		}
	}()
}

func (l *link) cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ln != nil {
		l.ln.Close()
		l.ln = nil
	}
	for c := range l.conns {
		c.Close()
	}
	clear(l.conns)
}

func (l *link) mend() {
	l.t.Helper()
	ln, err := net.Listen("tcp", l.addr)
	if err != nil {
		l.t.Fatal(err)
	}
	l.serve(ln)
}

// newEnvThroughLink is newEnv with the portal's connection to PostgreSQL
// going through a link the test can cut.
func newEnvThroughLink(t *testing.T) (*env, *link) {
	t.Helper()
	owner, _ := testdb.NewServing(t)
	var name string
	if err := owner.Raw("SELECT current_database()").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(testdb.ServingURLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	l := newLink(t, u.Host)
	u.Host = l.addr
	q := u.Query()
	q.Set("connect_timeout", "5")
	u.RawQuery = q.Encode()
	serving, err := models.Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { models.Close(serving) })
	logs := &logBuffer{}
	e := handlers.New(serving, slog.New(slog.NewTextHandler(logs, nil)), handlers.Config{SessionSecret: []byte(testSecret)})
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &env{t: t, db: owner, app: serving, e: e, srv: srv, logs: logs}, l
}

// TestDatabaseOutage: while PostgreSQL cannot be reached, pages answer 503
// with Retry-After and a page in the reader's language that says to try
// again, not 500; /readyz says 503; when it is back, the same session
// works again. A database error that is no outage stays a 500.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	en, l := newEnvThroughLink(t)
	mina := en.user("mina", models.RoleUser)
	en.user("jun", models.RoleUser)
	room, err := models.StartChat(context.Background(), en.db, mina.ID, "jun", "")
	if err != nil {
		t.Fatal(err)
	}
	c := en.login("mina")
	token := c.csrf()
	wantStatus(t, c.get("/chats"), http.StatusOK)

	send := func() *response {
		req, _ := http.NewRequest(http.MethodPost, en.srv.URL+"/chats/"+strconv.FormatInt(room, 10)+"/messages",
			strings.NewReader(url.Values{"body": {"hello"}, "_csrf": {token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return c.do(req)
	}
	wantUnavailable := func(t *testing.T, r *response, words string) {
		t.Helper()
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") != "5" {
			t.Fatalf("status %d, Retry-After %q; want 503 with Retry-After 5\n%s", r.status, r.header.Get("Retry-After"), r.body)
		}
		if !strings.Contains(r.text(), words) {
			t.Fatalf("the page does not say %q:\n%s", words, r.text())
		}
	}

	l.cut()
	t.Run("outage", func(t *testing.T) {
		wantUnavailable(t, c.get("/chats"), "briefly unavailable")
		wantUnavailable(t, c.getIn("/chats", "ko-KR,ko;q=0.9"), "잠시")
		wantUnavailable(t, send(), "try again")
		// No session: logging in needs the database too.
		wantUnavailable(t, en.client().submit("/login", url.Values{"name": {"mina"}, "password": {"password for mina"}}), "briefly unavailable")
		r := c.get("/readyz")
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
			t.Errorf("/readyz: %d, Retry-After %q; want 503 with Retry-After", r.status, r.header.Get("Retry-After"))
		}
		wantStatus(t, c.get("/healthz"), http.StatusOK)
		if strings.Contains(en.logs.String(), "level=ERROR") {
			t.Errorf("an outage is logged as a warning, not as an internal error:\n%s", en.logs.String())
		}
	})

	l.mend()
	t.Run("back", func(t *testing.T) {
		wantStatus(t, c.get("/readyz"), http.StatusOK)
		wantStatus(t, c.get("/chats"), http.StatusOK) // the same session
		wantRedirect(t, send(), "/chats/"+strconv.FormatInt(room, 10)+"#send")
	})

	t.Run("not an outage", func(t *testing.T) {
		// The serving role may no longer read chats: a fault of ours that
		// waiting does not mend, so a 500 without Retry-After.
		if err := en.db.Exec("REVOKE SELECT ON chat_members FROM " + models.DefaultServingRole).Error; err != nil {
			t.Fatal(err)
		}
		r := c.get("/chats")
		if r.status != http.StatusInternalServerError || r.header.Get("Retry-After") != "" {
			t.Fatalf("status %d, Retry-After %q; want 500 without Retry-After\n%s", r.status, r.header.Get("Retry-After"), r.body)
		}
	})
}
