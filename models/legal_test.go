package models_test

import (
	"strings"
	"testing"

	"talksafe/models"
)

// legalRequest files reporter i's request about post id of content kind.
func (w *modWorld) legalRequest(i int, id int64, kind models.LegalContentKind) *models.LegalRequest {
	w.t.Helper()
	r, _, err := models.FileLegalRequest(w.ctx, w.db, w.reporters[i], models.LegalInput{Type: models.SubjectPost, ID: id,
		ContentKind: string(kind), Explanation: "This is me, filmed without my consent."})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

// legalRow reads request id again.
func (w *modWorld) legalRow(id int64) models.LegalRequest {
	w.t.Helper()
	var r models.LegalRequest
	if err := w.db.Raw("SELECT * FROM legal_requests WHERE id = ?", id).Take(&r).Error; err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *modWorld) notices(user int64, kind models.NoticeKind) int64 {
	w.t.Helper()
	return count(w.t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = ?", user, kind)
}

func TestLegalRequestFiling(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)

	t.Run("OK/VictimRequestRidesOnACase", func(t *testing.T) {
		post := w.post("filmed")
		r := w.legalRequest(0, post, models.LegalIllegallyFilmed)
		if r.Kind != models.LegalIllegalFilming || r.RequesterKind != models.RequesterVictim || r.State != models.LegalPending {
			t.Fatalf("request %+v", r)
		}
		if r.CaseID == nil || r.ReportID == nil || r.AuthorID == nil || *r.AuthorID != w.dave {
			t.Fatalf("request without its case, report or author: %+v", r)
		}
		if n := count(t, w.db, "SELECT count(*) FROM legal_requests WHERE id = ? AND deadline_at = created_at + interval '14 days'", r.ID); n != 1 {
			t.Fatal("deadline is not created_at + 14 days")
		}
		if n := count(t, w.db, `SELECT count(*) FROM cases WHERE id = ? AND legal_request AND 'sexual_exploitation' = ANY (reasons)`, *r.CaseID); n != 1 {
			t.Fatal("case not marked a legal request under sexual exploitation")
		}
		if n := count(t, w.db, "SELECT count(*) FROM evidence_snapshots WHERE report_id = ?", *r.ReportID); n != 1 {
			t.Fatal("no evidence snapshot")
		}
		if w.notices(w.reporters[0], models.NoticeLegalReceived) != 1 {
			t.Fatal("requester not told it was received")
		}
		q, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		if q.Cases[0].ID != *r.CaseID || q.Cases[0].LegalDeadline == nil || q.Cases[0].LegalOverdue {
			t.Fatalf("legal request not first in the queue with its deadline: %+v", q.Cases[0])
		}
	})

	t.Run("OK/OrganisationAndEarlierReportLinked", func(t *testing.T) {
		post := w.post("circulated")
		caseID := w.report(1, post, "obscene")
		mustExec(t, w.db, "UPDATE users SET designation = 'kcc_body', designated_at = now() WHERE id = ?", w.reporters[1])
		defer mustExec(t, w.db, "UPDATE users SET designation = NULL WHERE id = ?", w.reporters[1])
		r := w.legalRequest(1, post, models.LegalComposite)
		if r.RequesterKind != models.RequesterOrganisation || *r.CaseID != caseID {
			t.Fatalf("request %+v, want an organisation's on case %d", r, caseID)
		}
		if n := count(t, w.db, "SELECT count(*) FROM reports WHERE subject_type = 'post' AND subject_id = ?", post); n != 1 {
			t.Fatalf("%d reports, want the earlier one linked", n)
		}
	})

	t.Run("Err/DoubleSubmit", func(t *testing.T) {
		post := w.post("twice")
		w.legalRequest(2, post, models.LegalIllegallyFilmed)
		_, _, err := models.FileLegalRequest(w.ctx, w.db, w.reporters[2], models.LegalInput{Type: models.SubjectPost, ID: post,
			ContentKind: "composite", Explanation: "again"})
		wantCode(t, err, models.Conflict)
	})

	t.Run("Err/PrivateChat", func(t *testing.T) {
		_, _, err := models.FileLegalRequest(w.ctx, w.db, w.reporters[0], models.LegalInput{Type: models.SubjectMessage, ID: 1,
			ContentKind: "illegally_filmed", Explanation: "a chat"})
		if err != models.ErrLegalPrivateChat {
			t.Fatalf("err %v, want the private chat explanation", err)
		}
	})

	t.Run("Err/BadInput", func(t *testing.T) {
		post := w.post("inputs")
		_, target, err := models.FileLegalRequest(w.ctx, w.db, w.reporters[3], models.LegalInput{Type: models.SubjectPost, ID: post,
			ContentKind: "gossip", Explanation: " "})
		wantCode(t, err, models.Invalid)
		if f := fieldWords(models.AsError(err)); f["content_kind"] == "" || f["explanation"] == "" || target == nil {
			t.Fatalf("fields %v target %v", f, target)
		}
	})

	t.Run("Err/OwnRemovedOrHidden", func(t *testing.T) {
		post := w.post("mine")
		_, _, err := models.FileLegalRequest(w.ctx, w.db, w.dave, models.LegalInput{Type: models.SubjectPost, ID: post,
			ContentKind: "privacy", Explanation: "mine"})
		wantCode(t, err, models.Invalid)
		mustExec(t, w.db, "UPDATE board_posts SET removed_at = now() WHERE id = ?", post)
		_, _, err = models.FileLegalRequest(w.ctx, w.db, w.reporters[3], models.LegalInput{Type: models.SubjectPost, ID: post,
			ContentKind: "privacy", Explanation: "removed"})
		wantCode(t, err, models.NotFound)
		hidden := w.post("hidden")
		w.hide(models.SubjectPost, hidden, nil)
		_, _, err = models.FileLegalRequest(w.ctx, w.db, w.reporters[3], models.LegalInput{Type: models.SubjectPost, ID: hidden,
			ContentKind: "privacy", Explanation: "hidden"})
		wantCode(t, err, models.NotFound)
	})
}

func TestLegalRequestFlow(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)

	t.Run("OK/HideExtendRemoveReverse", func(t *testing.T) {
		post := w.post("to remove")
		r := w.legalRequest(0, post, models.LegalIllegallyFilmed)
		if err := models.HideForLegalRequest(w.ctx, w.db, w.mod, r.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, models.HideForLegalRequest(w.ctx, w.db, w.mod, r.ID), models.Conflict)
		if th := w.thread(w.reporters[1], post); !th.Post.HiddenFromMe() {
			t.Fatal("not hidden at once")
		}
		wantCode(t, models.ExtendLegalDeadline(w.ctx, w.db, w.mod, r.ID, ""), models.Invalid)
		if err := models.ExtendLegalDeadline(w.ctx, w.db, w.mod, r.ID, "We asked the organisation for the original."); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM legal_requests WHERE id = ? AND deadline_at = created_at + interval '28 days'", r.ID); n != 1 {
			t.Fatal("deadline not extended by 14 days")
		}
		err := models.ExtendLegalDeadline(w.ctx, w.db, w.mod, r.ID, "Once more.")
		wantCode(t, err, models.Conflict)
		if models.AsError(err).Key != "error.legal.extended_once" {
			t.Fatalf("second extension: %v", err)
		}
		if w.notices(w.reporters[0], models.NoticeLegalExtended) != 1 {
			t.Fatal("requester not told of the extension")
		}
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, *r.CaseID, models.Decision{Kind: models.DecideRemove, Policy: "sexual_exploitation"}); err != nil {
			t.Fatal(err)
		}
		got := w.legalRow(r.ID)
		if got.State != models.LegalDecided || got.Outcome != models.LegalRemoved || got.DecisionID == nil || got.DecidedBy == nil || *got.DecidedBy != w.mod.ID {
			t.Fatalf("answered %+v", got)
		}
		if w.notices(w.reporters[0], models.NoticeLegalOutcome) != 1 || w.notices(w.reporters[0], models.NoticeReportOutcome) != 0 {
			t.Fatal("requester not told the outcome once, by the legal notice")
		}
		items, _, err := models.Notices(w.ctx, w.db, w.reporters[0], 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if items[0].Kind != models.NoticeLegalOutcome || items[0].LegalOutcome == nil || *items[0].LegalOutcome != models.LegalRemoved || !items[0].LegalRequester {
			t.Fatalf("outcome notice %+v", items[0])
		}
		if _, err := models.ReverseCase(w.ctx, w.db, w.mod2, *r.CaseID, "The wrong post."); err != nil {
			t.Fatal(err)
		}
		if got := w.legalRow(r.ID); got.State != models.LegalPending || got.Outcome != "" || got.DecisionID != nil {
			t.Fatalf("after reversal %+v, want pending", got)
		}
		if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'legal_request' AND subject_id = ? AND action IN ('legal.hide', 'legal.extend')", r.ID); n != 2 {
			t.Fatalf("%d staff actions audited, want 2", n)
		}
	})

	t.Run("OK/NoViolationRefuses", func(t *testing.T) {
		post := w.post("fine")
		r := w.legalRequest(1, post, models.LegalIllegallyFilmed)
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, *r.CaseID, models.Decision{Kind: models.DecideNoViolation}); err != nil {
			t.Fatal(err)
		}
		if got := w.legalRow(r.ID); got.Outcome != models.LegalRefused {
			t.Fatalf("outcome %q, want refused", got.Outcome)
		}
	})

	t.Run("Err/NotAModerator", func(t *testing.T) {
		post := w.post("staff only")
		r := w.legalRequest(2, post, models.LegalIllegallyFilmed)
		wantCode(t, models.HideForLegalRequest(w.ctx, w.db, w.support, r.ID), models.Forbidden)
		wantCode(t, models.ExtendLegalDeadline(w.ctx, w.db, w.support, r.ID, "x"), models.Forbidden)
		wantCode(t, models.BlockTemporarily(w.ctx, w.db, w.support, r.ID, "3"), models.Forbidden)
		wantCode(t, models.BlockTemporarily(w.ctx, w.db, w.mod, r.ID, "3"), models.Invalid) // not a temporary measure
	})
}

