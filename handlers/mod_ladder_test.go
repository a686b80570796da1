package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// fileOn has alma report post and returns the case id.
func (f *modFixture) fileOn(t *testing.T, post int64, reasons ...string) int64 {
	t.Helper()
	filed, _, err := models.FileReport(t.Context(), f.en.db, f.alma.ID, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: reasons})
	if err != nil {
		t.Fatal(err)
	}
	return filed.CaseID
}

// auditDetail is the detail of the last event of action on case id.
func (f *modFixture) auditDetail(action string, id int64) string {
	var raw string
	f.en.db.Raw("SELECT detail::text FROM audit_events WHERE action = ? AND subject_type = 'case' AND subject_id = ? ORDER BY id DESC LIMIT 1",
		action, id).Scan(&raw)
	return raw
}

// TestModLadderOnTheCasePage: the case page shows the reported user's
// strikes and what the ladder suggests and why, Restrict opens with its
// scope and duration, choosing otherwise needs a reason (refused without
// one, everything typed kept), and the decided case says what was done and
// why it differs.
func TestModLadderOnTheCasePage(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	ad, insult, ad2, ad3 := f.post(f.bora, "ad one", "buy"), f.post(f.bora, "insult", "you fool"), f.post(f.bora, "ad two", "buy now"), f.post(f.bora, "ad three", "buy!")
	for post, d := range map[int64]models.Decision{
		ad:     {Kind: models.DecideWarn, Policy: "spam"},         // 1 strike
		insult: {Kind: models.DecideRemove, Policy: "harassment"}, // 2 strikes
	} {
		if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, f.fileOn(t, post, d.Policy), d); err != nil {
			t.Fatal(err)
		}
	}
	kase := f.fileOn(t, ad2, "spam")
	mod := f.en.login("mod")
	page := mod.get(casePath(kase, ""))
	wantStatus(t, page, http.StatusOK)
	if got := page.doc.Find(`[data-testid="strikes"]`).Text(); got != "3 strikes" {
		t.Errorf("standing strikes %q", got)
	}
	if got := page.doc.Find(`[data-testid="ladder-suggestion"]`).Text(); got != "4 strikes in 180 days with this decision → Posting, 7 days" {
		t.Errorf("suggestion %q", got)
	}
	if s, d := page.doc.Find(`select[name="scope"] option[selected]`).AttrOr("value", ""), page.doc.Find(`select[name="days"] option[selected]`).AttrOr("value", ""); s != "posting" || d != "7" {
		t.Errorf("Restrict opens with %q for %q days, want the ladder's posting, 7", s, d)
	}

	form := url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"30"}, "remove_content": {"1"},
		"user_note": {"Stop the adverts."}, "internal_note": {"fourth this week"}}
	t.Run("ErrOverrideWithoutReason", func(t *testing.T) {
		r := mod.submit(casePath(kase, "/decide"), form)
		wantFieldError(t, r, "override_reason", "The ladder suggests another penalty")
		for name, want := range map[string]string{"user_note": "Stop the adverts.", "internal_note": "fourth this week"} {
			if got := r.doc.Find(`textarea[name="` + name + `"]`).Text(); got != want {
				t.Errorf("%s not kept: %q", name, got)
			}
		}
		if got := r.doc.Find(`select[name="days"] option[selected]`).AttrOr("value", ""); got != "30" {
			t.Errorf("the chosen duration was not kept: %q", got)
		}
		if n, _ := models.ActiveStrikes(t.Context(), f.en.db, f.bora.ID); n != 3 || f.rows("SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", kase) != 1 {
			t.Fatalf("a refused decision left its mark: %d strikes", n)
		}
	})
	t.Run("ErrOverrideTooLong", func(t *testing.T) {
		long := url.Values{}
		for k, v := range form {
			long[k] = v
		}
		long.Set("override_reason", strings.Repeat("x", models.MaxOverrideLen+1))
		wantFieldError(t, mod.submit(casePath(kase, "/decide"), long), "override_reason", "at most 500 characters")
	})
	t.Run("OKOverrideWithReason", func(t *testing.T) {
		form.Set("override_reason", "Fourth advert this week.")
		wantRedirect(t, mod.submit(casePath(kase, "/decide"), form), casePath(kase, ""))
		detail := f.auditDetail("case.decide", kase)
		for _, want := range []string{`"override_reason": "Fourth advert this week."`, `"suggested": "restrict posting 7d"`, `"strikes": 4`} {
			if !strings.Contains(detail, want) {
				t.Errorf("audit detail lacks %s: %s", want, detail)
			}
		}
		page := mod.get(casePath(kase, ""))
		for id, want := range map[string]string{
			"decision-action":   "Posting restricted for 30 days, content removed",
			"decision-ladder":   "4 strikes in 180 days with this decision → Posting, 7 days",
			"decision-override": "Fourth advert this week.",
			"strikes":           "4 strikes",
		} {
			if got := page.doc.Find(`[data-testid="` + id + `"]`).Text(); !strings.Contains(got, want) {
				t.Errorf("%s: %q, want %q", id, got, want)
			}
		}
	})
	t.Run("OKTheSuggestionNeedsNoReason", func(t *testing.T) {
		// 5 strikes: posting, 7 days. bora's 30 days already run longer: the
		// decision adds its strike and writes no second restriction.
		next := f.fileOn(t, ad3, "spam")
		r := mod.submit(casePath(next, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"7"}})
		wantRedirect(t, r, casePath(next, ""))
		if n := f.rows("SELECT count(*) FROM restrictions WHERE user_id = ?", f.bora.ID); n != 1 {
			t.Errorf("%d restrictions: a shorter one was written beside the longer", n)
		}
		if n, _ := models.ActiveStrikes(t.Context(), f.en.db, f.bora.ID); n != 5 {
			t.Errorf("%d strikes, want 5", n)
		}
		if got := mod.get(casePath(next, "")).doc.Find(`[data-testid="decision-action"]`).Text(); !strings.Contains(got, "a longer restriction was already in force") {
			t.Errorf("action %q", got)
		}
	})
}

