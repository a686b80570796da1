package models_test

import (
	"testing"

	"talksafe/models"
)

// decisionOf is the decision that stands on case caseID.
func (w *modWorld) decisionOf(caseID int64) int64 {
	w.t.Helper()
	var id *int64
	if err := w.db.Raw("SELECT decision_id FROM cases WHERE id = ?", caseID).Scan(&id).Error; err != nil || id == nil {
		w.t.Fatalf("no decision on case %d: %v", caseID, err)
	}
	return *id
}

// TestComplaintAboutRemoval: the author of removed content complains once,
// within 6 months; nobody else can; the decider cannot judge; granted, the
// content is back, the strikes withdrawn and the case back in the queue.
func TestComplaintAboutRemoval(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	c := w.report(0, w.post("removed"), "harassment")
	if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}
	d := w.decisionOf(c)
	items, _, err := models.Notices(w.ctx, w.db, w.dave, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	on, id := items[0].ComplaintOn(items[0].CreatedAt)
	if items[0].Kind != models.NoticeContentRemoved || on != models.ComplainDecision || id != d {
		t.Fatalf("removal notice offers %q %d, want the decision %d: %+v", on, id, d, items[0])
	}

	t.Run("ErrNotAffected", func(t *testing.T) {
		_, err := models.FileComplaint(w.ctx, w.db, w.reporters[0], models.ComplainDecision, d, "not mine")
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, " ")
		wantCode(t, err, models.Invalid)
	})
	var complaint *models.Complaint
	t.Run("OK", func(t *testing.T) {
		var err error
		complaint, err = models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, "It was a quote, not an insult.")
		if err != nil {
			t.Fatal(err)
		}
		items, _, _ := models.Notices(w.ctx, w.db, w.dave, 0, 10)
		if on, _ := items[0].ComplaintOn(items[0].CreatedAt); on != "" {
			t.Fatalf("the notice still offers a complaint after one: %q", on)
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		_, err := models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, "again")
		wantCode(t, err, models.Conflict)
		if n := count(t, w.db, "SELECT count(*) FROM complaints WHERE decision_id = ?", d); n != 1 {
			t.Fatalf("%d complaints, want 1", n)
		}
	})
	t.Run("ErrDecider", func(t *testing.T) {
		wantCode(t, models.DecideComplaint(w.ctx, w.db, w.mod, complaint.ID, true, ""), models.Forbidden)
		list, _, err := models.PendingComplaints(w.ctx, w.db, w.mod, 0, 10)
		if err != nil || len(list) != 1 || list[0].JudgeableBy(w.mod) || !list[0].OwnDecisionOf(w.mod) || !list[0].JudgeableBy(w.mod2) {
			t.Fatalf("pending = %+v, %v", list, err)
		}
	})
	t.Run("GrantReverses", func(t *testing.T) {
		if n, _ := models.ActiveStrikes(w.ctx, w.db, w.dave); n == 0 {
			t.Fatal("the removal gave no strikes")
		}
		if err := models.DecideComplaint(w.ctx, w.db, w.mod2, complaint.ID, true, "A quote."); err != nil {
			t.Fatal(err)
		}
		if n, _ := models.ActiveStrikes(w.ctx, w.db, w.dave); n != 0 {
			t.Errorf("dave still has %d strikes", n)
		}
		checks := map[string]int64{
			"post restored":    count(t, w.db, "SELECT count(*) FROM board_posts p JOIN cases c ON c.subject_id = p.id WHERE c.id = ? AND p.removed_at IS NULL", c),
			"case reopened":    count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open' AND decision_id IS NULL", c),
			"reversal":         count(t, w.db, "SELECT count(*) FROM reversals WHERE via = 'complaint' AND decision_id = ?", d),
			"granted":          count(t, w.db, "SELECT count(*) FROM complaints WHERE id = ? AND state = 'granted' AND decided_by = ?", complaint.ID, w.mod2.ID),
			"complainant told": count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'complaint_decided' AND complaint_id = ?", w.dave, complaint.ID),
			"audited":          count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'complaint.decide' AND subject_id = ?", complaint.ID),
			"one notice only":  1 - count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'decision_reversed'", w.dave),
		}
		for what, n := range checks {
			if n != 1 {
				t.Errorf("%s: %d", what, n)
			}
		}
		wantCode(t, models.DecideComplaint(w.ctx, w.db, w.mod2, complaint.ID, false, ""), models.Conflict)
	})
}

