package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
)

// TestModDecisionFormRules: the form's rules as the issue states them, each
// through the router.
func TestModDecisionFormRules(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	mod := f.en.login("mod")

	t.Run("OKNoViolationWithoutPolicy", func(t *testing.T) {
		_, kase := f.reportPost("a fine post", "harassment")
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"no_violation"}})
		wantRedirect(t, r, casePath(kase, ""))
		page := wantFlash(t, mod, r, "Decided: No violation.")
		if f.rows("SELECT count(*) FROM cases WHERE id = ? AND resolution = 'no_violation' AND policy_reason IS NULL", kase) != 1 {
			t.Fatal("the case was not decided under no rule")
		}
		if got := page.doc.Find(`[data-testid="decision"]`).Text(); strings.Contains(got, "“") {
			t.Fatalf("the decision names a rule: %q", got)
		}
	})
	t.Run("OKLoneReportIsTheFalseReport", func(t *testing.T) {
		_, kase := f.reportPost("a lone report", "spam")
		page := mod.get(casePath(kase, ""))
		if page.doc.Find(`input[name="false_reports"][checked]`).Length() != 1 {
			t.Fatal("the lone report is not ticked by default")
		}
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"false_report"}})
		wantRedirect(t, r, casePath(kase, ""))
		if f.rows("SELECT count(*) FROM reports WHERE case_id = ? AND state = 'false'", kase) != 1 {
			t.Fatal("the lone report was not marked false")
		}
		if f.rows("SELECT count(*) FROM cases WHERE id = ? AND policy_reason = 'false_reporting'", kase) != 1 {
			t.Fatal("a false report is not under the false reporting rule")
		}
	})
	t.Run("ErrSeveralReportsNoneChosen", func(t *testing.T) {
		post, kase := f.reportPost("two reports", "spam")
		if _, _, err := models.JoinOpenChat(t.Context(), f.en.db, f.cato.ID, f.room); err != nil {
			t.Fatal(err)
		}
		if _, _, err := models.FileReport(t.Context(), f.en.db, f.cato.ID, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: []string{"spam"}}); err != nil {
			t.Fatal(err)
		}
		wantFieldError(t, mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"false_report"}}), "false_reports", "Choose the reports you found false")
	})
	t.Run("OKUnusedFieldsIgnored", func(t *testing.T) {
		_, kase := f.reportPost("a warning", "spam")
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"warn"}, "policy": {"spam"}, "scope": {"everything"}, "days": {"5"},
			"false_reports": {"999999"}})
		wantRedirect(t, r, casePath(kase, ""))
		if f.rows("SELECT count(*) FROM restrictions WHERE case_id = ?", kase) != 0 || f.rows("SELECT count(*) FROM reports WHERE case_id = ? AND state = 'false'", kase) != 0 {
			t.Fatal("a warning acted on fields it does not use")
		}
		_, kase = f.reportPost("no violation, rule and all", "spam")
		wantRedirect(t, mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"no_violation"}, "policy": {"nonsense"}, "remove_content": {"1"}}), casePath(kase, ""))
		if f.rows("SELECT count(*) FROM board_posts WHERE title = 'no violation, rule and all' AND removed_at IS NULL") != 1 {
			t.Fatal("no violation removed the content")
		}
	})
	t.Run("OKDefaultRule", func(t *testing.T) {
		_, kase := f.reportPost("fraud and spam", "spam", "fraud")
		page := mod.get(casePath(kase, ""))
		if got := page.doc.Find(`select[name="policy"] option[selected]`).AttrOr("value", ""); got != "fraud" {
			t.Fatalf("the rule offered first is %q, want the worst reason, fraud", got)
		}
	})
	t.Run("ErrNotesKept", func(t *testing.T) {
		_, kase := f.reportPost("notes", "spam")
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"spam"},
			"internal_note": {"seen this before"}, "user_note": {"Please stop."}})
		wantFieldError(t, r, "scope", "Choose what to restrict")
		if got := r.doc.Find(`textarea[name="internal_note"]`).Text(); got != "seen this before" {
			t.Fatalf("internal note %q", got)
		}
		if got := r.doc.Find(`textarea[name="user_note"]`).Text(); got != "Please stop." {
			t.Fatalf("user note %q", got)
		}
		if r.doc.Find(`input[name="kind"][value="restrict"][checked]`).Length() != 1 {
			t.Fatal("the chosen decision was not kept")
		}
	})
	t.Run("ErrRevealedStaysWithoutSecondAudit", func(t *testing.T) {
		_, kase := f.reportPost("a threat", "threat")
		wantRedirect(t, mod.submit(casePath(kase, "/reveal"), nil), casePath(kase, "#evidence"))
		if page := mod.get(casePath(kase, "")); !strings.Contains(page.body, "body of a threat") {
			t.Fatal("revealed evidence not shown")
		}
		views := func() int64 {
			return f.rows(`SELECT count(*) FROM audit_events a JOIN reports r ON r.id = a.subject_id
				WHERE a.action = 'evidence.view' AND a.subject_type = 'report' AND r.case_id = ? AND a.actor_id = ?`, kase, f.mod.ID)
		}
		before := views()
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"threat"}, "user_note": {"kept"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.body, "body of a threat") || r.doc.Find(`[data-testid="evidence-hidden"]`).Length() != 0 {
			t.Fatal("the refused submit hid the revealed evidence")
		}
		if after := views(); after != before || before != 1 {
			t.Fatalf("evidence views audited: %d before the refused submit, %d after", before, after)
		}
		if f.rows("SELECT count(*) FROM audit_events WHERE action = 'evidence.reveal' AND subject_id = ?", kase) != 1 {
			t.Fatal("the refused submit wrote a second reveal")
		}
	})
}