// TestModBulkOneRestrictionPerUser: a bulk Restrict of four posts by one
// user gives one restriction, one notice and one appeal box on
// /restrictions, one set of strikes, and counts one user in the stats.
func TestModBulkOneRestrictionPerUser(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	var cases []string
	for _, who := range []string{"kids", "gamers", "streamers", "everyone"} { // four texts, four rows: one text would be one spam wave
		_, c := f.reportPost("FREE ROBUX for "+who, "spam")
		cases = append(cases, fmt.Sprint(c))
	}
	mod := f.en.login("mod")
	if got := mod.get("/mod").doc.Find(`[data-testid="ladder-bulk"]`).Length(); got != 1 {
		t.Error("the bulk form does not say how the ladder reads each user")
	}
	form := url.Values{"cases": cases, "kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"7"}, "remove_content": {"1"},
		"user_note": {"No spam waves."}}
	r := mod.submit("/mod/bulk", form)
	wantFieldError(t, r, "override_reason", "The ladder suggests another penalty for bora")
	if r.doc.Find(`input[name="cases"][checked]`).Length() != 4 || r.doc.Find(`textarea[name="user_note"]`).Text() != "No spam waves." {
		t.Fatal("the refused bulk form lost what was chosen")
	}
	form.Set("override_reason", "A spam wave: a warning will not stop it.")
	wantFlash(t, mod, mod.submit("/mod/bulk", form), "Decided 4 cases")
	for what, n := range map[string]int64{
		"restrictions":    f.rows("SELECT count(*) FROM restrictions WHERE user_id = ?", f.bora.ID),
		"notices":         f.rows("SELECT count(*) FROM notices WHERE user_id = ?", f.bora.ID),
		"sets of strikes": f.rows("SELECT count(*) FROM strikes WHERE user_id = ?", f.bora.ID),
	} {
		if n != 1 {
			t.Errorf("%s: %d, want 1", what, n)
		}
	}
	bora := f.en.login("bora")
	if n := bora.get("/restrictions").doc.Find(`textarea[name="body"]`).Length(); n != 1 {
		t.Errorf("%d appeal boxes on /restrictions", n)
	}
	if n := bora.get("/notices").doc.Find(`[data-testid="notice"]`).Length(); n != 1 {
		t.Errorf("%d notices", n)
	}
	stats := mod.get("/mod/stats")
	if !strings.Contains(stats.text(), "Restrict: 1") {
		t.Errorf("stats count restriction rows, not users:\n%s", stats.text())
	}
}

