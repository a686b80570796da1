package models_test

import (
	"fmt"
	"testing"
	"time"

	"talksafe/models"
)

// TestTransparencyFigures seeds October 2026 in Seoul with rows whose true
// counts the test knows (reports filed and decided through the model,
// appeals, a reversal; legal requests, statements and complaints as plain
// rows, their flows landing later), and rows just outside it that must not
// count, then checks every figure of the report.
func TestTransparencyFigures(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	db, ctx := w.db, w.ctx
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	p, err := models.ParsePeriod("2026-10-01", "2026-10-31", seoul)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, seoul)
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, seoul)
	if !p.From.Equal(start) || !p.To.Equal(end) {
		t.Fatalf("period = %v .. %v", p.From, p.To)
	}
	base := time.Date(2026, 10, 10, 9, 0, 0, 0, seoul)
	day := func(d int) time.Time { return base.AddDate(0, 0, d) }
	a, b, c, d := w.reporters[0], w.reporters[1], w.reporters[2], w.reporters[3]
	mustExec(t, db, "UPDATE users SET designation = 'trusted_flagger', designated_at = now() WHERE id = ?", d)

	// dave's posts, written before a restriction stops his posting.
	var posts []int64
	for i := range 20 {
		posts = append(posts, w.post(fmt.Sprint("post ", i)))
	}
	next := func() int64 {
		id := posts[0]
		posts = posts[1:]
		return id
	}
	file := func(reporter int64, reasons ...string) (caseID, post int64) {
		t.Helper()
		post = next()
		f, _, err := models.FileReport(ctx, db, reporter, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: reasons})
		if err != nil {
			t.Fatal(err)
		}
		return f.CaseID, post
	}
	decide := func(caseID int64, dec models.Decision) int64 {
		t.Helper()
		if _, err := models.DecideCase(ctx, db, w.mod, caseID, dec); err != nil {
			t.Fatal(err)
		}
		return count(t, db, "SELECT decision_id FROM cases WHERE id = ?", caseID)
	}
	// when sets a case's reports' filing time and, when decided, their
	// decision time after took.
	when := func(caseID int64, filed time.Time, took time.Duration) {
		t.Helper()
		mustExec(t, db, `UPDATE reports SET created_at = ?, decided_at = CASE WHEN decided_at IS NULL THEN NULL ELSE ?::timestamptz END
			WHERE case_id = ?`, filed, filed.Add(took), caseID)
	}

	// User reports in the period.
	r1, _ := file(a, "spam")
	d1 := decide(r1, models.Decision{Kind: models.DecideRemove, Policy: "spam"})
	when(r1, day(0), 2*time.Hour)
	r2, _ := file(a, "harassment", "hate")
	d2 := decide(r2, models.Decision{Kind: models.DecideNoViolation})
	when(r2, day(1), 4*time.Hour)
	r3, _ := file(b, "threat")
	d3 := decide(r3, models.Decision{Kind: models.DecideRestrict, Policy: "threat", Scope: models.ScopePosting, Days: "7",
		OverrideReason: "A threat: posting stops for a week."})
	when(r3, day(2), 10*time.Hour)
	r4, _ := file(b, "spam")
	d4 := decide(r4, models.Decision{Kind: models.DecideWarn, Policy: "spam"})
	when(r4, day(3), time.Hour)
	r5, post5 := file(d, "spam") // from a designated organisation, pending, hidden by a rule
	when(r5, day(4), 0)
	mustExec(t, db, "INSERT INTO hidden_content (subject_type, subject_id, source, case_id, hidden_at) VALUES ('post', ?, 'rule', ?, ?)",
		post5, r5, day(4).Add(time.Minute))
	r6, _ := file(b, "harassment")
	decide(r6, models.Decision{Kind: models.DecideRemove, Policy: "harassment"})
	if _, err := models.ReverseCase(ctx, db, w.mod2, r6, "It was a quote, not an insult."); err != nil {
		t.Fatal(err)
	}
	when(r6, day(5), 0)
	var falses []int64
	for range 3 {
		id, _ := file(c, "spam")
		falses = append(falses, id)
	}
	for _, id := range falses {
		decide(id, models.Decision{Kind: models.DecideFalseReport})
	}
	for i, id := range falses { // after the three: the rules count the recent ones
		when(id, day(6+i), time.Duration(30+10*i)*time.Minute)
	}
	// The appeal of the restriction (upheld) and of the reporting
	// restriction (pending).
	var restricted, reporting int64
	db.Raw("SELECT id FROM restrictions WHERE user_id = ? AND scope = 'posting'", w.dave).Scan(&restricted)
	db.Raw("SELECT id FROM restrictions WHERE user_id = ? AND scope = 'reporting'", c).Scan(&reporting)
	if restricted == 0 || reporting == 0 {
		t.Fatalf("restrictions: posting %d, reporting %d", restricted, reporting)
	}
	ap, err := models.FileAppeal(ctx, db, w.dave, restricted, "I was joking.")
	if err != nil {
		t.Fatal(err)
	}
	if err := models.DecideAppeal(ctx, db, w.mod2, ap.ID, false, "It reads as a threat."); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE appeals SET created_at = ?, decided_at = ? WHERE id = ?", day(3), day(3).Add(5*time.Hour), ap.ID)
	ap2, err := models.FileAppeal(ctx, db, c, reporting, "My reports were honest.")
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE appeals SET created_at = ? WHERE id = ?", day(12), ap2.ID)
	// Every warning and restriction so far was issued in the period.
	mustExec(t, db, "UPDATE notices SET created_at = ?", day(10))
	mustExec(t, db, "UPDATE restrictions SET created_at = ?", day(10))

	// Legal requests (plain rows until their flow lands), one exactly at
	// the period's start.
	legal := func(kind, requester, content string, created time.Time, set string, args ...any) int64 {
		t.Helper()
		post := next()
		var id int64
		if err := db.Raw(`INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, author_id, content_kind,
			explanation, created_at, deadline_at) VALUES (?, ?, ?, 'post', ?, ?, ?, 'explained', ?,
			CASE WHEN ? = 'illegal_filming' THEN ?::timestamptz + interval '14 days' END) RETURNING id`,
			kind, a, requester, post, w.dave, content, created, kind, created).Scan(&id).Error; err != nil {
			t.Fatal(err)
		}
		if set != "" {
			mustExec(t, db, "UPDATE legal_requests SET "+set+" WHERE id = ?", append(args, id)...)
		}
		return id
	}
	decided := "state = 'decided', outcome = ?, decided_at = created_at + ?::interval"
	l1 := legal("illegal_filming", "victim", "illegally_filmed", day(0), decided, "removed", "48 hours")
	mustExec(t, db, `INSERT INTO hidden_content (subject_type, subject_id, source, source_id, hidden_at)
		SELECT subject_type, subject_id, 'legal_request', id, created_at + interval '1 hour' FROM legal_requests WHERE id = ?`, l1)
	legal("illegal_filming", "victim", "illegally_filmed", start, decided, "refused", "120 hours")
	legal("illegal_filming", "organisation", "composite", day(2), "")
	legal("illegal_filming", "organisation", "child_abuse", day(3), decided, "removed", "24 hours")
	legal("temporary_measure", "victim", "privacy", day(4),
		"state = 'blocked', blocked_at = created_at + interval '12 hours', block_until = created_at + interval '30 days'")
	legal("temporary_measure", "victim", "reputation", day(5), `state = 'decided', outcome = 'restored',
		blocked_at = created_at + interval '6 hours', block_until = created_at + interval '10 days', decided_at = created_at + interval '10 days'`)
	legal("temporary_measure", "victim", "privacy", day(6), decided, "refused", "3 hours")

	// Statements of reasons (plain rows until their flow lands).
	statement := func(kind, ground, category, source string, detected bool, automated string, at time.Time) {
		t.Helper()
		mustExec(t, db, `INSERT INTO statements (puid, kind, decision_ground, category, source_type, automated_detection,
			automated_decision, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?)`,
			fmt.Sprint("puid-", time.Now().UnixNano()), kind, ground, category, source, detected, automated, at)
	}
	const illegal, terms = "DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"
	const manual = "AUTOMATED_DECISION_NOT_AUTOMATED"
	statement("remove", illegal, "STATEMENT_CATEGORY_CYBER_VIOLENCE", "SOURCE_ARTICLE_16", false, manual, day(0))
	statement("remove", terms, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "SOURCE_TRUSTED_FLAGGER", false, manual, day(1))
	statement("hide", terms, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "SOURCE_VOLUNTARY", true, "AUTOMATED_DECISION_FULLY", day(2))
	statement("restrict_account", terms, "STATEMENT_CATEGORY_VIOLENCE", "SOURCE_ARTICLE_16", false, "AUTOMATED_DECISION_PARTIALLY", day(3))
	statement("restrict_reporting", terms, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "SOURCE_VOLUNTARY", false, manual, day(4))
	statement("temporary_block", illegal, "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", "SOURCE_ARTICLE_16", false, manual, start)

	// Complaints (plain rows until their flow lands).
	complaint := func(decision, user int64, byReporter bool, created time.Time, state string, took time.Duration) {
		t.Helper()
		var at *time.Time
		if state != "pending" {
			x := created.Add(took)
			at = &x
		}
		mustExec(t, db, `INSERT INTO complaints (decision_id, user_id, by_reporter, body, state, decided_at, created_at)
			VALUES (?, ?, ?, 'please look again', ?, ?, ?)`, decision, user, byReporter, state, at, created)
	}
	complaint(d1, w.dave, false, day(1), "granted", 2*time.Hour)
	complaint(d4, w.dave, false, day(2), "rejected", 4*time.Hour)
	complaint(d2, a, true, day(3), "pending", 0)

	// Just outside: a report filed a second before the period (decided in
	// it), one filed as it ends; a request, a statement, a warning just
	// before; a restriction, its appeal and a complaint as it ends.
	before, after := start.Add(-time.Second), end
	r7, _ := file(a, "spam")
	decide(r7, models.Decision{Kind: models.DecideRemove, Policy: "spam"})
	when(r7, before, time.Hour)
	r8, _ := file(a, "threat")
	when(r8, after, 0)
	legal("illegal_filming", "victim", "illegally_filmed", before, decided, "removed", "1 hour")
	legal("temporary_measure", "victim", "privacy", after, "")
	statement("remove", illegal, "STATEMENT_CATEGORY_CYBER_VIOLENCE", "SOURCE_ARTICLE_16", false, manual, before)
	statement("remove", illegal, "STATEMENT_CATEGORY_CYBER_VIOLENCE", "SOURCE_ARTICLE_16", false, manual, after)
	mustExec(t, db, "UPDATE notices SET created_at = ? WHERE created_at > ?", after, day(10))
	mustExec(t, db, "INSERT INTO notices (user_id, kind, title, body, created_at) VALUES (?, 'warning', '', '', ?), (?, 'false_report_warning', '', '', ?)",
		w.dave, before, c, after)
	var service int64
	db.Raw(`INSERT INTO restrictions (user_id, scope, policy_reason, ends_at, created_at) VALUES (?, 'service', 'spam', now() + interval '1 day', ?)
		RETURNING id`, a, after).Scan(&service)
	ap3, err := models.FileAppeal(ctx, db, a, service, "Not me.")
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE appeals SET created_at = ? WHERE id = ?", after, ap3.ID)
	complaint(d3, w.dave, false, after, "pending", 0)
	mustExec(t, db, `INSERT INTO hidden_content (subject_type, subject_id, source, case_id, hidden_at, ended_at, outcome)
		VALUES ('post', ?, 'hash_bank', ?, ?, ?, 'restored')`, post5, r5, before, before)

	admin, err := models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{
		SignUp: models.SignUp{Name: "reader", Password: "password for reader", Confirm: "password for reader"}, Role: models.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	r, err := models.Transparency(ctx, db, admin, p)
	if err != nil {
		t.Fatal(err)
	}
	h := func(hours float64) *time.Duration {
		d := time.Duration(hours * float64(time.Hour)).Round(time.Second)
		return &d
	}
	wantKCC := func(t *testing.T, got []models.KCCRow, want map[string]models.KCCRow) {
		t.Helper()
		for _, g := range got {
			w, ok := want[g.Kind]
			if !ok {
				w = models.KCCRow{Kind: g.Kind}
			}
			if show(g) != show(w) {
				t.Errorf("%s:\n got  %s\n want %s", g.Kind, show(g), show(w))
			}
		}
	}
	t.Run("KCCLegalRequests", func(t *testing.T) {
		wantKCC(t, r.LegalRequests, map[string]models.KCCRow{
			"illegal_filming.victim": {Kind: "illegal_filming.victim", Received: 2, Removed: 1, Refused: 1, Deletions: 1, Blocks: 1,
				Median: h(84), P90: h(112.8)},
			"illegal_filming.organisation": {Kind: "illegal_filming.organisation", Received: 2, Removed: 1, Pending: 1, Deletions: 1,
				Median: h(24), P90: h(24)},
			"temporary_measure": {Kind: "temporary_measure", Received: 3, Blocked: 1, Restored: 1, Refused: 1, Blocks: 2,
				Median: h(6), P90: h(10.8)},
		})
	})
	t.Run("KCCReports", func(t *testing.T) {
		wantKCC(t, r.ReportsByReason, map[string]models.KCCRow{
			"spam": {Kind: "spam", Received: 6, Removed: 1, Warned: 1, Refused: 3, Pending: 1, Deletions: 1, Blocks: 1,
				Median: h(50.0 / 60), P90: h(1.6)},
			"harassment": {Kind: "harassment", Received: 2, Refused: 1, Restored: 1, Median: h(4), P90: h(4)},
			"hate":       {Kind: "hate", Received: 1, Refused: 1, Median: h(4), P90: h(4)},
			"threat":     {Kind: "threat", Received: 1, Restricted: 1, Median: h(10), P90: h(10)},
		})
	})
	t.Run("NoticesByCategory", func(t *testing.T) {
		got := map[string]int64{}
		for _, n := range r.Notices {
			got[n.Row+"/"+n.Col] = n.N
		}
		want := map[string]int64{
			"STATEMENT_CATEGORY_OTHER_VIOLATION_TC/user": 5, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC/organisation": 1,
			"STATEMENT_CATEGORY_OTHER_VIOLATION_TC/automation": 1,
			// a temporary measure for reputation is defamation: harmful speech, as its statement says
			"STATEMENT_CATEGORY_CYBER_VIOLENCE/user": 4, "STATEMENT_CATEGORY_CYBER_VIOLENCE/organisation": 1,
			"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH/user":              2,
			"STATEMENT_CATEGORY_VIOLENCE/user":                               1,
			"STATEMENT_CATEGORY_PROTECTION_OF_MINORS/organisation":           1,
			"STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS/user": 2,
			"/user": 13, "/organisation": 3, "/automation": 1,
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("notices:\n got  %v\n want %v", got, want)
		}
	})
	t.Run("Actions", func(t *testing.T) {
		want := []models.ActionRow{
			{Key: "remove", Total: 2, OnNotice: 2, Illegal: 1, Incompatible: 1, NotAutomed: 2},
			{Key: "hide", Total: 1, OwnInitiative: 1, Incompatible: 1, Fully: 1, AutomatedDetection: 1},
			{Key: "temporary_block", Total: 1, OnNotice: 1, Illegal: 1, NotAutomed: 1},
			{Key: "restrict_account", Total: 1, OnNotice: 1, Incompatible: 1, Partially: 1},
			{Key: "restrict_reporting", Total: 1, OwnInitiative: 1, Incompatible: 1, NotAutomed: 1},
			{Key: "", Total: 6, OnNotice: 4, OwnInitiative: 2, Illegal: 2, Incompatible: 4, Fully: 1, Partially: 1, NotAutomed: 4,
				AutomatedDetection: 1},
		}
		if fmt.Sprint(r.Actions) != fmt.Sprint(want) {
			t.Errorf("actions by kind:\n got  %+v\n want %+v", r.Actions, want)
		}
		got := map[string]string{}
		for _, a := range r.ActionsCategory {
			if a.Total > 0 {
				got[a.Key] = fmt.Sprint(a.Total, " ", a.Illegal, " ", a.Incompatible)
			}
		}
		wantCat := map[string]string{"STATEMENT_CATEGORY_CYBER_VIOLENCE": "1 1 0", "STATEMENT_CATEGORY_OTHER_VIOLATION_TC": "3 0 3",
			"STATEMENT_CATEGORY_VIOLENCE": "1 0 1", "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS": "1 1 0", "": "6 2 4"}
		if fmt.Sprint(got) != fmt.Sprint(wantCat) {
			t.Errorf("actions by category:\n got  %v\n want %v", got, wantCat)
		}
	})
	t.Run("TimeToAction", func(t *testing.T) {
		want := models.TimeToAction{Acted: 7, Decided: 13, ActedMedian: h(10), DecidedMedian: h(4)}
		if fmt.Sprint(r.Time.Acted, r.Time.Decided, *r.Time.ActedMedian, *r.Time.DecidedMedian) !=
			fmt.Sprint(want.Acted, want.Decided, *want.ActedMedian, *want.DecidedMedian) {
			t.Errorf("time to action = %d %d %v %v", r.Time.Acted, r.Time.Decided, *r.Time.ActedMedian, *r.Time.DecidedMedian)
		}
	})
	t.Run("Article23", func(t *testing.T) {
		want := []models.SuspensionRow{{Who: "users", Warnings: 1, Suspensions: 1, Accounts: 1},
			{Who: "reporters", Warnings: 1, Suspensions: 1, Accounts: 1}}
		if fmt.Sprint(r.Suspensions) != fmt.Sprint(want) {
			t.Errorf("suspensions:\n got  %+v\n want %+v", r.Suspensions, want)
		}
	})
	t.Run("Complaints", func(t *testing.T) {
		want := []models.ComplaintRow{
			{Kind: "affected", Received: 2, Decided: 2, Granted: 1, Rejected: 1, Median: h(3)},
			{Kind: "reporter", Received: 1, Pending: 1},
			{Kind: "appeal", Received: 2, Decided: 1, Rejected: 1, Pending: 1, Median: h(5)},
		}
		for i := range want {
			if show(r.Complaints[i]) != show(want[i]) {
				t.Errorf("complaints %s:\n got  %s\n want %s", want[i].Kind, show(r.Complaints[i]), show(want[i]))
			}
		}
	})
}

