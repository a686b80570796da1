package models_test

import (
	"testing"

	"talksafe/models"
)

func TestRuleActions(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()

	t.Run("Escalate", func(t *testing.T) {
		id := w.rule(admin, models.RuleInput{Name: "Threats", Trigger: "report", MinSeverity: "4", Action: "escalate", State: "on"})
		c := w.report(0, w.post("I will find you"), "threat")
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'escalated'", c); n != 1 {
			t.Fatal("not escalated")
		}
		if err := models.SetRuleState(w.ctx, w.db, admin, id, models.RuleOff); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("RestrictThroughTheLadder", func(t *testing.T) {
		id := w.rule(admin, models.RuleInput{Name: "Harassment", Trigger: "report", Reasons: []string{"harassment"}, MinReporters: "2",
			Action: "restrict", Policy: "harassment", State: "on"})
		post := w.post("insults")
		w.report(0, post, "harassment")
		c := w.report(1, post, "harassment")
		var dec struct {
			ID            int64
			Kind          string
			RuleVersionID *int64
			DecidedBy     *int64
		}
		w.db.Raw("SELECT d.id, d.kind, d.rule_version_id, d.decided_by FROM decisions d JOIN cases c ON c.decision_id = d.id WHERE c.id = ?", c).Scan(&dec)
		// First violation, 2 strikes: the ladder suggests posting restricted for a day.
		if dec.Kind != "restrict" || dec.RuleVersionID == nil || dec.DecidedBy != nil {
			t.Fatalf("automated decision = %+v", dec)
		}
		if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND scope = 'posting' AND decision_id = ? AND created_by IS NULL", w.dave, dec.ID); n != 1 {
			t.Fatal("no posting restriction")
		}
		if n := count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'restricted' AND automated", w.dave); n != 1 {
			t.Fatal("the restricted user's notice does not say it was automated")
		}
		if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'rule.apply' AND subject_id = ? AND detail->>'decision' IS NOT NULL", c); n != 1 {
			t.Fatal("the automated decision is not audited with its rule")
		}
		// Reversible like any decision; the same version does not act again on the post.
		if _, err := models.ReverseCase(w.ctx, w.db, w.mod, c, "Banter between friends."); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND lifted_at IS NULL", w.dave); n != 0 {
			t.Fatal("the reversal left the restriction")
		}
		w.report(2, post, "harassment")
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", c); n != 1 {
			t.Fatal("the rule decided again a case a moderator reversed")
		}
		if err := models.SetRuleState(w.ctx, w.db, admin, id, models.RuleOff); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("DismissDuplicate", func(t *testing.T) {
		w.rule(admin, models.RuleInput{Name: "Judged fine", Trigger: "report", MinReporters: "1", Action: "dismiss_duplicate", State: "on"})
		post := w.post("a fine opinion")
		first := w.report(0, post, "hate")
		// No earlier case: the rule does not apply.
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", first); n != 1 {
			t.Fatal("dismissed with nothing to be a duplicate of")
		}
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, first, models.Decision{Kind: models.DecideNoViolation}); err != nil {
			t.Fatal(err)
		}
		again := w.report(1, post, "hate")
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND resolution = 'no_violation' AND resolved_by IS NULL", again); n != 1 {
			t.Fatal("the repeated report was not dismissed as a duplicate")
		}
		if n := count(t, w.db, "SELECT count(*) FROM notices n JOIN reports r ON r.id = n.report_id WHERE n.user_id = ? AND n.kind = 'report_outcome' AND n.automated AND r.case_id = ?", w.reporters[1], again); n != 1 {
			t.Fatal("the new reporter got no automated outcome notice")
		}
	})
}

// A 1:1 chat message is never seen by a rule as it is sent: only the
// report of it runs the rules, over its evidence.
func TestRuleNeverScansChats(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	w.rule(admin, models.RuleInput{Name: "Every write", Trigger: "post", MaxAgeDays: "100", Action: "label", Label: "new", State: "on"})
	w.rule(admin, models.RuleInput{Name: "Spam reports", Trigger: "report", Reasons: []string{"spam"}, Action: "label", Label: "spam", State: "on"})
	room, err := models.StartChat(w.ctx, w.db, w.dave, "rep1", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	for _, body := range []string{"buy cheap followers", "buy cheap followers now", "last chance"} {
		m, err := models.SendMessage(w.ctx, w.db, w.dave, room, body)
		if err != nil {
			t.Fatal(err)
		}
		last = m.ID
	}
	if n := count(t, w.db, "SELECT count(*) FROM rule_runs"); n != 0 {
		t.Fatalf("%d rule runs on chat messages as they were sent", n)
	}
	f, _, err := models.FileReport(w.ctx, w.db, w.reporters[0], models.ReportInput{Type: models.SubjectMessage, ID: last, Reasons: []string{"spam"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, w.db, "SELECT count(*) FROM rule_runs WHERE subject_type = 'message' AND subject_id = ? AND event LIKE 'report:%'", last); n != 1 {
		t.Fatalf("rule runs on the reported message = %d", n)
	}
	if n := count(t, w.db, "SELECT count(*) FROM case_labels WHERE case_id = ? AND label = 'spam'", f.CaseID); n != 1 {
		t.Fatal("the report's rule did not label the case")
	}
	if n := count(t, w.db, "SELECT count(*) FROM hidden_content"); n != 0 {
		t.Fatal("a chat message was hidden")
	}
}
