package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/jobs"
	"talksafe/models/testdb"
)

func TestUnreachableDatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/talksafe?sslmode=disable&connect_timeout=2")
	err := run(context.Background(), []string{"migrate"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "cannot reach PostgreSQL at 127.0.0.1:1") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line that says what to do", err)
	}
}

func TestServeNeedsSessionSecret(t *testing.T) {
	t.Setenv("SESSION_SECRET", "")
	t.Setenv("TALKSAFE_DEV", "")
	err := run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "SESSION_SECRET") {
		t.Fatalf("err = %v", err)
	}
	t.Setenv("SESSION_SECRET", "too short")
	if err := run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "32") {
		t.Fatalf("err = %v", err)
	}
}

// TestServeNeedsBaseURL: outside dev mode the server does not start without
// BASE_URL, nor with one that is not a scheme and a host, and says so in one
// line; in dev mode it defaults to the listen address.
func TestServeNeedsBaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/talksafe?sslmode=disable&connect_timeout=2") // never reached
	t.Setenv("SESSION_SECRET", strings.Repeat("s", 40))
	t.Setenv("TALKSAFE_DEV", "")
	t.Setenv("BASE_URL", "")
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "BASE_URL is not set") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line about BASE_URL", err)
	}
	for _, bad := range []string{"talksafe.example", "ftp://talksafe.example", "https://", "https://talksafe.example/verify?x=1", "https://talksafe.example/app"} {
		t.Setenv("BASE_URL", bad)
		if err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "BASE_URL") {
			t.Errorf("BASE_URL=%s: err = %v", bad, err)
		}
	}
	for _, tc := range []struct {
		base, addr, dev, want string
	}{
		{"https://talksafe.example/", "localhost:8080", "", "https://talksafe.example"},
		{"", "localhost:8080", "1", "http://localhost:8080"},
		{"", "0.0.0.0:9000", "1", "http://localhost:9000"},
		{"", ":9001", "1", "http://localhost:9001"},
		{"http://10.0.0.5:8080", ":8080", "1", "http://10.0.0.5:8080"},
	} {
		t.Setenv("BASE_URL", tc.base)
		t.Setenv("TALKSAFE_DEV", tc.dev)
		var c config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		c.flags(fs)
		c.serveFlags(fs)
		if err := fs.Parse([]string{"--addr", tc.addr}); err != nil {
			t.Fatal(err)
		}
		if got, err := c.siteURL(); err != nil || got != tc.want {
			t.Errorf("BASE_URL=%q --addr %s dev=%q: %q, %v; want %q", tc.base, tc.addr, tc.dev, got, err, tc.want)
		}
	}
}