func TestTemporaryMeasure(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	other := w.reporters[3]

	t.Run("OK/BlockObjectRestore", func(t *testing.T) {
		post := w.post("gossip")
		r := w.legalRequest(0, post, models.LegalReputation)
		if r.Kind != models.LegalTemporaryMeasure || r.DeadlineAt != nil {
			t.Fatalf("request %+v", r)
		}
		wantCode(t, models.ExtendLegalDeadline(w.ctx, w.db, w.mod, r.ID, "why"), models.Invalid)
		for _, days := range []string{"0", "31", "x"} {
			err := models.BlockTemporarily(w.ctx, w.db, w.mod, r.ID, days)
			wantCode(t, err, models.Invalid)
			if fieldWords(models.AsError(err))["days"] == "" {
				t.Fatalf("block of %s days: %v", days, err)
			}
		}
		if err := models.BlockTemporarily(w.ctx, w.db, w.mod, r.ID, "30"); err != nil {
			t.Fatal(err)
		}
		// One statement of reasons, of a temporary block that ends with it (DSA Art. 17).
		var sor []struct {
			Kind, End string
		}
		w.db.Raw(`SELECT kind, coalesce(body->>'end_date_visibility_restriction', '') AS end FROM statements WHERE legal_request_id = ?`, r.ID).Scan(&sor)
		if len(sor) != 1 || sor[0].Kind != "temporary_block" || sor[0].End != w.legalRow(r.ID).BlockUntil.UTC().Format("2006-01-02") {
			t.Fatalf("statements of the block: %+v", sor)
		}
		th := w.thread(other, post)
		if !th.Post.HiddenFromMe() || th.Post.BlockedUntil == nil {
			t.Fatalf("blocked post as another reads it: %+v", th.Post)
		}
		if mine := w.thread(w.dave, post); !mine.Post.HiddenForOthers() || mine.Post.BlockedUntil == nil {
			t.Fatalf("blocked post as its author reads it: %+v", mine.Post)
		}
		if w.notices(w.dave, models.NoticeLegalBlocked) != 1 || w.notices(w.reporters[0], models.NoticeLegalBlocked) != 1 {
			t.Fatal("both sides not told of the block")
		}
		items, _, err := models.Notices(w.ctx, w.db, w.dave, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if items[0].LegalRequester || items[0].LegalContentKind != nil || items[0].LegalBlockUntil == nil {
			t.Fatalf("author's notice %+v tells who asked or why", items[0])
		}
		// The author reads the block's statement of reasons with its notice; the requester does not.
		if items[0].Statement.Kind != models.StatementTemporaryBlock || items[0].Statement.Until == "" {
			t.Fatalf("the author's notice of the block carries statement %+v", items[0].Statement)
		}
		if asked, _, err := models.Notices(w.ctx, w.db, w.reporters[0], 0, 10); err != nil || asked[0].Statement.Kind != "" {
			t.Fatalf("the requester's notice carries statement %+v, %v", asked[0].Statement, err)
		}
		wantCode(t, models.ObjectToBlock(w.ctx, w.db, other, models.SubjectPost, post, "not mine"), models.NotFound)
		wantCode(t, models.ObjectToBlock(w.ctx, w.db, w.dave, models.SubjectPost, post, ""), models.Invalid)
		if err := models.ObjectToBlock(w.ctx, w.db, w.dave, models.SubjectPost, post, "It is a fair review."); err != nil {
			t.Fatal(err)
		}
		wantCode(t, models.ObjectToBlock(w.ctx, w.db, w.dave, models.SubjectPost, post, "again"), models.Conflict)
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, *r.CaseID, models.Decision{Kind: models.DecideNoViolation}); err != nil {
			t.Fatal(err)
		}
		if got := w.legalRow(r.ID); got.Outcome != models.LegalRestored {
			t.Fatalf("outcome %q, want restored", got.Outcome)
		}
		if th := w.thread(other, post); th.Post.Hidden || th.Post.BlockedUntil != nil {
			t.Fatal("still blocked after the moderator restored it")
		}
		if w.notices(w.dave, models.NoticeLegalRestored) != 1 {
			t.Fatal("author not told it is back")
		}
	})

	t.Run("OK/EndOfPeriodRestoresByItself", func(t *testing.T) {
		post := w.post("lapsed")
		r := w.legalRequest(1, post, models.LegalPrivacy)
		if err := models.BlockTemporarily(w.ctx, w.db, w.mod, r.ID, "1"); err != nil {
			t.Fatal(err)
		}
		mustExec(t, w.db, "UPDATE legal_requests SET blocked_at = blocked_at - interval '2 days', block_until = block_until - interval '2 days' WHERE id = ?", r.ID)
		// Before the job ran: shown again, computed from time.
		if th := w.thread(other, post); th.Post.Hidden || th.Post.BlockedUntil != nil || th.Post.Body == "" {
			t.Fatalf("still blocked after its end: %+v", th.Post)
		}
		err := models.ObjectToBlock(w.ctx, w.db, w.dave, models.SubjectPost, post, "too late")
		wantCode(t, err, models.Conflict)
		if models.AsError(err).Key != "error.legal.objection_closed" {
			t.Fatalf("objection after the period: %v", err)
		}
		n, err := models.RestoreEndedBlocks(w.ctx, w.db)
		if err != nil || n != 1 {
			t.Fatalf("ended %d, %v", n, err)
		}
		if n, _ := models.RestoreEndedBlocks(w.ctx, w.db); n != 0 {
			t.Fatal("ended twice")
		}
		got := w.legalRow(r.ID)
		if got.State != models.LegalDecided || got.Outcome != models.LegalRestored {
			t.Fatalf("after the job %+v", got)
		}
		if count(t, w.db, "SELECT count(*) FROM notices WHERE legal_request_id = ? AND kind = ? AND user_id = ?", r.ID, models.NoticeLegalRestored, w.dave) != 1 ||
			w.notices(w.reporters[1], models.NoticeLegalOutcome) != 1 {
			t.Fatal("both sides not told of the end")
		}
		if n := count(t, w.db, "SELECT count(*) FROM hidden_content WHERE subject_type = 'post' AND subject_id = ? AND ended_at IS NULL", post); n != 0 {
			t.Fatal("hide not ended")
		}
	})

	t.Run("OK/RemoveDuringBlock", func(t *testing.T) {
		post := w.post("remove it")
		r := w.legalRequest(2, post, models.LegalPrivacy)
		if err := models.HideForLegalRequest(w.ctx, w.db, w.mod, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := models.BlockTemporarily(w.ctx, w.db, w.mod, r.ID, "7"); err != nil {
			t.Fatal(err)
		}
		// Hidden at once, then blocked: the hide's statement, then the block's.
		var kinds []string
		w.db.Raw("SELECT kind FROM statements WHERE legal_request_id = ? ORDER BY id", r.ID).Scan(&kinds)
		if strings.Join(kinds, ",") != "hide,temporary_block" {
			t.Fatalf("statements %q, want hide then temporary_block", kinds)
		}
		wantCode(t, models.BlockTemporarily(w.ctx, w.db, w.mod, r.ID, "7"), models.Conflict)
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, *r.CaseID, models.Decision{Kind: models.DecideRemove, Policy: "personal_info"}); err != nil {
			t.Fatal(err)
		}
		if got := w.legalRow(r.ID); got.Outcome != models.LegalRemoved {
			t.Fatalf("outcome %q, want removed", got.Outcome)
		}
		if w.notices(w.dave, models.NoticeContentRemoved) == 0 {
			t.Fatal("author not told of the removal")
		}
	})
}
