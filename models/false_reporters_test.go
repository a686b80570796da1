package models_test

import (
	"fmt"
	"testing"
	"time"

	"talksafe/models"
)

// DSA Art. 23: the second false report in 30 days brings a warning that
// explains the policy, and only a further false report after it restricts
// reporting: 7 days, then longer up the ladder.
func TestFalseReporterWarnedThenRestricted(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	liar := w.reporters[3]
	falseReport := func(i int) {
		t.Helper()
		c := w.report(3, w.post(fmt.Sprintf("innocent %d", i)), "hate")
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideFalseReport}); err != nil {
			t.Fatal(err)
		}
	}
	warnings := func() int64 {
		return count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'false_report_warning'", liar)
	}
	restrictions := func() int64 {
		return count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND scope = 'reporting'", liar)
	}
	falseReport(1)
	if warnings() != 0 || restrictions() != 0 {
		t.Fatal("one false report warned or restricted")
	}
	falseReport(2)
	if warnings() != 1 || restrictions() != 0 {
		t.Fatalf("after two false reports: %d warnings, %d restrictions; want the warning alone", warnings(), restrictions())
	}
	items, _, err := models.Notices(w.ctx, w.db, liar, 0, 10)
	if err != nil || items[0].Kind != models.NoticeFalseReportWarning {
		t.Fatalf("the liar's newest notice = %+v, %v", items, err)
	}
	falseReport(3)
	if warnings() != 1 || restrictions() != 1 {
		t.Fatalf("after the warning, a false report: %d warnings, %d restrictions", warnings(), restrictions())
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND ends_at BETWEEN now() + interval '6 days' AND now() + interval '8 days'", liar); n != 1 {
		t.Fatal("the first reporting restriction does not last 7 days")
	}
	_, _, err = models.FileReport(w.ctx, w.db, liar, models.ReportInput{Type: models.SubjectPost, ID: w.post("more"), Reasons: []string{"spam"}})
	wantCode(t, err, models.Restricted)
	// Once it ended, the next false report climbs the ladder.
	mustExec(t, w.db, "UPDATE restrictions SET starts_at = now() - interval '8 days', ends_at = now() - interval '1 day' WHERE user_id = ?", liar)
	falseReport(4)
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND ends_at > now() + interval '29 days'", liar); n != 1 {
		t.Fatal("the second reporting restriction is not longer")
	}
	s, err := models.ModerationStats(w.ctx, w.db, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if s.FalseReportWarnings != 1 || s.ReportingRestrictions != 2 {
		t.Fatalf("stats: %d warnings, %d reporting restrictions", s.FalseReportWarnings, s.ReportingRestrictions)
	}
	for nth, want := range map[int]int{1: 7, 2: 30, 5: 0} {
		if got := models.FalseReportDays(nth); got != want {
			t.Errorf("FalseReportDays(%d) = %d, want %d", nth, got, want)
		}
	}
}
