package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// modKorean is the demo world with mod, mod2 and admin set to Korean, and
// the words its people, rooms and posts are named with.
type modKorean struct {
	en      *env
	allowed []string
}

func newModKorean(t *testing.T) *modKorean {
	t.Helper()
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	var names []string
	en.db.Raw(`SELECT name || ' ' || display_name FROM users UNION ALL SELECT name FROM open_chat_rooms
		UNION ALL SELECT title FROM board_posts`).Scan(&names)
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('mod', 'mod2', 'admin')")
	return &modKorean{en: en, allowed: latinWord.FindAllString(strings.Join(names, " "), -1)}
}

func (k *modKorean) login(name string) *client {
	k.en.t.Helper()
	c := k.en.client()
	wantStatus(k.en.t.(*testing.T), c.submit("/login", url.Values{"name": {name}, "password": {models.DemoPassword}}), http.StatusSeeOther)
	return c
}

// caseOf is the id of the demo's case on the subject whose text is like like.
func (k *modKorean) caseOf(where string, args ...any) int64 {
	var id int64
	k.en.db.Raw("SELECT id FROM cases WHERE "+where, args...).Scan(&id)
	if id == 0 {
		k.en.t.Fatalf("no case where %s", where)
	}
	return id
}

// korean checks a Korean page: its status, no English outside what people
// wrote, and want among its text.
func (k *modKorean) korean(t *testing.T, r *response, status int, want ...string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d\n%s", r.status, status, r.text())
	}
	if lang := r.doc.Find("html").AttrOr("lang", ""); lang != "ko" {
		t.Errorf("lang %q", lang)
	}
	text := r.text()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("no %q in\n%s", w, text)
		}
	}
	if left := englishLeft(r, k.allowed...); len(left) > 0 {
		t.Errorf("English left: %v", left)
	}
}

// koreanFlash follows r's redirect and checks the page's flash.
func (k *modKorean) koreanFlash(t *testing.T, c *client, r *response, want string) {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%s", r.status, r.text())
	}
	page := c.get(r.header.Get("Location"))
	if got := strings.TrimSpace(page.doc.Find(`[data-testid="flash"]`).Text()); got != want {
		t.Fatalf("flash %q, want %q", got, want)
	}
	k.korean(t, page, http.StatusOK)
}

// The moderation pages in Korean for mod, mod2 and admin: the queue, every
// case, the appeals and the stats, with no English left; the same pages
// stay in English for an account set to English.
func TestModPagesKorean(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	var cases []int64
	k.en.db.Raw("SELECT id FROM cases ORDER BY id").Scan(&cases)
	resolved := k.caseOf("state = 'resolved' AND resolution = 'action_taken' AND reported_user_id = (SELECT id FROM users WHERE name = 'trent')")
	escalated := k.caseOf("state = 'escalated'")
	for _, who := range []string{"mod", "mod2", "admin"} {
		t.Run(who, func(t *testing.T) {
			c := k.login(who)
			k.korean(t, c.get("/mod"), http.StatusOK, "신고 대기열", "담당자 없음", "우선 검토", "신고된 사용자")
			k.korean(t, c.get("/mod?state=resolved&sort=oldest"), http.StatusOK, "처리 완료")
			k.korean(t, c.get("/mod/appeals"), http.StatusOK, "이의 제기", "게시 제한", "“욕설, 괴롭힘 또는 명예훼손” 조항")
			k.korean(t, c.get("/mod/stats"), http.StatusOK, "신고 처리 통계", "상태별 신고 건", "최근 30일 사유별 하루 신고 수", "허위 신고: 1")
			for _, id := range cases {
				k.korean(t, c.get(fmt.Sprintf("/mod/cases/%d", id)), http.StatusOK, fmt.Sprintf("신고 건 #%d:", id), "신고와 증거", "님의 이력")
			}
			k.korean(t, c.get(fmt.Sprintf("/mod/cases/%d", resolved)), http.StatusOK, "처리 결과: 조치 완료", "적용 중", "이의 제기 검토 대기")
			k.korean(t, c.get(fmt.Sprintf("/mod/cases/%d", escalated)), http.StatusOK, "우선 검토:")
		})
	}
	t.Run("English", func(t *testing.T) {
		k.en.db.Exec("UPDATE users SET language = 'en' WHERE name = 'mod2'")
		c := k.login("mod2")
		for path, want := range map[string]string{"/mod": "Moderation queue", "/mod/appeals": "Appeals", "/mod/stats": "Moderation stats",
			fmt.Sprintf("/mod/cases/%d", resolved): "Decided: Action taken"} {
			r := c.get(path)
			if r.doc.Find("html").AttrOr("lang", "") != "en" || !strings.Contains(r.text(), want) {
				t.Errorf("%s in English: no %q in\n%s", path, want, r.text())
			}
		}
		r := c.get(fmt.Sprintf("/mod/cases/%d", resolved))
		if !strings.Contains(r.text(), "Posting under “Abuse, harassment or defamation” by mod") || !strings.Contains(r.text(), "Appeal pending") {
			t.Errorf("history in English:\n%s", r.text())
		}
		claimed := k.caseOf("state = 'claimed'")
		r = c.submit(fmt.Sprintf("/mod/cases/%d/decide", claimed), url.Values{"kind": {"warn"}, "policy": {"harassment"}})
		page := c.get(r.header.Get("Location"))
		if got := strings.TrimSpace(page.doc.Find(`[data-testid="flash"]`).Text()); got != "Decided: Warn under “Abuse, harassment or defamation”." {
			t.Errorf("flash in English: %q", got)
		}
	})
}

