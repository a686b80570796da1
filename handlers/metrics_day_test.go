package handlers_test

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"talksafe/handlers"
	"talksafe/handlers/metrics"
	"talksafe/models/testdb"
)

// TestMetricsAfterADay: a scripted day of use through the real router
// (reports filed, decided, one reversed, a severe case left overdue, a
// ticket answered late), then a scrape finds each figure with its value.
func TestMetricsAfterADay(t *testing.T) {
	t.Parallel()
	db, serving := testdb.NewServing(t)
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	m, err := metrics.New(serving, log)
	if err != nil {
		t.Fatal(err)
	}
	e := handlers.New(serving, log, handlers.Config{SessionSecret: []byte(testSecret), Metrics: m})
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	f := modFixtureOn(t, &env{t: t, db: db, app: serving, e: e, srv: srv, logs: logs})

	alma := f.en.login("alma")
	var cases []int64
	for i, reason := range []string{"spam", "spam", "threat"} {
		post := f.post(f.bora, fmt.Sprint("post ", i), "body")
		wantStatus(t, alma.submit(fmt.Sprintf("/report/post/%d", post), url.Values{"reasons": {reason}}), http.StatusSeeOther)
		var id int64
		f.en.db.Raw("SELECT case_id FROM reports WHERE subject_type = 'post' AND subject_id = ?", post).Scan(&id)
		cases = append(cases, id)
	}
	mod := f.en.login("mod")
	wantStatus(t, mod.submit(casePath(cases[0], "/decide"), url.Values{"kind": {"remove"}, "policy": {"spam"}}), http.StatusSeeOther)
	wantStatus(t, mod.submit(casePath(cases[1], "/decide"), url.Values{"kind": {"no_violation"}}), http.StatusSeeOther)
	wantStatus(t, mod.submit(casePath(cases[0], "/reverse"), url.Values{"reason": {"The post was a joke between friends."}}), http.StatusSeeOther)
	// The threat waits past its 24 hours; a ticket was answered after 30.
	f.en.db.Exec("UPDATE cases SET created_at = now() - interval '2 days' WHERE id = ?", cases[2])
	f.en.db.Exec("INSERT INTO tickets (user_id, category, subject, created_at, first_response_at) VALUES (?, 'other', 'help', now() - interval '3 days', now() - interval '3 days' + interval '30 hours')", f.alma.ID)
	// An illegal-filming request waits 15 days, past its deadline; another
	// was answered after 20 (its flow lands later: plain rows).
	filmed := f.post(f.bora, "filmed", "body")
	f.en.exec(`INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, author_id, content_kind,
		explanation, deadline_at, created_at) VALUES ('illegal_filming', ?, 'victim', 'post', ?, ?, 'illegally_filmed', 'me, filmed',
		now() - interval '1 day', now() - interval '15 days')`, f.alma.ID, filmed, f.bora.ID)
	f.en.exec(`INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, author_id, content_kind,
		explanation, deadline_at, created_at, state, outcome, decided_at) VALUES ('illegal_filming', ?, 'organisation', 'post', ?, ?,
		'composite', 'composite image', now() - interval '11 days', now() - interval '25 days', 'decided', 'removed', now() - interval '5 days')`,
		f.alma.ID, filmed, f.bora.ID)

	got := scrapeOf(t, m)
	for _, want := range []string{
		`talksafe_reports_filed_total{subject="post"} 3`,
		`talksafe_decisions_total{automated="false",kind="remove"} 1`,
		`talksafe_decisions_total{automated="false",kind="no_violation"} 1`,
		`talksafe_decisions_reversed_total 1`,
		`talksafe_service_target_items{outcome="overdue",target="severe_decided"} 1`,
		`talksafe_service_target_items{outcome="met",target="severe_decided"} 0`,
		`talksafe_service_target_items{outcome="late",target="first_response"} 1`,
		`talksafe_open_cases{severity="4",state="open"} 1`,
		`talksafe_service_target_items{outcome="overdue",target="legal_answered"} 1`,
		`talksafe_service_target_items{outcome="late",target="legal_answered"} 1`,
		`talksafe_service_target_items{outcome="pending",target="legal_answered"} 0`,
		`talksafe_http_requests_total{method="POST",route="/report/:type/:id",status="303"} 3`,
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("no %s in the scrape", want)
		}
	}
	if !regexp.MustCompile(`(?m)^talksafe_oldest_open_legal_request_age_seconds 1\.29\d*e\+06$`).MatchString(got) { // 15 days
		t.Errorf("oldest open legal request age:\n%s", grepLines(got, "legal_request"))
	}
	if t.Failed() {
		t.Logf("scrape:\n%s", grepLines(got, "talksafe_"))
	}

	// The dashboard's and the alert rules' every query names metrics of
	// this scrape, with label values it has.
	m.JobDone("retention_purge", false)
	m.JobDone("cleanup", true)
	got = scrapeOf(t, m)
	exprs := dashboardQueries(t, "metrics/grafana/talksafe.json")
	if len(exprs) < 10 {
		t.Fatalf("only %d queries in the dashboard", len(exprs))
	}
	alerts := alertQueries(t, "metrics/prometheus/alerts.yml")
	if len(alerts) < 5 {
		t.Fatalf("only %d alert rules", len(alerts))
	}
	for _, expr := range append(exprs, alerts...) {
		for _, sel := range selectorRE.FindAllStringSubmatch(expr, -1) {
			name, labels := sel[1], sel[2]
			pattern := `(?m)^` + regexp.QuoteMeta(name) + `(\{[^}]*\})? `
			samples := regexp.MustCompile(pattern).FindAllString(got, -1)
			if len(samples) == 0 {
				t.Errorf("%q names %s, which the scrape lacks", expr, name)
				continue
			}
			// Each equality matcher matches some sample of the metric.
			for _, lm := range labelRE.FindAllStringSubmatch(labels, -1) {
				pair := lm[1] + `="` + lm[2] + `"`
				if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `\{[^}]*` + regexp.QuoteMeta(pair)).MatchString(got) {
					t.Errorf("%q asks %s for %s, which no sample has", expr, name, pair)
				}
			}
		}
	}
}

// selectorRE finds a metric name of ours and its label matchers in PromQL.
var selectorRE = regexp.MustCompile(`\b((?:talksafe|go_sql)_[a-z_]+)(\{[^}]*\})?`)

// labelRE finds the equality matchers of a selector (=, not =~ or !=).
var labelRE = regexp.MustCompile(`([a-z_]+)\s*=\s*"([^"]*)"`)

// dashboardQueries are the expressions of every panel of a Grafana dashboard.
func dashboardQueries(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Panels []struct {
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, p := range d.Panels {
		for _, q := range p.Targets {
			out = append(out, q.Expr)
		}
	}
	return out
}

// alertQueries are the expressions of every rule of a Prometheus rules file.
func alertQueries(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Groups []struct {
			Rules []struct {
				Alert, Expr, For string
				Labels           map[string]string
				Annotations      map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []string
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" || r.Expr == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("%s: a rule lacks its name, expression, severity or summary: %+v", path, r)
			}
			out = append(out, r.Expr)
		}
	}
	return out
}

// scrapeOf reads m's figures as Prometheus would.
func scrapeOf(t *testing.T, m *metrics.Metrics) string {
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

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
