package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// submitIn posts form with the CSRF token, as a browser asking for lang.
func (c *client) submitIn(path string, form url.Values, lang string) *response {
	c.en.t.Helper()
	form.Set("_csrf", c.csrf())
	req, _ := http.NewRequest(http.MethodPost, c.en.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	return c.do(req)
}

// The refusals that were English on Korean pages read in Korean: a staff
// word in a user name, a control character, a report of something gone, a
// removed message in a Korean export.
func TestRefusalsInKorean(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("jun", models.RoleUser)
	en.user("hana", models.RoleUser)
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'hana'")
	hana := en.login("hana")
	t.Run("ErrStaffWordInName", func(t *testing.T) {
		r := en.client().submitIn("/signup", url.Values{"name": {"adminminji"}, "display_name": {"민지"},
			"password": {"a long password"}, "confirm": {"a long password"}}, "ko-KR")
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.doc.Find(`[data-testid="error-name"]`).Text(); got != "스태프 계정만 사용자 이름에 운영자, 관리자, 고객센터 같은 단어를 쓸 수 있습니다." {
			t.Fatalf("error-name: %q", got)
		}
		if left := englishLeft(r, "adminminji"); len(left) > 0 {
			t.Fatalf("English left: %v", left)
		}
	})
	path, room := hana.startChat("jun")
	t.Run("ErrControlCharacter", func(t *testing.T) {
		r := hana.submit(path+"/messages", url.Values{"body": {"hi\x00there"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.text(), "“메시지” 입력란의 글에 널 문자가 있습니다.") {
			t.Fatalf("page: %s", r.text())
		}
		if left := englishLeft(r); len(left) > 0 {
			t.Fatalf("English left: %v", left)
		}
	})
	t.Run("ErrReportGone", func(t *testing.T) {
		r := hana.get("/report/post/999999")
		wantStatus(t, r, http.StatusNotFound)
		if !strings.Contains(r.text(), "해당 게시글이(가) 없거나") {
			t.Fatalf("page: %s", r.text())
		}
	})
	t.Run("OKRemovedInKoreanExport", func(t *testing.T) {
		hana.submit(path+"/messages", url.Values{"body": {"spam link"}})
		en.db.Exec("UPDATE chat_messages SET removed_at = now() WHERE room_id = ?", room)
		r := hana.get(path + "/export/download?format=text&lang=ko")
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.body, "운영정책에 따라 삭제된 내용입니다.") || strings.Contains(r.body, "spam link") {
			t.Fatalf("export: %s", r.body)
		}
	})
}

// A fragment (the chat's poll) leaves the flashes for the next full page.
func TestFragmentKeepsFlashes(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("jun", models.RoleUser)
	en.user("hana", models.RoleUser)
	hana := en.login("hana")
	wantStatus(t, hana.submit("/friends", url.Values{"name": {"jun"}}), http.StatusSeeOther)
	req, _ := http.NewRequest(http.MethodGet, en.srv.URL+"/chats", nil)
	req.Header.Set("HX-Request", "true")
	if r := hana.do(req); r.status != http.StatusOK || r.doc.Find(`[data-testid="flash"]`).Length() != 0 {
		t.Fatalf("fragment: %d, %d flashes", r.status, r.doc.Find(`[data-testid="flash"]`).Length())
	}
	if got := hana.get("/friends").doc.Find(`[data-testid="flash"]`).Text(); !strings.Contains(got, "jun") {
		t.Fatalf("flash on the next page: %q", got)
	}
}
