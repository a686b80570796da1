package models_test

import (
	"fmt"
	"sync"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
)

// admin makes an admin in w's database.
func (w *modWorld) admin() *models.User {
	w.t.Helper()
	pw := "password for boss"
	u, err := models.CreateStaffFromCommandLine(w.ctx, w.db, models.StaffSignUp{SignUp: models.SignUp{Name: "boss", Password: pw, Confirm: pw}, Role: models.RoleAdmin})
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

// rule creates a rule by admin and returns its id.
func (w *modWorld) rule(admin *models.User, in models.RuleInput) int64 {
	w.t.Helper()
	id, err := models.CreateRule(w.ctx, w.db, admin, in)
	if err != nil {
		w.t.Fatalf("rule %+v: %v", in, err)
	}
	return id
}

func hiddenNow(t *testing.T, db *gorm.DB, typ models.SubjectType, id int64) bool {
	t.Helper()
	return count(t, db, "SELECT count(*) FROM hidden_content WHERE subject_type = ? AND subject_id = ? AND ended_at IS NULL", typ, id) == 1
}

func TestRuleInput(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	ok := models.RuleInput{Name: "Three reporters", Trigger: "report", MinReporters: "3", Action: "hide", State: "on"}
	w.rule(admin, ok)
	_, err := models.CreateRule(w.ctx, w.db, w.mod, ok)
	wantCode(t, err, models.Forbidden)

	for _, tc := range []struct {
		name  string
		edit  func(*models.RuleInput)
		field string
	}{
		{"ErrUnknownReason", func(in *models.RuleInput) { in.Reasons = []string{"spam", "rudeness"} }, "reasons"},
		{"ErrNegativeThreshold", func(in *models.RuleInput) { in.MinReporters = "-1" }, "min_reporters"},
		{"ErrNegativeScore", func(in *models.RuleInput) { in.MinScore = "-0.5" }, "min_score"},
		{"ErrNotANumber", func(in *models.RuleInput) { in.MinStrikes = "many" }, "min_strikes"},
		{"ErrSeverityAboveFive", func(in *models.RuleInput) { in.MinSeverity = "6" }, "min_severity"},
		{"ErrRateWithoutWindow", func(in *models.RuleInput) { in.RateCount = "5" }, "rate_minutes"},
		{"ErrWindowWithoutRate", func(in *models.RuleInput) { in.RateMinutes = "5" }, "rate_count"},
		{"ErrReportConditionsOnPosts", func(in *models.RuleInput) { in.Trigger = "post" }, "trigger"},
		{"ErrNoCondition", func(in *models.RuleInput) { in.MinReporters = "" }, "conditions"},
		{"ErrLabelEmpty", func(in *models.RuleInput) { in.Action = "label" }, "label"},
		{"ErrRestrictWithoutPolicy", func(in *models.RuleInput) { in.Action = "restrict" }, "policy"},
		{"ErrDuplicateOnPosts", func(in *models.RuleInput) {
			in.Trigger, in.MinReporters, in.MinStrikes, in.Action = "post", "", "1", "dismiss_duplicate"
		}, "action"},
		{"ErrUnknownAction", func(in *models.RuleInput) { in.Action = "ban" }, "action"},
		{"ErrUnknownState", func(in *models.RuleInput) { in.State = "maybe" }, "state"},
		{"ErrNoName", func(in *models.RuleInput) { in.Name = " " }, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.edit(&in)
			_, err := models.CreateRule(w.ctx, w.db, admin, in)
			e := models.AsError(err)
			if e == nil || e.Code != models.Invalid || !e.Fields.Has(tc.field) {
				t.Fatalf("err = %v, want a field error on %s", err, tc.field)
			}
			if fieldWords(e)[tc.field] == "" {
				t.Fatalf("the error on %s has no words", tc.field)
			}
		})
	}
	if n := count(t, w.db, "SELECT count(*) FROM rules"); n != 1 {
		t.Fatalf("%d rules after refused input", n)
	}
}

