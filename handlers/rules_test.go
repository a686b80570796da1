package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

func TestRulesPages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("root", models.RoleAdmin)
	en.user("mia", models.RoleModerator)
	admin := en.login("root")

	r := admin.get(views.AdminRulesPath)
	wantStatus(t, r, http.StatusOK)
	if !strings.Contains(r.text(), "1:1 chats are never scanned as they are sent") || r.doc.Find(`[data-testid="rule-form"]`).Length() != 1 {
		t.Fatalf("rules page for an admin: %s", r.text())
	}

	t.Run("ErrFieldsKeepInput", func(t *testing.T) {
		r := admin.submit(views.AdminRulesPath, url.Values{"name": {"Flood"}, "trigger": {"post"}, "min_reporters": {"-3"},
			"rate_count": {"5"}, "reasons": {"spam", "rudeness"}, "action": {"hide"}, "state": {"shadow"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		for field, want := range map[string]string{"min_reporters": "cannot be negative", "rate_minutes": "needs its window",
			"reasons": "not a Reason for Reporting"} {
			if got := r.doc.Find(`[data-testid="error-` + field + `"]`).Text(); !strings.Contains(got, want) {
				t.Errorf("error on %s = %q, want %q", field, got, want)
			}
		}
		if v := r.doc.Find(`#f-name`).AttrOr("value", ""); v != "Flood" {
			t.Errorf("name kept = %q", v)
		}
		if r.doc.Find(`input[name="reasons"][value="spam"][checked]`).Length() != 1 {
			t.Error("the ticked reason was not kept")
		}
		if n := count(t, en, "SELECT count(*) FROM rules"); n != 0 {
			t.Fatalf("%d rules saved from a refused form", n)
		}
	})

	var id int64
	t.Run("OKCreateEditSwitch", func(t *testing.T) {
		r := admin.submit(views.AdminRulesPath, url.Values{"name": {"Three reporters"}, "trigger": {"report"}, "min_reporters": {"3"},
			"min_score": {"1.4"}, "action": {"hide"}, "state": {"shadow"}})
		wantStatus(t, r, http.StatusSeeOther)
		en.db.Raw("SELECT id FROM rules").Scan(&id)
		wantRedirect(t, r, views.RulePath(id))
		page := admin.get(views.RulePath(id))
		if got := page.doc.Find(`[data-testid="rule-state"]`).Text(); got != "Shadow" {
			t.Fatalf("state = %q", got)
		}
		if !strings.Contains(page.doc.Find(`[data-testid="backtest"]`).Text(), "Of 0 cases decided in the last 30 days") {
			t.Fatalf("backtest: %s", page.doc.Find(`[data-testid="backtest"]`).Text())
		}
		// An edit keeps the form's input on error, and saves a new version when right.
		bad := admin.submit(views.RulePath(id), url.Values{"name": {"Three reporters"}, "trigger": {"report"}, "min_reporters": {"3"},
			"action": {"label"}})
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if bad.doc.Find(`[data-testid="error-label"]`).Length() != 1 {
			t.Fatal("no error on the label")
		}
		wantStatus(t, admin.submit(views.RulePath(id), url.Values{"name": {"Three reporters"}, "trigger": {"report"}, "min_reporters": {"3"},
			"action": {"label"}, "label": {"crowd"}}), http.StatusSeeOther)
		wantStatus(t, admin.submit(views.RuleStatePath(id), url.Values{"state": {"on"}}), http.StatusSeeOther)
		page = admin.get(views.RulePath(id))
		if page.doc.Find(`[data-testid="rule-versions"] li`).Length() != 2 || page.doc.Find(`[data-testid="rule-state"]`).Text() != "On" {
			t.Fatalf("after the edit: %s", page.text())
		}
	})

	t.Run("ModeratorsRead", func(t *testing.T) {
		mod := en.login("mia")
		for _, path := range []string{views.AdminRulesPath, views.RulePath(id)} {
			r := mod.get(path)
			wantStatus(t, r, http.StatusOK)
			if r.doc.Find(`form[data-testid="rule-form"], form[data-testid="state-form"]`).Length() != 0 {
				t.Fatalf("%s offers a moderator a form", path)
			}
		}
		wantStatus(t, mod.submit(views.RuleStatePath(id), url.Values{"state": {"off"}}), http.StatusForbidden)
	})
}

func count(t *testing.T, en *env, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := en.db.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// A rule hides a post three reporters report; the case page shows it as
// automated, and a moderator restores it for everyone.
func TestRuleHideOnCasePage(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	admin := f.en.user("root", models.RoleAdmin)
	f.en.user("mia", models.RoleModerator)
	if _, err := models.CreateRule(t.Context(), f.en.db, admin, models.RuleInput{Name: "Crowd", Trigger: "report", MinReporters: "2",
		Action: "hide", State: "on"}); err != nil {
		t.Fatal(err)
	}
	dana := f.en.user("dana", models.RoleUser)
	f.exec("INSERT INTO open_chat_members (room_id, user_id) VALUES (?, ?)", f.room, dana.ID)
	post := f.post(f.alma, "Loud", "Very loud body")
	for _, who := range []string{"bora", "dana"} {
		wantStatus(t, f.en.login(who).submit(fmt.Sprintf("/report/post/%d", post), url.Values{"reasons": {"harassment"}}), http.StatusSeeOther)
	}
	if r := f.en.login("bora").get(postPath(post, "")); strings.Contains(r.text(), "Very loud body") {
		t.Fatal("the post is still shown to others")
	}
	var caseID int64
	f.en.db.Raw("SELECT id FROM cases WHERE subject_id = ?", post).Scan(&caseID)
	mod := f.en.login("mia")
	page := mod.get(views.ModCasePath(caseID))
	if page.doc.Find(`[data-testid="automated-run"]`).Length() != 1 || page.doc.Find(`[data-testid="case-hidden"]`).Length() != 1 {
		t.Fatalf("case page: %s", page.doc.Find(`[data-testid="automation"]`).Text())
	}
	wantStatus(t, mod.submit(views.ModUnhidePath(caseID), url.Values{"reason": {"Loud is allowed."}}), http.StatusSeeOther)
	if r := f.en.login("bora").get(postPath(post, "")); !strings.Contains(r.text(), "Very loud body") {
		t.Fatal("the post is not back")
	}
	r := f.en.login("alma").get("/notices")
	if !strings.Contains(r.text(), "It is hidden from others while a moderator reviews it") || r.doc.Find(`[data-testid="notice-automated"]`).Length() != 1 {
		t.Fatalf("the author's notice of the hide: %s", r.text())
	}
}

// The rules pages in Korean, for the admin who writes them and the
// moderators who read them, with the demo's rules.
func TestRulesPagesKorean(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	var ids []int64
	k.en.db.Raw("SELECT id FROM rules ORDER BY id").Scan(&ids)
	if len(ids) != 2 {
		t.Fatalf("demo rules: %v", ids)
	}
	k.allowed = append(k.allowed, "Three", "reporters", "with", "a", "good", "record", "on", "one", "post", "New", "account", "posting",
		"across", "rooms", "possible", "spam", "wave")
	for _, who := range []string{"admin", "mod"} {
		c := k.login(who)
		k.korean(t, c.get(views.AdminRulesPath), http.StatusOK, "자동 조치 규칙", "1:1 채팅은 보내는 순간 검사하지 않습니다")
		for _, id := range ids {
			k.korean(t, c.get(views.RulePath(id)), http.StatusOK, "사전 검증", "버전 1")
		}
	}
	c := k.login("admin")
	r := c.submit(views.AdminRulesPath, url.Values{"name": {"규칙"}, "trigger": {"report"}, "min_reporters": {"-1"}, "action": {"hide"}})
	k.korean(t, r, http.StatusUnprocessableEntity, "음수는 입력할 수 없습니다.")
	k.koreanFlash(t, c, c.submit(views.RuleStatePath(ids[1]), url.Values{"state": {"on"}}), "규칙 상태를 바꿨습니다.")
}

// A rule on posts opens a case with no report: the queue and its page show
// it, with what the rule did.
func TestRuleCaseWithoutReports(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	admin := f.en.user("root", models.RoleAdmin)
	f.en.user("mia", models.RoleModerator)
	if _, err := models.CreateRule(t.Context(), f.en.db, admin, models.RuleInput{Name: "Flood", Trigger: "post", RateCount: "2",
		RateMinutes: "10", Action: "hide", State: "on"}); err != nil {
		t.Fatal(err)
	}
	f.post(f.alma, "One", "first")
	post := f.post(f.alma, "Two", "second")
	var caseID int64
	f.en.db.Raw("SELECT id FROM cases WHERE subject_id = ?", post).Scan(&caseID)
	mod := f.en.login("mia")
	queue := mod.get("/mod")
	wantStatus(t, queue, http.StatusOK)
	if !strings.Contains(queue.doc.Find(`[data-testid="preview"]`).Text(), "Two") {
		t.Errorf("the queue shows no preview of the post: %q", queue.doc.Find(`[data-testid="queue"]`).Text())
	}
	page := mod.get(views.ModCasePath(caseID))
	wantStatus(t, page, http.StatusOK)
	if page.doc.Find(`[data-testid="automated-run"]`).Length() != 1 {
		t.Fatalf("case page: %s", page.text())
	}
	// The moderator reads the post as the rule found it, though no one reported it.
	if ev := page.doc.Find(`[data-testid="case-evidence"]`).Text(); !strings.Contains(ev, "Two") || !strings.Contains(ev, "second") {
		t.Errorf("the case's evidence: %q", ev)
	}
	if r := f.en.login("bora").get(postPath(post, "")); !strings.Contains(r.text(), "Hidden while it is reviewed.") {
		t.Fatal("the flood's second post is shown")
	}
}

// An automated decision's notice says so, and a false reporter's warning
// explains the policy, in English and in Korean.
func TestAutomatedAndFalseReportNotices(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	admin := f.en.user("root", models.RoleAdmin)
	mod := f.en.user("mia", models.RoleModerator)
	if _, err := models.CreateRule(t.Context(), f.en.db, admin, models.RuleInput{Name: "Threats", Trigger: "report", Reasons: []string{"threat"},
		Action: "restrict", Policy: "threat", State: "on"}); err != nil {
		t.Fatal(err)
	}
	// bora's two reports of harmless posts are found false.
	for i := range 2 {
		p := f.post(f.alma, fmt.Sprint("Hello ", i), "nice day")
		filed, _, err := models.FileReport(t.Context(), f.en.db, f.bora.ID, models.ReportInput{Type: models.SubjectPost, ID: p, Reasons: []string{"hate"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := models.DecideCase(t.Context(), f.en.db, mod, filed.CaseID, models.Decision{Kind: models.DecideFalseReport}); err != nil {
			t.Fatal(err)
		}
	}
	post := f.post(f.alma, "Watch out", "I know where you live")
	if _, _, err := models.FileReport(t.Context(), f.en.db, f.bora.ID, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: []string{"threat"}}); err != nil {
		t.Fatal(err)
	}
	alma, bora := f.en.login("alma"), f.en.login("bora")
	if r := alma.get("/notices"); r.doc.Find(`[data-testid="notice-automated"]`).Length() == 0 || !strings.Contains(r.text(), "taken by an automated rule") {
		t.Fatalf("alma's notices: %s", r.text())
	}
	if r := bora.get("/notices"); !strings.Contains(r.text(), "A warning about false reports") || !strings.Contains(r.text(), "you will not be able to report for 7 days") {
		t.Fatalf("bora's notices: %s", r.text())
	}
	f.exec("UPDATE users SET language = 'ko' WHERE id IN (?, ?)", f.alma.ID, f.bora.ID)
	if r := alma.get("/notices"); !strings.Contains(r.text(), "자동 조치 규칙이 내렸습니다") {
		t.Fatalf("alma's notices in Korean: %s", r.text())
	}
	if r := bora.get("/notices"); !strings.Contains(r.text(), "허위 신고 경고") || !strings.Contains(r.text(), "7일 동안 신고할 수 없으며") {
		t.Fatalf("bora's notices in Korean: %s", r.text())
	}
}

// The bank condition: the form lists the banks, refuses an unknown one
// beside its field (ticks kept), and the rule page names the chosen bank.
func TestRuleBankField(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	root := en.user("root", models.RoleAdmin)
	admin := en.login("root")
	bank, err := models.CreateTextBank(context.Background(), en.db, root, models.TextBankInput{Name: "Spam phrases"})
	if err != nil {
		t.Fatal(err)
	}
	b := strconv.FormatInt(bank.ID, 10)
	if admin.get(views.AdminRulesPath).doc.Find(`input[name="banks"][value="`+b+`"]`).Length() != 1 {
		t.Fatal("the form does not offer the bank")
	}
	r := admin.submit(views.AdminRulesPath, url.Values{"name": {"Spam"}, "trigger": {"post"}, "banks": {b, "999999"},
		"action": {"label"}, "label": {"spam"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-banks"]`).Text(); !strings.Contains(got, "does not exist") {
		t.Fatalf("error on banks = %q", got)
	}
	if r.doc.Find(`input[name="banks"][value="`+b+`"][checked]`).Length() != 1 {
		t.Error("the ticked bank was not kept")
	}
	if n := count(t, en, "SELECT count(*) FROM rules"); n != 0 {
		t.Fatalf("%d rules saved from a refused form", n)
	}
	r = admin.submit(views.AdminRulesPath, url.Values{"name": {"Spam"}, "trigger": {"post"}, "banks": {b}, "action": {"label"}, "label": {"spam"}})
	wantStatus(t, r, http.StatusSeeOther)
	var id int64
	en.db.Raw("SELECT id FROM rules").Scan(&id)
	page := admin.get(views.RulePath(id))
	if got := page.doc.Find(`[data-testid="rule-summary"]`).Text(); !strings.Contains(got, "text matches Spam phrases") {
		t.Fatalf("summary = %q", got)
	}
}