// show prints a row with its times, not their addresses.
func show(v any) string {
	switch x := v.(type) {
	case models.KCCRow:
		return fmt.Sprintf("%+v median %s p90 %s", models.KCCRow{Kind: x.Kind, Received: x.Received, Removed: x.Removed,
			Blocked: x.Blocked, Restricted: x.Restricted, Warned: x.Warned, Refused: x.Refused, Restored: x.Restored,
			Pending: x.Pending, Deletions: x.Deletions, Blocks: x.Blocks}, dur(x.Median), dur(x.P90))
	case models.ComplaintRow:
		return fmt.Sprintf("%s %d %d %d %d %d median %s", x.Kind, x.Received, x.Decided, x.Granted, x.Rejected, x.Pending, dur(x.Median))
	}
	return fmt.Sprint(v)
}

func dur(d *time.Duration) string {
	if d == nil {
		return "none"
	}
	return d.String()
}

func TestTransparencyPeriod(t *testing.T) {
	t.Parallel()
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 8, 15, 10, 0, 0, 0, seoul)
	for preset, want := range map[string]string{
		models.PresetLastMonth:    "2026-07-01 2026-08-01",
		models.PresetLastHalfYear: "2026-01-01 2026-07-01",
		models.PresetLastYear:     "2025-01-01 2026-01-01",
	} {
		p, ok := models.PresetPeriod(preset, now)
		if got := p.From.Format(time.DateOnly) + " " + p.To.Format(time.DateOnly); !ok || got != want || p.From.Location() != seoul {
			t.Errorf("%s = %s, want %s", preset, got, want)
		}
	}
	if p, _ := models.PresetPeriod(models.PresetLastHalfYear, time.Date(2026, 3, 1, 0, 0, 0, 0, seoul)); p.From.Format(time.DateOnly) != "2025-07-01" {
		t.Errorf("last half-year in March starts %s", p.From.Format(time.DateOnly))
	}
	if _, ok := models.PresetPeriod("last_decade", now); ok {
		t.Error("an unknown preset was taken")
	}
	for _, c := range []struct{ from, to, field, words string }{
		{"2026-13-01", "2026-12-31", "from", "Give a date such as 2026-11-30."},
		{"2026-10-01", "yesterday", "to", "Give a date such as 2026-11-30."},
		{"2026-10-02", "2026-10-01", "to", "The last day must not come before the first."},
		{"2020-01-01", "2026-10-01", "to", "Keep the period within 1830 days."},
	} {
		_, err := models.ParsePeriod(c.from, c.to, seoul)
		wantCode(t, err, models.Invalid)
		if got := fieldWords(models.AsError(err))[c.field]; got != c.words {
			t.Errorf("%s..%s: %s says %q, want %q", c.from, c.to, c.field, got, c.words)
		}
	}
	p, err := models.ParsePeriod("2026-10-01", "2026-10-01", seoul)
	if err != nil || p.To.Sub(p.From) != 24*time.Hour {
		t.Errorf("one day = %v, %v", p, err)
	}
}