// A moderator working in Korean: Start reviewing, a decision refused in
// Korean first, then decided with its flash; bulk, claim, lift and appeal
// errors and flashes in Korean.
func TestModFormsKorean(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	mod := k.login("mod")
	wave := k.caseOf("subject_type = 'post' AND state = 'open' ORDER BY id LIMIT 1")

	t.Run("StartReviewing", func(t *testing.T) {
		r := mod.submit("/mod/start", nil)
		wantStatus(t, r, http.StatusSeeOther)
		page := mod.get(r.header.Get("Location"))
		k.korean(t, page, http.StatusOK, "처리하고 다음 건 열기", "담당 해제")
	})
	t.Run("ErrDecision", func(t *testing.T) {
		r := mod.submit(fmt.Sprintf("/mod/cases/%d/decide", wave), url.Values{"kind": {"restrict"}, "scope": {"everything"}, "days": {"5"}})
		k.korean(t, r, http.StatusUnprocessableEntity, "아래 표시된 항목을 고쳐 주세요.")
		for field, want := range map[string]string{
			"policy": "이 결정의 근거가 되는 운영정책 조항을 선택하세요.",
			"scope":  "제한할 기능을 선택하세요: 게시, 메시지 전송, 신고하기 또는 서비스 전체.",
			"days":   "기간을 선택하세요: 1, 3, 7, 30, 90, 180일 또는 영구.",
		} {
			if got := r.doc.Find(`[data-testid="error-` + field + `"]`).Text(); got != want {
				t.Errorf("error beside %s: %q, want %q", field, got, want)
			}
		}
		r = mod.submit(fmt.Sprintf("/mod/cases/%d/decide", wave), url.Values{"kind": {"false_report"}, "policy": {"spam"}})
		if got := r.doc.Find(`[data-testid="error-false_reports"]`).Text(); got != "허위로 판단한 신고를 선택하세요." {
			t.Errorf("false reports unchosen: %q", got)
		}
	})
	t.Run("Decide", func(t *testing.T) {
		r := mod.submit(fmt.Sprintf("/mod/cases/%d/decide", wave), url.Values{"kind": {"warn"}, "policy": {"spam"}})
		k.koreanFlash(t, mod, r, "처리했습니다: 경고, “스팸, 광고 또는 도배” 조항.")
	})
	t.Run("ErrDecidedAlready", func(t *testing.T) {
		r := mod.submit(fmt.Sprintf("/mod/cases/%d/decide", wave), url.Values{"kind": {"warn"}, "policy": {"spam"}})
		k.korean(t, r, http.StatusConflict, "이 신고 건은 이미 mod 님이")
	})
	t.Run("ErrBulk", func(t *testing.T) {
		r := mod.submit("/mod/bulk", url.Values{"kind": {"remove"}, "policy": {"spam"}})
		k.korean(t, r, http.StatusUnprocessableEntity, "처리할 신고 건을 선택하세요.")
		r = mod.submit("/mod/bulk", url.Values{"cases": {fmt.Sprint(wave)}, "kind": {"false_report"}, "policy": {"spam"}})
		if got := r.doc.Find(`[data-testid="error-kind"]`).Text(); got != "허위 신고는 신고자를 골라 한 건씩 처리합니다." {
			t.Errorf("bulk false report: %q", got)
		}
		k.korean(t, r, http.StatusUnprocessableEntity)
		r = mod.submit("/mod/bulk", url.Values{"cases": {fmt.Sprint(wave)}, "kind": {"remove"}, "policy": {"spam"}})
		k.korean(t, r, http.StatusConflict, fmt.Sprintf("신고 건 #%d: 이미 mod 님이", wave), "어느 건도 처리하지 않았습니다.")
	})
	t.Run("Bulk", func(t *testing.T) {
		var open []string
		k.en.db.Raw("SELECT id::text FROM cases WHERE subject_type = 'post' AND state = 'open'").Scan(&open)
		r := mod.submit("/mod/bulk", url.Values{"cases": open, "kind": {"remove"}, "policy": {"spam"}})
		k.koreanFlash(t, mod, r, fmt.Sprintf("신고 건 %d개를 처리했습니다: 콘텐츠 삭제, “스팸, 광고 또는 도배” 조항.", len(open)))
	})
	t.Run("ErrClaimedByOther", func(t *testing.T) {
		claimed := k.caseOf("state = 'claimed'")
		r := mod.submit(fmt.Sprintf("/mod/cases/%d/claim", claimed), nil)
		k.koreanFlash(t, mod, r, "mod2 님이 이 신고 건을 검토하고 있어 그대로 두었습니다.")
	})
	t.Run("ClaimAndRelease", func(t *testing.T) {
		threat := k.caseOf("subject_type = 'comment' AND state = 'open' AND 'threat' = ANY (reasons)")
		k.koreanFlash(t, mod, mod.submit(fmt.Sprintf("/mod/cases/%d/claim", threat), nil), "이 신고 건을 담당합니다. 다른 운영자에게는 배정되지 않습니다.")
		k.koreanFlash(t, mod, mod.submit(fmt.Sprintf("/mod/cases/%d/release", threat), nil), "담당을 해제했습니다. 이 신고 건은 대기열로 돌아갔습니다.")
		k.koreanFlash(t, mod, mod.submit(fmt.Sprintf("/mod/cases/%d/release", threat), nil), "담당 중인 신고 건이 아니라 해제할 것이 없습니다.")
	})
	var restriction int64
	k.en.db.Raw("SELECT id FROM restrictions ORDER BY id LIMIT 1").Scan(&restriction)
	t.Run("ErrLift", func(t *testing.T) {
		r := mod.submit(fmt.Sprintf("/mod/restrictions/%d/lift", restriction), url.Values{"back": {"/mod/appeals"}})
		k.koreanFlash(t, mod, r, "제한을 일찍 해제하는 이유를 적어 주세요 (2,000자 이내).")
	})
	var appeal int64
	k.en.db.Raw("SELECT id FROM appeals ORDER BY id LIMIT 1").Scan(&appeal)
	t.Run("ErrOwnAppeal", func(t *testing.T) {
		k.korean(t, mod.get("/mod/appeals"), http.StatusOK, "이 제한을 결정한 운영자이므로 이의 제기는 다른 운영자가 판단합니다.")
		r := mod.submit(fmt.Sprintf("/mod/appeals/%d", appeal), url.Values{"decision": {"lift"}})
		k.koreanFlash(t, mod, r, "이 제한을 결정한 운영자이므로 다른 운영자가 이의 제기를 판단해야 합니다.")
	})
	t.Run("Appeal", func(t *testing.T) {
		mod2 := k.login("mod2")
		k.koreanFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/appeals/%d", appeal), url.Values{"decision": {"maybe"}}), "해제 또는 유지를 선택하세요.")
		k.koreanFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/appeals/%d", appeal), url.Values{"decision": {"lift"}}),
			"이의 제기를 인용해 제한을 해제했습니다. 사용자에게 알렸습니다.")
		k.koreanFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/appeals/%d", appeal), url.Values{"decision": {"uphold"}}), "이미 판단한 이의 제기입니다.")
		k.korean(t, mod2.get("/mod/appeals"), http.StatusOK, "기다리는 이의 제기가 없습니다.")
		r := mod2.submit(fmt.Sprintf("/mod/restrictions/%d/lift", restriction), url.Values{"back": {"/mod/appeals"}, "reason": {"again"}})
		k.koreanFlash(t, mod2, r, "이미 끝난 제한입니다.")
	})
	t.Run("QueueEmpty", func(t *testing.T) {
		k.en.db.Exec("UPDATE cases SET state = 'resolved', resolution = 'no_violation' WHERE state <> 'resolved'")
		k.koreanFlash(t, mod, mod.submit("/mod/start", nil), "대기열이 비었습니다. 모든 신고 건이 처리되었거나 검토 중입니다.")
		k.korean(t, mod.get("/mod"), http.StatusOK, "조건에 맞는 신고 건이 없습니다.")
	})
}
