package models_test

import (
	"encoding/json"
	"testing"

	"talksafe/models"
)

// TestDecisionSteps checks each step of a decision leaves its mark, and
// that a step that fails undoes the steps before it: one transaction.
func TestDecisionSteps(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	notices := func(user int64, kind models.NoticeKind) int64 {
		return count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = ?", user, kind)
	}
	borderline, elsewhere := w.post("borderline"), w.post("elsewhere") // before dave's posting is restricted
	t.Run("OKRestrictAndRemove", func(t *testing.T) {
		post := w.post("threatening")
		c := w.report(0, post, "threat")
		w.report(1, post, "threat")
		done, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRestrict, Policy: "threat",
			Scope: models.ScopePosting, Days: "7", RemoveContent: true, UserNote: "No threats."})
		if err != nil {
			t.Fatal(err)
		}
		steps := map[string]int64{
			"resolveCase":          count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'resolved' AND resolution = 'action_taken'", c),
			"decideReports":        count(t, w.db, "SELECT count(*) FROM reports WHERE case_id = ? AND state = 'upheld' AND decided_at IS NOT NULL", c),
			"notifyReporters":      notices(w.reporters[0], models.NoticeReportOutcome) + notices(w.reporters[1], models.NoticeReportOutcome),
			"removeContent":        count(t, w.db, "SELECT count(*) FROM board_posts WHERE id = ? AND removed_at IS NOT NULL", post),
			"restrictReportedUser": count(t, w.db, "SELECT count(*) FROM restrictions WHERE id = ? AND user_id = ? AND scope = 'posting'", done.RestrictionID, w.dave),
			"restrictionNotice":    notices(w.dave, models.NoticeRestricted),
			"noWarningBesides":     1 - notices(w.dave, models.NoticeWarning),
			"audit":                count(t, w.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'case' AND subject_id = ? AND action = 'case.decide'", c),
		}
		want := map[string]int64{"resolveCase": 1, "decideReports": 2, "notifyReporters": 2, "removeContent": 1,
			"restrictReportedUser": 1, "restrictionNotice": 1, "noWarningBesides": 1, "audit": 1}
		for step, n := range want {
			if steps[step] != n {
				t.Errorf("%s: %d, want %d", step, steps[step], n)
			}
		}
		var raw string
		w.db.Raw("SELECT detail::text FROM audit_events WHERE action = 'case.decide' AND subject_id = ?", c).Scan(&raw)
		var detail map[string]any
		if err := json.Unmarshal([]byte(raw), &detail); err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"decision", "policy", "reports", "removed", "restriction", "scope", "days"} {
			if _, ok := detail[key]; !ok {
				t.Errorf("the audit detail has no %q: %s", key, raw)
			}
		}
	})
	t.Run("ErrAStepRollsBackTheOthers", func(t *testing.T) {
		c := w.report(2, borderline, "hate")
		other := w.report(3, elsewhere, "hate")
		var foreign int64
		w.db.Raw("SELECT id FROM reports WHERE case_id = ?", other).Scan(&foreign)
		before := notices(w.reporters[2], models.NoticeReportOutcome)
		_, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideFalseReport,
			Policy: models.PolicyFalseReporting, FalseReports: []int64{foreign}})
		wantCode(t, err, models.Invalid)
		if !models.AsError(err).Fields.Has("false_reports") {
			t.Fatalf("no error beside the false reports: %v", err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open' AND resolved_at IS NULL", c); n != 1 {
			t.Error("the case was resolved by a refused decision")
		}
		if n := count(t, w.db, "SELECT count(*) FROM reports WHERE case_id IN (?, ?) AND decided_at IS NOT NULL", c, other); n != 0 {
			t.Error("reports were decided by a refused decision")
		}
		if notices(w.reporters[2], models.NoticeReportOutcome) != before {
			t.Error("a reporter was notified of a refused decision")
		}
	})
}