// TestModReverse: any moderator reverses a decision with a reason: the
// content comes back, its restriction ends, its strikes are withdrawn, the
// user and the reporter are told, the audit log says who and why, and the
// case is back in the queue with the reversal on its page.
func TestModReverse(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post, kase := f.reportPost("Buy cheap followers", "harassment")
	mod, mod2 := f.en.login("mod"), f.en.login("mod2")
	wantRedirect(t, mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"harassment"}, "scope": {"posting"},
		"days": {"1"}, "remove_content": {"1"}}), casePath(kase, ""))
	alma, bora := f.en.login("alma"), f.en.login("bora")
	if !strings.Contains(alma.get(postPath(post, "")).text(), "This was removed by moderation.") {
		t.Fatal("the post was not removed")
	}
	page := mod2.get(casePath(kase, ""))
	if page.doc.Find(`[data-testid="reverse-form"]`).Length() != 1 || !strings.Contains(page.doc.Find(`[data-testid="decision-action"]`).Text(), "Posting restricted for 1 day, content removed") {
		t.Fatalf("a resolved case does not say what was done, or offers no Reverse:\n%s", page.text())
	}
	if f.en.login("boss").get(casePath(kase, "")).doc.Find(`[data-testid="reverse-form"]`).Length() != 0 {
		t.Error("an admin, who reads moderation, is offered Reverse")
	}

	t.Run("ErrNoReason", func(t *testing.T) {
		wantFieldError(t, mod2.submit(casePath(kase, "/reverse"), url.Values{"reason": {"  "}}), "reason", "Say why the decision is reversed")
		long := strings.Repeat("too long ", 300)
		r := mod2.submit(casePath(kase, "/reverse"), url.Values{"reason": {long}})
		wantFieldError(t, r, "reason", "at most 2,000 characters")
		if got := r.doc.Find(`[data-testid="reverse-form"] textarea[name="reason"]`).Text(); got != long {
			t.Errorf("the typed reason was lost: %d characters kept", len(got))
		}
		if f.rows("SELECT count(*) FROM cases WHERE id = ? AND state = 'resolved'", kase) != 1 {
			t.Fatal("a refused reversal changed the case")
		}
	})
	t.Run("ErrSupportReverses", func(t *testing.T) {
		wantStatus(t, f.en.login("helper").submit(casePath(kase, "/reverse"), url.Values{"reason": {"x"}}), http.StatusForbidden)
	})
	t.Run("OK", func(t *testing.T) {
		r := mod2.submit(casePath(kase, "/reverse"), url.Values{"reason": {"It quotes the insult to report it."}})
		wantFlash(t, mod2, r, "Reversed: removed content is back")
		if pp := alma.get(postPath(post, "")); !strings.Contains(pp.text(), "body of Buy cheap followers") {
			t.Errorf("the post is not back:\n%s", pp.text())
		}
		if r := bora.submit(f.roomPath("/posts"), url.Values{"title": {"back"}, "body": {"hello again"}}); r.status != http.StatusSeeOther {
			t.Errorf("bora is still restricted: %d", r.status)
		}
		if n, _ := models.ActiveStrikes(t.Context(), f.en.db, f.bora.ID); n != 0 {
			t.Errorf("%d strikes left", n)
		}
		if got := bora.get("/notices").doc.Find(`[data-testid="notice-text"]`).First().Text(); !strings.Contains(got, "reversed it") {
			t.Errorf("bora's newest notice: %q", got)
		}
		if got := alma.get("/notices").doc.Find(`[data-testid="notice-text"]`).First().Text(); !strings.Contains(got, "The decision on your report was reversed") {
			t.Errorf("alma's newest notice: %q", got)
		}
		detail := f.auditDetail(models.AuditDecisionReverse, kase)
		if !strings.Contains(detail, "It quotes the insult to report it.") ||
			f.rows("SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ?", models.AuditDecisionReverse, f.mod2.ID) != 1 {
			t.Errorf("the audit log does not say who and why: %s", detail)
		}
		page := mod2.get(casePath(kase, ""))
		if got := page.doc.Find(`[data-testid="reversal"]`).Text(); !strings.Contains(got, "reversed by mod2") || !strings.Contains(got, "It quotes the insult to report it.") {
			t.Errorf("reversal on the case page: %q", got)
		}
		if page.doc.Find(`[data-testid="decide-form"]`).Length() != 1 || !strings.Contains(mod2.get("/mod").text(), fmt.Sprintf("#%d", kase)) {
			t.Error("the reversed case is not back in the queue to be decided again")
		}
	})
	t.Run("ErrNothingToReverse", func(t *testing.T) {
		r := mod.submit(casePath(kase, "/reverse"), url.Values{"reason": {"again"}})
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.doc.Find(`[data-testid="form-error"]`).Text(), "nothing to reverse") {
			t.Errorf("page:\n%s", r.text())
		}
	})
}