func TestRuleVersions(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	in := models.RuleInput{Name: "Spam label", Trigger: "report", Reasons: []string{"spam"}, Action: "label", Label: "spam"}
	id := w.rule(admin, in)
	in.Label = "spam?"
	if err := models.UpdateRule(w.ctx, w.db, admin, id, in); err != nil {
		t.Fatal(err)
	}
	if err := models.UpdateRule(w.ctx, w.db, admin, id, in); err != nil { // unchanged: no version
		t.Fatal(err)
	}
	in.MinReporters = "-2"
	wantCode(t, models.UpdateRule(w.ctx, w.db, admin, id, in), models.Invalid)
	if err := models.SetRuleState(w.ctx, w.db, admin, id, models.RuleShadow); err != nil {
		t.Fatal(err)
	}
	wantCode(t, models.SetRuleState(w.ctx, w.db, w.mod, id, models.RuleOn), models.Forbidden)
	p, err := models.RuleFor(w.ctx, w.db, w.mod, id) // moderators read rules
	if err != nil {
		t.Fatal(err)
	}
	if p.Rule.Version != 2 || len(p.Versions) != 2 || p.Rule.Label != "spam?" || p.Rule.State != models.RuleShadow {
		t.Fatalf("rule = %+v, %d versions", p.Rule, len(p.Versions))
	}
	for _, action := range []string{"rule.create", "rule.update", "rule.state"} {
		if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = ? AND subject_id = ? AND actor_id = ?", action, id, admin.ID); n != 1 {
			t.Fatalf("%s audited %d times", action, n)
		}
	}
	_, err = models.Rules(w.ctx, w.db, w.support)
	wantCode(t, err, models.Forbidden)
}

// Three reporters with a good record hide a post; concurrent reports hide
// it once; "no violation" brings it back and the rule does not hide it
// again.
func TestRuleHidesOnReports(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	w.rule(admin, models.RuleInput{Name: "Three reporters", Trigger: "report", MinReporters: "3", MinScore: "1.4", Action: "hide", State: "on"})

	post := w.post("nasty")
	c := w.report(0, post, "harassment")
	w.report(1, post, "harassment")
	if hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("hidden after two reports")
	}
	w.report(2, post, "hate")
	if !hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("not hidden after three reports")
	}
	if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'rule.apply' AND subject_id = ? AND actor_id IS NULL", c); n != 1 {
		t.Fatalf("rule.apply audited %d times", n)
	}
	if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideNoViolation}); err != nil {
		t.Fatal(err)
	}
	if hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("still hidden after no violation")
	}
	w.report(3, post, "hate") // a fourth report on the post judged fine
	if hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("the rule hid again what a moderator found fine")
	}

	t.Run("Concurrent", func(t *testing.T) {
		post := w.post("contested")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, errs[i] = models.FileReport(w.ctx, w.db, w.reporters[i], models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: []string{"hate"}})
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, w.db, "SELECT count(*) FROM hidden_content WHERE subject_type = 'post' AND subject_id = ?", post); n != 1 {
			t.Fatalf("hidden %d times", n)
		}
		if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'content.hide' AND subject_id = ?", post); n != 1 {
			t.Fatalf("hide audited %d times", n)
		}
	})
}

