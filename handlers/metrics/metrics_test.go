package metrics_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"talksafe/handlers"
	"talksafe/handlers/metrics"
	"talksafe/models/testdb"
)

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestScrape: after some use, a scrape finds each figure with its value.
func TestScrape(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m, err := metrics.New(serving, log)
	if err != nil {
		t.Fatal(err)
	}
	site := httptest.NewServer(handlers.New(serving, log, handlers.Config{SessionSecret: []byte(strings.Repeat("s", 40)), Metrics: m}))
	defer site.Close()
	for _, path := range []string{"/login", "/login", "/no/such/page", "/healthz"} {
		res, err := http.Get(site.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	for _, stmt := range []string{
		"INSERT INTO users (name, display_name, password_hash) VALUES ('minji', 'Minji', 'x'), ('jisoo', 'Jisoo', 'x')",
		"INSERT INTO cases (subject_type, subject_id, reported_user_id, severity, created_at) VALUES ('post', 1, 1, 5, now() - interval '2 hours'), ('post', 2, 1, 1, now())",
		"INSERT INTO cases (subject_type, subject_id, reported_user_id, state, escalated_at) VALUES ('post', 3, 1, 'escalated', now())",
		"INSERT INTO tickets (user_id, category, subject, created_at) VALUES (2, 'other', 'help', now() - interval '25 hours'), (2, 'other', 'help', now())",
		"INSERT INTO legal_holds (subject_type, subject_id, reason) VALUES ('user', 1, 'KNPA 2026-1')",
	} {
		if err := owner.Exec(stmt).Error; err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	m.JobDone("cleanup", false)
	m.JobDone("retention_purge", true)
	got := scrape(t, m)
	for _, want := range []string{
		`talksafe_http_requests_total{method="GET",route="/login",status="200"} 2`,
		`talksafe_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`talksafe_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`talksafe_http_request_duration_seconds_count{method="GET",route="/login"} 2`,
		`talksafe_open_cases{severity="5",state="open"} 1`,
		`talksafe_open_cases{severity="1",state="open"} 1`,
		`talksafe_open_cases{severity="1",state="escalated"} 1`,
		`talksafe_tickets_first_response_overdue 1`,
		`talksafe_legal_holds 1`,
		`talksafe_jobs_total{kind="cleanup",outcome="completed"} 1`,
		`talksafe_jobs_total{kind="retention_purge",outcome="failed"} 1`,
		`go_sql_open_connections{db_name="talksafe"}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in the scrape", want)
		}
	}
	if !strings.Contains(got, "talksafe_oldest_open_case_age_seconds 7") { // about 7,200 s
		t.Errorf("oldest open case age:\n%s", grep(got, "oldest"))
	}
	if strings.Contains(got, "/no/such/page") {
		t.Error("a URL is a label: labels must be route patterns")
	}
}

func grep(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
