package models

import (
	"flag"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var updateScript = flag.Bool("update-pgbench", false, "write handlers/testdata/report.pgbench from the statements filing sends")

// reportScript is the path of the pgbench script BenchmarkFileChatReports
// runs beside the HTTP path.
const reportScript = "../handlers/testdata/report.pgbench"

// TestReportPgbenchScript keeps handlers/testdata/report.pgbench the
// statements one chat-message report sends, as filing sends them, with the
// values BenchmarkFileChatReports's reports carry. After a change to
// filing, write it again with
//
//	go test ./models -run TestReportPgbenchScript -update-pgbench
func TestReportPgbenchScript(t *testing.T) {
	script := pgbenchScript(t)
	if *updateScript {
		if err := os.WriteFile(reportScript, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(reportScript)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != script {
		t.Fatalf("%s is not the statements filing sends: write it again with\n\tgo test ./models -run TestReportPgbenchScript -update-pgbench", reportScript)
	}
}

func pgbenchScript(t *testing.T) string {
	// Every filler message reads "message 10 in room <id>": one fingerprint.
	fp := evidenceFingerprint("", "message 10 in room 12345")
	if fp == "" || fp != evidenceFingerprint("", "message 10 in room 678") {
		t.Fatalf("the filler messages' fingerprint: %q", fp)
	}
	reasons := ReasonList{"spam", "harassment"}
	severity := 1
	for _, r := range reasons {
		severity = max(severity, r.Severity())
	}
	// The values filing binds, as pgbench writes them (:rep and :msg are the
	// script's variables).
	literal := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	window := strconv.FormatFloat(WaveWindow.Seconds(), 'f', -1, 64)
	named := map[string]string{
		"rep": ":rep", "id": ":msg", "severity": strconv.Itoa(severity), "reasons": literal("{spam,harassment}"),
		"detail": literal(""), "fp": literal(fp), "window": window,
	}
	filing := regexp.MustCompile(`@[a-z]+`).ReplaceAllStringFunc(fileReportQuery(SubjectMessage, true, ReportsPerHour),
		func(name string) string {
			v, ok := named[name[1:]]
			if !ok {
				t.Fatalf("the filing statement's %s has no value in the script", name)
			}
			return v
		})
	positional := func(sql string, values ...string) string {
		for i := len(values); i > 0; i-- { // $10 before $1
			sql = strings.ReplaceAll(sql, "$"+strconv.Itoa(i), values[i-1])
		}
		if strings.Contains(sql, "$") {
			t.Fatalf("a parameter without a value: %s", sql)
		}
		return sql
	}
	session := strings.Replace(sessionUserSQL, "?", "sha256(convert_to('pgbench-' || :rep, 'UTF8'))", 1)

	var b strings.Builder
	b.WriteString(`-- The statements one chat-message report sends (POST /report/message/:id
-- through the real router, as BenchmarkFileChatReports files them), with the
-- values they carry there, for pgbench -M prepared: the honest ceiling of
-- the HTTP path. BenchmarkFileChatReports runs it side by side with its own
-- reports. Written by models' TestReportPgbenchScript from the statements
-- themselves (go test ./models -run TestReportPgbenchScript -update-pgbench);
-- the benchmark checks that every transaction filed its report.
--
-- Client c's k-th transaction (-D n=<first k - 1>) reports the 10th message
-- of filler room g = c*5000 + k: users 20000+g (reporter, with a session
-- whose cookie id is 'pgbench-<id>') and 60000+g, 20 messages each, numbered
-- in order after the 200,000 of the report rooms.
\set n :n + 1
\set g :client_id * 5000 + :n
\set rep 20000 + :g
\set msg 200000 + (:g - 1) * 20 + 10
-- The session (loadSession: SessionUser, with the service gate's check).
`)
	b.WriteString(session + ";\n")
	b.WriteString(`-- FileReport (fileWithRules): the report rules on or in shadow, and the
-- subject's text for the spam wave's fingerprint, in one round trip.
\startpipeline
`)
	b.WriteString(positional(activeRulesSQL, literal(string(TriggerReport))) + ";\n")
	b.WriteString(positional(subjectTextSQL(SubjectMessage), ":msg") + ";\n")
	b.WriteString(`\endpipeline
-- No rule is on: fileReport sends the reporter's lock, the wave's lock and
-- the filing statement together, one round trip and one implicit
-- transaction (one Sync), as pgx's batch sends them. The statement reads the
-- subject (reportTarget's query) and, when the rules allow it, writes the
-- case, report, snapshot, context, room left and sender blocked.
\startpipeline
`)
	b.WriteString(positional(lockReporterSQL, strconv.Itoa(reportAdvisoryLockNS), ":rep") + ";\n")
	b.WriteString(positional(lockWaveSQL, strconv.Itoa(waveAdvisoryLockNS), literal(fp), window) + ";\n")
	b.WriteString(filing + ";\n")
	b.WriteString(`\endpipeline
`)
	return b.String()
}