// tableCounts counts the rows of every table of the schema but the rules'
// own and the job queue's.
func tableCounts(t *testing.T, db *gorm.DB) map[string]int64 {
	t.Helper()
	var tables []string
	if err := db.Raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'
		AND tablename NOT IN ('rules', 'rule_versions', 'rule_runs', 'audit_events', 'goose_db_version') AND tablename NOT LIKE 'river%'`).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, tb := range tables {
		out[tb] = count(t, db, "SELECT count(*) FROM "+tb)
	}
	out["cases escalated"] = count(t, db, "SELECT count(*) FROM cases WHERE state <> 'open'")
	out["audit events but the rules' own edits"] = count(t, db, "SELECT count(*) FROM audit_events WHERE action NOT IN ('rule.create', 'rule.update', 'rule.state')")
	return out
}

// A rule in shadow writes its log and changes no other row: the same
// reports with the rule off leave every table as they do with it in shadow.
func TestRuleShadowChangesNothing(t *testing.T) {
	t.Parallel()
	run := func(state string) (map[string]int64, *modWorld) {
		w := newModWorld(t)
		admin := w.admin()
		for _, action := range []string{"hide", "escalate", "restrict"} {
			w.rule(admin, models.RuleInput{Name: action, Trigger: "report", MinReporters: "1", Action: action, Policy: "harassment", State: state})
		}
		w.rule(admin, models.RuleInput{Name: "label", Trigger: "post", MaxAgeDays: "1", Action: "label", Label: "new account", State: state})
		post := w.post("rude")
		w.report(0, post, "harassment")
		w.report(1, post, "harassment")
		return tableCounts(t, w.db), w
	}
	off, _ := run("off")
	shadow, w := run("shadow")
	for tb, n := range off {
		if shadow[tb] != n {
			t.Errorf("%s: %d rows with the rules off, %d in shadow", tb, n, shadow[tb])
		}
	}
	if n := count(t, w.db, "SELECT count(*) FROM rule_runs WHERE shadow AND NOT applied"); n != 7 {
		t.Fatalf("shadow log lines = %d, want 7 (3 rules × 2 reports, 1 on the post)", n)
	}
}

// A rule's action reversed by a moderator is not repeated on the subject
// by the same version; a new version may act again.
func TestRuleReversedNotReapplied(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	in := models.RuleInput{Name: "Flood", Trigger: "post", RateCount: "2", RateMinutes: "10", Action: "hide", State: "on"}
	id := w.rule(admin, in)
	w.post("first")
	post := w.post("second")
	if !hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("the second post in 10 minutes is not hidden")
	}
	var caseID int64
	w.db.Raw("SELECT id FROM cases WHERE subject_type = 'post' AND subject_id = ?", post).Scan(&caseID)
	if err := models.ReverseHide(w.ctx, w.db, w.mod, caseID, "Two posts is fine."); err != nil {
		t.Fatal(err)
	}
	edit := func() {
		t.Helper()
		if _, err := models.UpdatePost(w.ctx, w.db, w.dave, post, models.PostInput{Title: "second", Body: fmt.Sprint("edited ", count(t, w.db, "SELECT count(*) FROM rule_runs"))}); err != nil {
			t.Fatal(err)
		}
	}
	edit()
	if hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("the same rule version hid again what a moderator restored")
	}
	in.RateCount = "1"
	if err := models.UpdateRule(w.ctx, w.db, admin, id, in); err != nil {
		t.Fatal(err)
	}
	edit()
	if !hiddenNow(t, w.db, models.SubjectPost, post) {
		t.Fatal("a new version of the rule did not act")
	}
}

// Each condition, one rule per condition putting its own label on the case
// of a report: the labels show which held.
func TestRuleConditions(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	for _, r := range []models.RuleInput{
		{Name: "a", Reasons: []string{"threat"}, Label: "reason-threat"},
		{Name: "b", Reasons: []string{"spam"}, Label: "reason-spam"},
		{Name: "c", MinSeverity: "4", Label: "severity-4"},
		{Name: "d", MinSeverity: "5", Label: "severity-5"},
		{Name: "e", MinReporters: "2", Label: "reporters-2"},
		{Name: "f", MinReporters: "3", Label: "reporters-3"},
		{Name: "g", MinScore: "1", Label: "score-1"},
		{Name: "h", MinScore: "1.1", Label: "score-1.1"},
		{Name: "i", MinStrikes: "2", Label: "strikes-2"},
		{Name: "j", MinStrikes: "3", Label: "strikes-3"},
		{Name: "k", MaxAgeDays: "10", Label: "young"},
		{Name: "l", MaxAgeDays: "5", Label: "very-young"},
		{Name: "m", Restricted: true, Label: "restricted"},
		{Name: "n", RateCount: "3", RateMinutes: "60", Label: "rate-3"},
		{Name: "o", RateCount: "3", RateMinutes: "60", RateRooms: "2", Label: "rate-3-2rooms"},
	} {
		r.Trigger, r.Action, r.State = "report", "label", "on"
		w.rule(admin, r)
	}
	// dave: 7 days old, 2 strikes (a harassment removal), 3 posts in the hour, one room.
	mustExec(t, w.db, "UPDATE users SET created_at = now() - interval '7 days' WHERE id = ?", w.dave)
	old := w.post("old")
	c := w.report(3, old, "harassment")
	if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}
	w.post("another")
	post := w.post("threatening")
	w.report(0, post, "threat")
	c = w.report(1, post, "threat")
	var labels []string
	w.db.Raw("SELECT label FROM case_labels WHERE case_id = ? ORDER BY label", c).Scan(&labels)
	want := []string{"rate-3", "reason-threat", "reporters-2", "score-1", "severity-4", "strikes-2", "young"}
	if fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Fatalf("labels = %v, want %v", labels, want)
	}
}

// The backtest reads the cases decided in the last 30 days as they stood
// when opened, with the live engine's conditions.
func TestRuleBacktest(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	decide := func(post int64, reporters int, kind models.DecisionKind) {
		t.Helper()
		var c int64
		for i := range reporters {
			c = w.report(i, post, "harassment")
		}
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: kind, Policy: "harassment"}); err != nil {
			t.Fatal(err)
		}
	}
	decide(w.post("one"), 3, models.DecideRemove)
	decide(w.post("two"), 3, models.DecideNoViolation)
	decide(w.post("three"), 1, models.DecideRemove)
	old := w.post("four")
	decide(old, 3, models.DecideRemove)
	mustExec(t, w.db, "UPDATE cases SET resolved_at = now() - interval '31 days' WHERE subject_id = ?", old)
	id := w.rule(admin, models.RuleInput{Name: "Crowd", Trigger: "report", MinReporters: "3", Action: "hide"})
	p, err := models.RuleFor(w.ctx, w.db, w.mod, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Backtest != (models.Backtest{Decided: 3, Hit: 2, Upheld: 1}) {
		t.Fatalf("backtest = %+v", p.Backtest)
	}
}