// TestSeedAndUserCreate runs seed and user create with two roles, as in
// production: the migrations as the owner, the rest as the serving role,
// which the migrate step grants its rows and nothing more.
func TestSeedAndUserCreate(t *testing.T) {
	testdb.New(t) // sets up the template and the fast test password hashing
	name := testdb.Create(t, "")
	t.Setenv("MIGRATE_DATABASE_URL", testdb.URLFor(name))
	t.Setenv("DATABASE_URL", testdb.ServingURLFor(name))
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Demo world created.") || !strings.Contains(out.String(), "talksafe-demo") {
		t.Errorf("seed output:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "--demo"}, strings.NewReader(""), &out); err != nil || !strings.Contains(out.String(), "already present") {
		t.Fatalf("second seed: %v\n%s", err, out.String())
	}

	out.Reset()
	err := run(ctx, []string{"user", "create", "--role=support", "--name=Haneul2"}, strings.NewReader("a support password\n"), &out)
	if err != nil || !strings.Contains(out.String(), `Created support account "haneul2"`) {
		t.Fatalf("user create: %v\n%s", err, out.String())
	}
	db, err := models.Open(ctx, testdb.URLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	if _, err := models.Authenticate(ctx, db, "haneul2", "a support password", "192.0.2.7"); err != nil {
		t.Fatalf("log in as the new account: %v", err)
	}
	serving, err := models.Open(ctx, testdb.ServingURLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(serving)
	if err := models.CheckServingPrivileges(ctx, serving); err != nil {
		t.Errorf("after migrate: %v", err)
	}
	var audited int64
	if err := db.Raw(`SELECT count(*) FROM audit_events WHERE action = 'staff.create' AND actor_id IS NULL
		AND detail->>'name' = 'haneul2' AND detail->>'via' = 'command line'`).Scan(&audited).Error; err != nil || audited != 1 {
		t.Fatalf("staff.create events from the command line: %d, %v", audited, err)
	}
	err = run(ctx, []string{"user", "create", "--role=chief", "--name=x"}, strings.NewReader("a support password\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "--name") || !strings.Contains(err.Error(), "--role") {
		t.Fatalf("bad input: %v", err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while serve writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServeAndShutDown(t *testing.T) {
	testdb.New(t)
	name := testdb.Create(t, "")
	t.Setenv("DATABASE_URL", testdb.URLFor(name))
	t.Setenv("SESSION_SECRET", strings.Repeat("s", 40))
	t.Setenv("TALKSAFE_DEV", "")
	t.Setenv("BASE_URL", "https://talksafe.example")
	t.Setenv("METRICS_ADDR", "127.0.0.1:0")
	ctx, stop := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), out) }()
	re := regexp.MustCompile(`serving on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(15 * time.Second); base == ""; {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", out.String())
		} else if len(done) > 0 {
			t.Fatalf("serve ended: %v\n%s", <-done, out.String())
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	for _, path := range []string{"/healthz", "/readyz", "/login"} {
		res, err := http.Get(base + path)
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %v %v", path, res, err)
		}
		res.Body.Close()
	}
	// The metrics are on their own address, never on the site's.
	m := regexp.MustCompile(`serves metrics on (http://\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no metrics address:\n%s", out.String())
	}
	res, err := http.Get(m[1])
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %v", m[1], res, err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `talksafe_http_requests_total{method="GET",route="/login",status="200"} 1`) {
		t.Errorf("the scrape lacks the request to /login:\n%s", body)
	}
	if res, err := http.Get(base + "/metrics"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("the site serves /metrics: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	stop() // as SIGTERM does
	if err := <-done; err != nil {
		t.Fatalf("serve ended with %v", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

// TestRetentionCommand: --dry-run prints what would go and deletes nothing;
// then the purge, as the schema's owner (MIGRATE_DATABASE_URL), deletes it,
// the audit log's classes too; as the serving role alone those are skipped.
func TestRetentionCommand(t *testing.T) {
	testdb.New(t)
	name := testdb.Create(t, "")
	t.Setenv("MIGRATE_DATABASE_URL", testdb.URLFor(name))
	t.Setenv("DATABASE_URL", testdb.ServingURLFor(name))
	ctx := context.Background()
	if err := run(ctx, []string{"migrate"}, strings.NewReader(""), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(ctx, testdb.URLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	for _, stmt := range []string{
		"INSERT INTO audit_events (action, created_at) VALUES ('case.decide', now() - interval '4 years'), ('case.decide', now())",
		"INSERT INTO audit_events (action, created_at) VALUES ('export.verify', now() - interval '2 years')",
		"INSERT INTO sessions (id_hash, data, expires_at) VALUES ('\\x01', '', now() - interval '1 day')",
	} {
		if err := db.Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	rows := func() (n int64) {
		db.Raw("SELECT (SELECT count(*) FROM audit_events WHERE action <> 'retention.purge') + (SELECT count(*) FROM sessions)").Scan(&n)
		return n
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"retention", "--dry-run"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Dry run: nothing is deleted.", "audit          audit_events      1", "verifications  audit_events      1", "sessions       sessions          1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out.String())
		}
	}
	if n := rows(); n != 4 {
		t.Fatalf("the dry run deleted rows: %d left, want 4", n)
	}

	// The serving role alone may not purge the audit log.
	t.Setenv("MIGRATE_DATABASE_URL", "")
	out.Reset()
	if err := run(ctx, []string{"retention"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "audit          audit_events      skipped") {
		t.Errorf("serving role's output:\n%s", out.String())
	}
	if n := rows(); n != 3 {
		t.Fatalf("%d rows after the serving role's purge, want 3 (the session went)", n)
	}

	t.Setenv("MIGRATE_DATABASE_URL", testdb.URLFor(name))
	out.Reset()
	if err := run(ctx, []string{"retention"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "audit          audit_events      1") {
		t.Errorf("owner's output:\n%s", out.String())
	}
	var left []string
	db.Raw("SELECT action FROM audit_events WHERE action <> 'retention.purge' ORDER BY id").Scan(&left)
	if strings.Join(left, ",") != "case.decide" {
		t.Errorf("audit events left: %v, want the new one", left)
	}
}

// TestRetentionPeriodBelowMinimum: serve, worker and retention refuse to
// start with a period shorter than the law's minimum, and say so.
func TestRetentionPeriodBelowMinimum(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/talksafe?sslmode=disable&connect_timeout=2") // never reached
	t.Setenv("SESSION_SECRET", strings.Repeat("s", 40))
	t.Setenv("BASE_URL", "https://talksafe.example")
	t.Setenv("RETENTION_CASES_DAYS", "365")
	for _, cmd := range []string{"serve", "worker", "retention"} {
		err := run(context.Background(), []string{cmd}, strings.NewReader(""), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "RETENTION_CASES_DAYS=365 is shorter than the legal minimum of 1096 days") {
			t.Errorf("%s: %v", cmd, err)
		}
	}
}

// TestWorker runs the worker command until its periodic jobs have run,
// then stops it as SIGTERM does.
func TestWorker(t *testing.T) {
	testdb.New(t)
	name := testdb.Create(t, "")
	t.Setenv("MIGRATE_DATABASE_URL", testdb.URLFor(name))
	t.Setenv("DATABASE_URL", testdb.ServingURLFor(name))
	ctx, stop := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"worker"}, strings.NewReader(""), out) }()
	var db *gorm.DB
	for deadline := time.Now().Add(60 * time.Second); ; {
		if db == nil && strings.Contains(out.String(), "working the background jobs") {
			var err error
			if db, err = models.Open(context.Background(), testdb.URLFor(name)); err != nil {
				t.Fatal(err)
			}
			defer models.Close(db)
		}
		var n int64
		if db != nil {
			db.Raw("SELECT count(*) FROM river_job WHERE state = 'completed'").Scan(&n)
		}
		if n == int64(len(jobs.Kinds)) { // each periodic job once, at start
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker ran %d jobs, want %d:\n%s", n, len(jobs.Kinds), out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatalf("worker ended with %v", err)
	}
}