// TestModCaseStandingAndTickets: the case page shows the reported user's
// restriction in force, the pending appeal and the earlier case, and the
// linked ticket with support's note.
func TestModCaseStandingAndTickets(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	mod := f.en.login("mod")
	_, first := f.reportPost("first", "spam")
	comment := f.post(f.bora, "second", "body of second")
	wantStatus(t, mod.submit(casePath(first, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"30"},
		"user_note": {"No more adverts."}, "override_reason": {"Adverts after two warnings."}}), http.StatusSeeOther)
	var rid int64
	f.en.db.Raw("SELECT id FROM restrictions WHERE case_id = ?", first).Scan(&rid)
	wantStatus(t, f.en.login("bora").submit(fmt.Sprintf("/restrictions/%d/appeal", rid), url.Values{"body": {"It was a mistake."}}), http.StatusSeeOther)

	filed, _, err := models.FileReport(t.Context(), f.en.db, f.alma.ID, models.ReportInput{Type: models.SubjectPost, ID: comment, Reasons: []string{"harassment"}})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := models.OpenTicket(t.Context(), f.en.db, f.alma.ID, models.TicketInput{Category: models.TicketSafetyThreat, Description: "He keeps following me around.", ReportIDs: []int64{filed.ReportID}})
	if err != nil {
		t.Fatal(err)
	}
	desk := f.en.user("desk", models.RoleSupport)
	if err := models.AddTicketNote(t.Context(), f.en.db, desk, tk.ID, "Called her back; she is safe."); err != nil {
		t.Fatal(err)
	}
	page := mod.get(casePath(filed.CaseID, ""))
	wantStatus(t, page, http.StatusOK)
	standing := page.doc.Find(`[data-testid="history"]`).Text()
	for _, want := range []string{"Restrictions in force", "Posting", "Pending appeals", "It was a mistake.", fmt.Sprintf("#%d", first)} {
		if !strings.Contains(standing, want) {
			t.Errorf("standing lacks %q:\n%s", want, standing)
		}
	}
	tickets := page.doc.Find(`[data-testid="case-ticket"]`)
	if tickets.Length() != 1 || !strings.Contains(tickets.Text(), "He keeps following me around.") || !strings.Contains(tickets.Text(), "Called her back; she is safe.") {
		t.Fatalf("linked ticket:\n%s", tickets.Text())
	}
	// The standing and the form come in one column after the evidence,
	// the standing first.
	html := page.body
	if !(strings.Index(html, `data-testid="evidence"`) < strings.Index(html, `data-testid="history"`) &&
		strings.Index(html, `data-testid="history"`) < strings.Index(html, `data-testid="decide-form"`)) {
		t.Fatal("the page is not evidence, then standing, then the form")
	}

	// The appeals page: the appeal, the decision with its note, the
	// user's restrictions and the evidence (audited), Lift and Uphold alike.
	appeals := f.en.login("mod2").get("/mod/appeals")
	wantStatus(t, appeals, http.StatusOK)
	a := appeals.doc.Find(`[data-testid="appeal"]`)
	for sel, want := range map[string]string{`[data-testid="appeal-text"]`: "It was a mistake.", `[data-testid="appeal-decision"]`: "No more adverts.",
		`[data-testid="appeal-restrictions"]`: "Posting", `[data-testid="appeal-evidence"]`: "body of first"} {
		if got := a.Find(sel).Text(); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", sel, got, want)
		}
	}
	if f.rows(`SELECT count(*) FROM audit_events WHERE action = 'evidence.view' AND detail->>'via' = 'appeal'`) != 1 {
		t.Error("the appeal's evidence view was not audited")
	}
	lift, uphold := a.Find(`button[value="lift"]`), a.Find(`button[value="uphold"]`)
	if lift.Length() != 1 || uphold.Length() != 1 || lift.AttrOr("class", "") != uphold.AttrOr("class", "") {
		t.Error("Lift and Uphold do not weigh the same")
	}
}

// TestModQueuePreview: a row shows the first line of its evidence, a
// severe case only that it is severe (none of its text), and viewing the
// queue audits no evidence view. A bulk decision keeps the filter.
func TestModQueuePreview(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	f.reportPost("Cheap watches here", "spam")
	f.reportPost("I know where you live", "threat")
	mod := f.en.login("mod")
	q := mod.get("/mod")
	wantStatus(t, q, http.StatusOK)
	if got := q.doc.Find(`[data-testid="preview"]`).Text(); got != "Cheap watches here" {
		t.Fatalf("preview %q", got)
	}
	if q.doc.Find(`[data-testid="preview-severe"]`).Length() != 1 || strings.Contains(q.body, "I know where you live") {
		t.Fatal("the severe case's evidence is on the queue")
	}
	if f.rows("SELECT count(*) FROM audit_events WHERE action LIKE 'evidence.%'") != 0 {
		t.Fatal("the queue audited an evidence view")
	}
	if q.doc.Find(`input[data-select-all]`).Length() != 1 {
		t.Fatal("no select-all")
	}
	filtered := mod.get("/mod?reason=spam")
	action := filtered.doc.Find(`form[action^="/mod/bulk"]`).AttrOr("action", "")
	var spam string
	filtered.doc.Find(`input[name="cases"]`).Each(func(_ int, s *goquery.Selection) { spam = s.AttrOr("value", "") })
	r := mod.submit(action, url.Values{"cases": {spam}, "kind": {"remove"}, "policy": {"spam"}})
	wantRedirect(t, r, "/mod?reason=spam")
}