// TestDeskSendsDecidedCaseBack: support sends a case decided "no
// violation" back with a note: it returns to the queue escalated, the note
// on the case page; an empty note is refused with the report kept chosen,
// and deciding it again returns the ticket to support.
func TestDeskSendsDecidedCaseBack(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "He keeps threatening me after I reported him")
	var kase int64
	w.en.db.Raw("SELECT case_id FROM reports WHERE id = ?", w.report).Scan(&kase)
	w.en.user("mina", models.RoleModerator)
	mina := w.en.login("mina")
	wantStatus(t, mina.submit(casePath(kase, "/decide"), url.Values{"kind": {"no_violation"}}), http.StatusSeeOther)
	haneul := w.en.login("haneul")

	t.Run("ErrEmptyNote", func(t *testing.T) {
		r := haneul.submit(views.DeskModerationPath(id), url.Values{"report": {fmt.Sprint(w.report)}, "moderation_note": {"   "}})
		wantTicketFieldError(t, r, "moderation_note")
		if r.doc.Find(`select[name="report"] option[selected]`).AttrOr("value", "") != fmt.Sprint(w.report) {
			t.Error("the chosen report was lost")
		}
	})
	t.Run("OK", func(t *testing.T) {
		note := "Niaj keeps threatening me after I reported him."
		wantRedirect(t, haneul.submit(views.DeskModerationPath(id), url.Values{"report": {fmt.Sprint(w.report)}, "moderation_note": {note}}),
			views.DeskTicketPath(id))
		var back int64
		w.en.db.Raw("SELECT count(*) FROM cases WHERE id = ? AND state = 'escalated' AND decision_id IS NOT NULL", kase).Scan(&back)
		if back != 1 {
			t.Fatal("the case is not escalated with its decision standing")
		}
		page := mina.get(casePath(kase, ""))
		if got := page.doc.Find(`[data-testid="escalation-note"]`).Text(); !strings.Contains(got, note) {
			t.Errorf("escalation note on the case page: %q", got)
		}
		if got := page.doc.Find(`[data-testid="decision"] h2`).Text(); got != "Decided earlier; sent back for another look" {
			t.Errorf("the earlier decision: %q", got)
		}
		if page.doc.Find(`[data-testid="decide-again"]`).Length() != 1 || page.doc.Find(`[data-testid="decide-form"]`).Length() != 1 {
			t.Fatal("the sent-back case cannot be decided again")
		}
		if !strings.Contains(mina.get("/mod?escalated=1").text(), fmt.Sprintf("#%d", kase)) {
			t.Error("the case is not in the queue as escalated")
		}
		wantStatus(t, mina.submit(casePath(kase, "/decide"), url.Values{"kind": {"warn"}, "policy": {"threat"}}), http.StatusSeeOther)
		var state string
		w.en.db.Raw("SELECT state FROM tickets WHERE id = ?", id).Scan(&state)
		if state != string(models.TicketOpen) {
			t.Errorf("the ticket did not come back to support: %s", state)
		}
	})
}

