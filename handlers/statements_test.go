package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"talksafe/models"
)

// TestStatementsDownloadBatches: 101 statements of a day are two files of
// the API's multiple-statements body, 100 and 1, oldest first; a third
// file is not found; the list pages newest first and filters by day.
func TestStatementsDownloadBatches(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	ctx := context.Background()
	post := f.post(f.bora, "Spam", "spam spam")
	err := f.en.db.Transaction(func(tx *gorm.DB) error {
		for range 101 {
			if _, err := models.RecordStatement(tx, models.StatementInput{Kind: models.StatementRemove, UserID: f.bora.ID, Reason: "spam",
				SubjectType: models.SubjectPost, SubjectID: post}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, kase := f.reportPost("Threat", "threat")
	if _, err := models.DecideCase(ctx, f.en.db, f.mod, kase, models.Decision{Kind: models.DecideRemove, Policy: "threat"}); err != nil {
		t.Fatal(err)
	}
	boss, err := models.UserByName(ctx, f.en.db, "boss")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(boss.Location()).Format("2006-01-02")
	admin := f.en.login("boss")

	page := admin.get("/admin/transparency/statements?from=" + today + "&to=" + today)
	wantStatus(t, page, http.StatusOK)
	contains(t, page, "102 statements in this period.", "File 1 of 2", "File 2 of 2")
	rows := page.doc.Find(`[data-testid="statement"]`)
	if rows.Length() != 50 || !strings.Contains(rows.First().Text(), "Illegal content") || !strings.Contains(rows.First().Text(), "Case ") {
		t.Fatalf("the newest statement first, 50 a page: %d rows, first %q", rows.Length(), rows.First().Text())
	}
	older, _ := page.doc.Find(`.pager a`).Attr("href")
	if next := admin.get(older); next.doc.Find(`[data-testid="statement"]`).Length() != 50 {
		t.Fatalf("the second page (%s) has %d rows", older, next.doc.Find(`[data-testid="statement"]`).Length())
	}
	if r := admin.get("/admin/transparency/statements?from=2020-01-01&to=2020-01-31"); r.doc.Find(`[data-testid="statement"]`).Length() != 0 ||
		!strings.Contains(r.text(), "No statements to download in this period.") {
		t.Fatalf("another period lists statements:\n%s", r.text())
	}
	wantFieldError(t, admin.get("/admin/transparency/statements?from=yesterday"), "from", "Write a date as 2026-11-21.")

	seen := map[string]bool{}
	for batch, want := range map[string]int{"1": 100, "2": 2} {
		r := admin.get("/admin/transparency/statements/download?from=" + today + "&to=" + today + "&batch=" + batch)
		wantStatus(t, r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, "-"+batch+".json") {
			t.Errorf("Content-Disposition %q", cd)
		}
		var file map[string][]map[string]any
		if err := json.Unmarshal([]byte(r.body), &file); err != nil {
			t.Fatalf("batch %s: %v\n%s", batch, err, r.body)
		}
		if len(file) != 1 || len(file["statements"]) != want {
			t.Fatalf("batch %s: keys %d, %d statements, want only \"statements\" with %d", batch, len(file), len(file["statements"]), want)
		}
		for _, s := range file["statements"] {
			puid, _ := s["puid"].(string)
			if seen[puid] || !strings.HasPrefix(puid, "talksafe-remove-") || s["decision_ground"] == nil || s["user_id"] != nil {
				t.Errorf("statement %v", s)
			}
			seen[puid] = true
		}
	}
	if len(seen) != 102 {
		t.Errorf("%d statements downloaded, want 102", len(seen))
	}
	wantStatus(t, admin.get("/admin/transparency/statements/download?from="+today+"&to="+today+"&batch=3"), http.StatusNotFound)
	wantStatus(t, admin.get("/admin/transparency/statements/download?batch=x"), http.StatusNotFound)
	if n := f.rows("SELECT count(*) FROM audit_events WHERE action = 'statements.download' AND actor_id = (SELECT id FROM users WHERE name = 'boss')"); n != 2 {
		t.Errorf("%d downloads audited, want 2", n)
	}
	// Moderators may not read them.
	wantStatus(t, f.en.login("mod").get("/admin/transparency/statements"), http.StatusForbidden)
	wantStatus(t, f.en.login("mod").get("/admin/transparency/statements/download?batch=1"), http.StatusForbidden)
}

// TestNoticeStatementWords: the affected user reads the statement of
// reasons in their notice, in their language: category, ground (the law),
// facts, source, automation, until when and how to appeal.
func TestNoticeStatementWords(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	ctx := context.Background()
	_, removed := f.reportPost("Send money", "fraud")
	if _, err := models.DecideCase(ctx, f.en.db, f.mod, removed, models.Decision{Kind: models.DecideRemove, Policy: "fraud"}); err != nil {
		t.Fatal(err)
	}
	_, restricted := f.reportPost("Buy followers", "spam")
	if _, err := models.DecideCase(ctx, f.en.db, f.mod, restricted, models.Decision{Kind: models.DecideRestrict, Policy: "spam",
		Scope: models.ScopePosting, Days: "7", OverrideReason: "Again."}); err != nil {
		t.Fatal(err)
	}
	var until string
	f.en.db.Raw("SELECT to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM restrictions WHERE user_id = ?", f.bora.ID).Scan(&until)
	bora := f.en.login("bora")
	r := bora.get("/notices")
	wantStatus(t, r, http.StatusOK)
	blocks := r.doc.Find(`[data-testid="notice-statement"]`)
	if blocks.Length() != 2 {
		t.Fatalf("%d statements in bora's notices, want 2:\n%s", blocks.Length(), r.text())
	}
	restriction, removal := strings.Join(strings.Fields(blocks.Eq(0).Text()), " "), strings.Join(strings.Fields(blocks.Eq(1).Text()), " ")
	for _, want := range []string{"Category: Other violation of our terms.", "Ground: it is against our Operation Policy, the rule on Spam",
		"Facts: your account was restricted.", "It followed a report from another user.", "A moderator decided.", "In force until " + until + ".",
		"You may appeal within 6 months"} {
		if !strings.Contains(restriction, want) {
			t.Errorf("no %q in %q", want, restriction)
		}
	}
	for _, want := range []string{"Category: Scams and fraud.", "Ground: the content is illegal under the Criminal Act (Art. 347, fraud)",
		"Facts: your content was removed.", "A moderator decided."} {
		if !strings.Contains(removal, want) {
			t.Errorf("no %q in %q", want, removal)
		}
	}
	f.exec("UPDATE users SET language = 'ko' WHERE id = ?", f.bora.ID)
	r = bora.get("/notices")
	ko := strings.Join(strings.Fields(r.doc.Find(`[data-testid="notice-statement"]`).Text()), " ")
	for _, want := range []string{"조치 이유", "분류: 사기.", "근거: 「형법」 제347조(사기)", "사실: 회원님의 콘텐츠가 삭제되었습니다.", "다른 이용자의 신고에 따른 조치입니다.",
		"운영자가 결정했습니다.", "사실: 회원님의 계정이 제한되었습니다.", until + "까지 적용됩니다.", "6개월 안에 이의를 제기할 수 있습니다."} {
		if !strings.Contains(ko, want) {
			t.Errorf("no %q in %q", want, ko)
		}
	}
	if left := englishLeft(r); len(left) > 0 {
		t.Errorf("English left in the Korean notices: %v", left)
	}
	// The reporter's notice carries no statement: it is the author's.
	if n := f.en.login("alma").get("/notices").doc.Find(`[data-testid="notice-statement"]`).Length(); n != 0 {
		t.Errorf("the reporter's notices show %d statements", n)
	}
}

// TestStatementsPageKorean reads the statements page in Korean.
func TestStatementsPageKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	d.decideSpamWave(t)
	admin := d.login("admin", "ko")
	r := admin.get("/admin/transparency/statements")
	d.korean(t, r, http.StatusOK, []string{"EU", "DSA", "API"}, "조치 이유서", "내려받기", "분류", "근거", "출처", "자동화", "삭제", "이용자 신고")
	if r.doc.Find(`[data-testid="statement"]`).Length() == 0 {
		t.Fatal("the demo has no statements")
	}
	bad := admin.get("/admin/transparency/statements?from=yesterday")
	d.korean(t, bad, http.StatusUnprocessableEntity, []string{"EU", "DSA", "API"}, "날짜는 2026-11-21 형식으로 입력하세요.")
	contains(t, d.login("admin", "en").get("/admin/transparency/statements"), "Statements of reasons", "Download", "A user's notice")
}
