package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/handlers"
	"talksafe/models"
)

// failedJob inserts a background job that failed for good with err.
func failedJob(t *testing.T, en *env, kind, err string) int64 {
	t.Helper()
	var id int64
	if e := en.db.Raw(`INSERT INTO river_job (state, attempt, max_attempts, attempted_at, finalized_at, args, errors, kind, queue)
		VALUES ('discarded', 10, 10, now(), now(), '{}', ARRAY[jsonb_build_object('at', now(), 'attempt', 10, 'error', ?::text, 'trace', '')], ?, 'default')
		RETURNING id`, err, kind).Scan(&id).Error; e != nil {
		t.Fatal(e)
	}
	return id
}

func TestAdminRetentionAndHolds(t *testing.T) {
	t.Parallel()
	p := models.DefaultRetentionPeriods()
	p[models.RetainChatMessages] = 45
	en := newEnvConfig(t, handlers.Config{SessionSecret: []byte(testSecret), Retention: p})
	en.user("boss", models.RoleAdmin)
	suspect := en.user("suspect", models.RoleUser)
	admin := en.login("boss")

	page := admin.get("/admin/retention")
	wantStatus(t, page, http.StatusOK)
	for _, r := range models.RetentionSchedule {
		if page.doc.Find(`[data-testid="retention-`+string(r.Class)+`"]`).Length() != 1 {
			t.Errorf("no row for %s", r.Class)
		}
	}
	row := func(class models.RetentionClass) string {
		return strings.Join(strings.Fields(page.doc.Find(`[data-testid="retention-`+string(class)+`"]`).Text()), " ")
	}
	for class, want := range map[models.RetentionClass]string{
		models.RetainChatMessages:  "45 days",
		models.RetainCases:         "Legal minimum: 1096 days",
		models.RetainAudit:         "Deleted by the schema's owner only",
		models.RetainPictures:      "Deleted from the blob store too",
		models.RetainLegalRequests: "1096 days Legal minimum: 1096 days",
		models.RetainExpired:       "Until expired",
	} {
		if !strings.Contains(row(class), want) {
			t.Errorf("%s row %q, want %q", class, row(class), want)
		}
	}
	for _, class := range []models.RetentionClass{models.RetainPictures, models.RetainLegalRequests} {
		if strings.Contains(row(class), "holds no such data") {
			t.Errorf("the %s row says talksafe holds none: %q", class, row(class))
		}
	}
	contains(t, page, "No legal hold is in force.")

	// A form with errors comes back with them beside its fields.
	bad := admin.submit("/admin/holds", url.Values{"subject_type": {"user"}, "subject_id": {"999999"}, "reason": {""}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if got := bad.doc.Find(`[data-testid="error-reason"]`).Text(); got != "Give the reason for the hold." {
		t.Errorf("reason error %q", got)
	}
	bad = admin.submit("/admin/holds", url.Values{"subject_type": {"user"}, "subject_id": {"999999"}, "reason": {"KNPA 2026-77"}})
	if got := bad.doc.Find(`[data-testid="error-subject_id"]`).Text(); got != "There is no such account, chat room or case." {
		t.Errorf("subject error %q", got)
	}

	placed := flashOf(t, admin, admin.submit("/admin/holds", url.Values{"subject_type": {"user"},
		"subject_id": {fmt.Sprint(suspect.ID)}, "reason": {"KNPA cyber bureau request 2026-77"}}))
	wantFlashText(t, placed, "Legal hold placed")
	rows := placed.doc.Find(`[data-testid="hold-row"]`)
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "KNPA cyber bureau request 2026-77") || !strings.Contains(rows.Text(), fmt.Sprint("Account ", suspect.ID)) {
		t.Fatalf("holds: %q", rows.Text())
	}
	var holdID int64
	en.db.Raw("SELECT id FROM legal_holds").Scan(&holdID)
	var n int64
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'hold.place' AND subject_type = 'hold' AND subject_id = ? AND detail->>'reason' = 'KNPA cyber bureau request 2026-77'", holdID).Scan(&n)
	if n != 1 {
		t.Errorf("%d hold.place events", n)
	}

	released := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/holds/%d/release", holdID), url.Values{"release_reason": {"case closed"}}))
	wantFlashText(t, released, "Legal hold released")
	if released.doc.Find(`[data-testid="hold-row"]`).Length() != 0 || !strings.Contains(released.doc.Find(`[data-testid="released-holds"]`).Text(), "case closed") {
		t.Errorf("after release: %s", released.text())
	}
	again := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/holds/%d/release", holdID), nil))
	wantFlashText(t, again, "This hold was released already.")
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'hold.release' AND subject_id = ?", holdID).Scan(&n)
	if n != 1 {
		t.Errorf("%d hold.release events", n)
	}
	wantStatus(t, admin.submit("/admin/holds/424242/release", nil), http.StatusNotFound)
}

func TestAdminJobs(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	admin := en.login("boss")
	empty := admin.get("/admin/jobs")
	wantStatus(t, empty, http.StatusOK)
	contains(t, empty, "No job has failed.", "No job has run yet.")

	id := failedJob(t, en, "retention_purge", "purge chat_messages from chat_messages: canceling statement due to statement timeout")
	page := admin.get("/admin/jobs")
	failed := page.doc.Find(`[data-testid="failed-jobs"] [data-testid="job-row"]`)
	if failed.Length() != 1 || !strings.Contains(failed.Text(), "statement timeout") || !strings.Contains(failed.Text(), "Retention purge") ||
		!strings.Contains(failed.Text(), "Failed, given up") || !strings.Contains(failed.Text(), "10 of 10") {
		t.Fatalf("failed jobs: %q", failed.Text())
	}
	retried := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/jobs/%d/retry", id), nil))
	wantFlashText(t, retried, "The job will run again now.")
	var state string
	en.db.Raw("SELECT state::text FROM river_job WHERE id = ?", id).Scan(&state)
	if state != "available" {
		t.Errorf("state after retry %q, want available", state)
	}
	if retried.doc.Find(`[data-testid="failed-jobs"]`).Length() != 0 {
		t.Errorf("the retried job is still listed as failed")
	}
	var n int64
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'job.retry' AND subject_type = 'job' AND subject_id = ? AND detail->>'kind' = 'retention_purge'", id).Scan(&n)
	if n != 1 {
		t.Errorf("%d job.retry events", n)
	}
	wantStatus(t, admin.submit("/admin/jobs/424242/retry", nil), http.StatusNotFound)
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'job.retry'").Scan(&n)
	if n != 1 {
		t.Errorf("a retry of no job was audited")
	}
}

// TestOpsPagesKorean reads the retention and jobs pages, their form errors
// and flashes in Korean.
func TestOpsPagesKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	failedJob(t, d.en, "cleanup", "connection refused")
	admin := d.login("admin", "ko")
	d.korean(t, admin.get("/admin/retention"), http.StatusOK, nil, "기간이 끝나면", "개인정보 보호법 제21조", "법정 최소 기간: 1096일",
		"불법촬영물 삭제 요청과 임시조치 요청", "진행 중인 보존 조치가 없습니다.", "보존 조치 설정")
	bad := admin.submit("/admin/holds", url.Values{"subject_type": {"case"}, "subject_id": {"abc"}, "reason": {""}})
	d.korean(t, bad, http.StatusUnprocessableEntity, nil, "계정, 채팅방 또는 사건의 번호를 입력해 주세요.", "보존 조치 사유를 입력해 주세요.")
	alice := d.actor("alice")
	placed := flashOf(t, admin, admin.submit("/admin/holds", url.Values{"subject_type": {"user"}, "subject_id": {fmt.Sprint(alice.ID)}, "reason": {"서울경찰청 요청 2026-12"}}))
	wantFlashText(t, placed, "보존 조치를 설정했습니다.")
	d.korean(t, placed, http.StatusOK, nil, "계정 "+fmt.Sprint(alice.ID), "서울경찰청 요청 2026-12", "해제")
	var holdID int64
	d.en.db.Raw("SELECT id FROM legal_holds").Scan(&holdID)
	released := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/holds/%d/release", holdID), nil))
	wantFlashText(t, released, "보존 조치를 해제했습니다.")
	d.korean(t, released, http.StatusOK, nil, "해제된 보존 조치")
	again := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/holds/%d/release", holdID), nil))
	wantFlashText(t, again, "이미 해제된 보존 조치입니다.")

	jobs := admin.get("/admin/jobs")
	d.korean(t, jobs, http.StatusOK, nil, "백그라운드 작업", "실패한 작업", "만료된 세션과 시도 횟수 기록 정리", "실패, 중단됨", "10번 중 10번", "다시 실행")
	var id int64
	d.en.db.Raw("SELECT id FROM river_job").Scan(&id)
	retried := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/jobs/%d/retry", id), nil))
	wantFlashText(t, retried, "작업을 지금 다시 실행합니다.")
	d.korean(t, retried, http.StatusOK, nil, "대기 중")
	d.korean(t, admin.get("/admin/audit?action=hold."), http.StatusOK, []string{"hold", "place", "release", "case", "decide", "report", "user"}, "보존 조치", "보존 대상", "대상 번호")
}