// TestModLadderKorean: the ladder's suggestion, its refusal, what a decided
// case did, the reversal and its notices, in Korean with no English left.
func TestModLadderKorean(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	k.en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('mallory', 'frank')")
	mod := k.login("mod")
	wave := k.caseOf("subject_type = 'post' AND state = 'open' AND 'spam' = ANY (reasons) ORDER BY id LIMIT 1")
	k.korean(t, mod.get(casePath(wave, "")), http.StatusOK, "최근 180일 벌점", "벌점 0점", "단계별 제재:", "이번 결정을 포함해 180일 이내 벌점 1점 → 경고")

	form := url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"7"}, "remove_content": {"1"}}
	r := mod.submit(casePath(wave, "/decide"), form)
	k.korean(t, r, http.StatusUnprocessableEntity, "아래 표시된 항목을 고쳐 주세요.")
	if got := r.doc.Find(`[data-testid="error-override_reason"]`).Text(); got != "단계별 제재에서 다른 제재를 제안합니다(제한할 기능 위에 표시). 제안대로 정하거나, 다르게 정하는 이유를 짧게 적어 주세요." {
		t.Errorf("override refused: %q", got)
	}
	form.Set("override_reason", "하루에 광고를 네 번 올렸습니다.")
	k.koreanFlash(t, mod, mod.submit(casePath(wave, "/decide"), form), "처리했습니다: 이용 제한, “스팸, 광고 또는 도배” 조항.")
	k.korean(t, mod.get(casePath(wave, "")), http.StatusOK, "조치: 게시 7일 제한, 콘텐츠 삭제", "단계별 제재와 다르게 정한 이유:", "결정 되돌리기")

	mod2 := k.login("mod2")
	r = mod2.submit(casePath(wave, "/reverse"), url.Values{"reason": {""}})
	k.korean(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-reason"]`).Text(); got != "결정을 되돌리는 이유를 적어 주세요(2,000자 이내)." {
		t.Errorf("reverse refused: %q", got)
	}
	k.koreanFlash(t, mod2, mod2.submit(casePath(wave, "/reverse"), url.Values{"reason": {"광고가 아니라 공지였습니다."}}),
		"결정을 되돌렸습니다. 삭제된 콘텐츠는 복구되고, 이 결정에 따른 제한은 해제되었으며, 벌점은 취소되었습니다. 사용자와 신고자에게 알렸고, 신고 건은 다시 대기열로 돌아갔습니다.")
	k.korean(t, mod2.get(casePath(wave, "")), http.StatusOK, "되돌린 결정", "mod2 님이")
	k.korean(t, mod2.submit(casePath(wave, "/reverse"), url.Values{"reason": {"다시"}}), http.StatusConflict, "이 신고 건에는 되돌릴 결정이 없습니다.")
	k.korean(t, k.login("mallory").get("/notices"), http.StatusOK, "내 콘텐츠에 대한 조치 취소",
		"내 콘텐츠에 대한 조치를 다시 검토해 취소했습니다.")
	k.korean(t, k.login("frank").get("/notices"), http.StatusOK, "신고에 대한 결정이 취소되었습니다. 운영자가 다시 결정하면 결과를 알려 드립니다.")
}