// TestComplaintTooLate: 6 months after the notice a decision can no longer
// be complained about.
func TestComplaintTooLate(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	c := w.report(0, w.post("old"), "spam")
	if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRemove, Policy: "spam"}); err != nil {
		t.Fatal(err)
	}
	d := w.decisionOf(c)
	mustExec(t, w.db, "UPDATE decisions SET created_at = now() - interval '6 months 1 day' WHERE id = ?", d)
	_, err := models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, "Too late?")
	wantCode(t, err, models.Invalid)
	if e := models.AsError(err); e.Key != "error.complaint.too_late" {
		t.Fatalf("key %s", e.Key)
	}
	mustExec(t, w.db, "UPDATE decisions SET created_at = now() - interval '6 months' + interval '1 hour' WHERE id = ?", d)
	if _, err := models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, "Just in time."); err != nil {
		t.Fatal(err)
	}
}

// TestComplaintRestrictionInForce: a decision whose restriction is in
// force is complained about by the restriction's appeal; lifting it on
// appeal reverses the whole decision (the restriction ended, the content
// back, the strikes withdrawn); and the appeal was the decision's one
// complaint.
func TestComplaintRestrictionInForce(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	c := w.report(0, w.post("restricted"), "harassment")
	got, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRestrict, Policy: "harassment",
		Scope: models.ScopePosting, Days: "1", RemoveContent: true})
	if err != nil {
		t.Fatal(err)
	}
	d := w.decisionOf(c)
	target, err := models.FindComplaintTarget(w.ctx, w.db, w.dave, models.ComplainDecision, d)
	if err != nil {
		t.Fatal(err)
	}
	if target.AppealRestriction == nil || *target.AppealRestriction != got.RestrictionID {
		t.Fatalf("target = %+v, want the restriction %d to appeal", target, got.RestrictionID)
	}
	_, err = models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, "Wrong.")
	wantCode(t, err, models.Conflict)
	a, err := models.FileAppeal(w.ctx, w.db, w.dave, got.RestrictionID, "Wrong.")
	if err != nil {
		t.Fatal(err)
	}
	_, err = models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, d, "Wrong again.")
	if e := models.AsError(err); e == nil || e.Key != "error.complaint.already" {
		t.Fatalf("a complaint after the appeal: %v", err)
	}
	if err := models.DecideAppeal(w.ctx, w.db, w.mod2, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE id = ? AND lifted_at IS NOT NULL", got.RestrictionID); n != 1 {
		t.Error("restriction not ended")
	}
	if n, _ := models.ActiveStrikes(w.ctx, w.db, w.dave); n != 0 {
		t.Errorf("dave still has %d strikes", n)
	}
}

// TestSecondLook: a reporter asks once for a second look at "no
// violation"; granted, the case is back in the queue escalated; the
// reported user is told nothing of it; a second request is refused.
func TestSecondLook(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	c := w.report(0, w.post("fine"), "spam")
	if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideNoViolation}); err != nil {
		t.Fatal(err)
	}
	var report int64
	w.db.Raw("SELECT id FROM reports WHERE case_id = ?", c).Scan(&report)
	t.Run("ErrNotTheirs", func(t *testing.T) {
		_, err := models.FileComplaint(w.ctx, w.db, w.reporters[1], models.ComplainReport, report, "not my report")
		wantCode(t, err, models.NotFound)
		_, err = models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainDecision, w.decisionOf(c), "no violation is not a restriction")
		wantCode(t, err, models.NotFound)
	})
	x, err := models.FileComplaint(w.ctx, w.db, w.reporters[0], models.ComplainReport, report, "Look at the link in it.")
	if err != nil {
		t.Fatal(err)
	}
	if !x.ByReporter || x.DecisionID == nil || *x.DecisionID != w.decisionOf(c) {
		t.Fatalf("complaint = %+v", x)
	}
	t.Run("ErrTwice", func(t *testing.T) {
		_, err := models.FileComplaint(w.ctx, w.db, w.reporters[0], models.ComplainReport, report, "again")
		if e := models.AsError(err); e == nil || e.Key != "error.complaint.second_look_once" {
			t.Fatalf("second request: %v", err)
		}
	})
	daveNotices := count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ?", w.dave)
	wantCode(t, models.DecideComplaint(w.ctx, w.db, w.mod, x.ID, true, ""), models.Forbidden)
	if err := models.DecideComplaint(w.ctx, w.db, w.mod2, x.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'escalated' AND escalated_at IS NOT NULL AND decision_id IS NOT NULL", c); n != 1 {
		t.Fatal("the case is not back in the queue escalated")
	}
	if n := count(t, w.db, "SELECT count(*) FROM reports WHERE id = ? AND state = 'under_review'", report); n != 1 {
		t.Fatal("the report is not under review")
	}
	if n := count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ?", w.dave); n != daveNotices {
		t.Fatalf("the reported user got %d notices", n-daveNotices)
	}
	q, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{}, 0, 10)
	if err != nil || len(q.Cases) == 0 || q.Cases[0].ID != c {
		t.Fatalf("queue = %v, %v", queueIDs(q), err)
	}
	// Decided again "no violation": the reporter's one second look is spent.
	if _, err := models.DecideCase(w.ctx, w.db, w.mod2, c, models.Decision{Kind: models.DecideNoViolation}); err != nil {
		t.Fatal(err)
	}
	_, err = models.FileComplaint(w.ctx, w.db, w.reporters[0], models.ComplainReport, report, "and again")
	wantCode(t, err, models.Conflict)
}