func TestPersonInCharge(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin, err := models.CreateStaffFromCommandLine(w.ctx, w.db, models.StaffSignUp{
		SignUp: models.SignUp{Name: "boss", Password: "password for boss", Confirm: "password for boss"}, Role: models.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := models.ReadPersonInCharge(w.ctx, w.db); p != nil || err != nil {
		t.Fatalf("before any: %+v, %v", p, err)
	}
	wantCode(t, models.SetPersonInCharge(w.ctx, w.db, w.mod, "Kim", "kim@example.com"), models.Forbidden)
	err = models.SetPersonInCharge(w.ctx, w.db, admin, "  ", string(make([]rune, 201)))
	wantCode(t, err, models.Invalid)
	if f := models.AsError(err).Fields; !f.Has("name") || !f.Has("contact") {
		t.Fatalf("fields = %v", f)
	}
	for _, name := range []string{"김지우", "Kim Jiwoo, Trust and Safety"} {
		if err := models.SetPersonInCharge(w.ctx, w.db, admin, " "+name+" ", "safety@talksafe.example"); err != nil {
			t.Fatal(err)
		}
	}
	p, err := models.ReadPersonInCharge(w.ctx, w.db)
	if err != nil || p.Name != "Kim Jiwoo, Trust and Safety" || p.Contact != "safety@talksafe.example" {
		t.Fatalf("person = %+v, %v", p, err)
	}
	if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'transparency.person_in_charge' AND actor_id = ?", admin.ID); n != 2 {
		t.Fatalf("%d audit events, want 2", n)
	}
}