// TestComplaintAboutHide: an author complains about a rule's hide pending
// review; any moderator may judge (no moderator decided); granted, the
// content is back while the case stays in the queue.
func TestComplaintAboutHide(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	post := w.post("hidden")
	c := w.report(0, post, "spam")
	w.hide(models.SubjectPost, post, &c)
	var hide int64
	w.db.Raw("SELECT id FROM hidden_content WHERE subject_id = ? AND ended_at IS NULL", post).Scan(&hide)
	_, err := models.FileComplaint(w.ctx, w.db, w.reporters[0], models.ComplainHide, hide, "not mine")
	wantCode(t, err, models.NotFound)
	x, err := models.FileComplaint(w.ctx, w.db, w.dave, models.ComplainHide, hide, "It is not spam.")
	if err != nil {
		t.Fatal(err)
	}
	if err := models.DecideComplaint(w.ctx, w.db, w.mod, x.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(t, w.db, "SELECT count(*) FROM hidden_content WHERE id = ? AND outcome = 'reversed'", hide); n != 1 {
		t.Fatal("the hide did not end")
	}
	if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", c); n != 1 {
		t.Fatal("the case left the queue")
	}
}

// TestDesignation: an admin designates a user account by name and ends it;
// bad inputs are refused; a designated organisation's report comes after
// escalations but before a more severe ordinary report, and is counted
// apart.
func TestDesignation(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	pw := "password for boss"
	boss, err := models.CreateStaffFromCommandLine(w.ctx, w.db, models.StaffSignUp{SignUp: models.SignUp{Name: "boss", Password: pw, Confirm: pw}, Role: models.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		actor *models.User
		name  string
		kind  models.Designation
		code  models.Code
	}{
		"ErrNotAdmin": {w.mod, "rep4", models.DesignatedTrustedFlagger, models.Forbidden},
		"ErrUnknown":  {boss, "nobody", models.DesignatedTrustedFlagger, models.Invalid},
		"ErrStaff":    {boss, "mod2", models.DesignatedTrustedFlagger, models.Invalid},
		"ErrKind":     {boss, "rep4", "police", models.Invalid},
		"ErrEmpty":    {boss, " ", models.DesignatedKCCBody, models.Invalid},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := models.Designate(w.ctx, w.db, tc.actor, tc.name, tc.kind)
			wantCode(t, err, tc.code)
		})
	}
	org, err := models.Designate(w.ctx, w.db, boss, "@rep4", models.DesignatedTrustedFlagger)
	if err != nil || !org.Designated() {
		t.Fatalf("designate: %+v %v", org, err)
	}
	_, err = models.Designate(w.ctx, w.db, boss, "rep4", models.DesignatedKCCBody)
	wantCode(t, err, models.Conflict)
	list, err := models.DesignatedOrganisations(w.ctx, w.db, boss)
	if err != nil || len(list) != 1 || list[0].Name != "rep4" || list[0].DesignatedByName != "boss" {
		t.Fatalf("organisations = %+v, %v", list, err)
	}

	escalated := w.report(0, w.post("escalated"), "spam")
	mustExec(t, w.db, "UPDATE cases SET state = 'escalated', escalated_at = now() WHERE id = ?", escalated)
	threat := w.report(0, w.post("threat"), "threat")
	flagged := w.report(3, w.post("flagged spam"), "spam")
	q, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{}, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := queueIDs(q); len(got) != 3 || got[0] != escalated || got[1] != flagged || got[2] != threat {
		t.Fatalf("queue = %v, want escalated %d, designated %d, threat %d", got, escalated, flagged, threat)
	}
	if !q.Cases[1].DesignatedReporter || q.Cases[2].DesignatedReporter {
		t.Fatal("designated mark on the wrong rows")
	}
	s, err := models.ModerationStats(w.ctx, w.db, boss.Location())
	if err != nil || s.Designated.Filed != 1 {
		t.Fatalf("stats designated = %+v, %v", s.Designated, err)
	}

	if err := models.EndDesignation(w.ctx, w.db, boss, org.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, models.EndDesignation(w.ctx, w.db, boss, org.ID), models.Conflict)
	if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action IN ('designation.create', 'designation.end') AND subject_id = ?", org.ID); n != 2 {
		t.Fatalf("%d audit events", n)
	}
}
