package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// koSupport is the demo world with some of its accounts set to Korean:
// users with tickets in every state, support and the admin.
type koSupport struct {
	en      *env
	allowed []string // the demo's names of people, rooms and posts
}

func newKoSupport(t *testing.T, korean ...string) *koSupport {
	t.Helper()
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ?", korean)
	var names []string
	en.db.Raw(`SELECT name || ' ' || display_name FROM users UNION ALL SELECT name FROM open_chat_rooms
		UNION ALL SELECT title FROM board_posts`).Scan(&names)
	return &koSupport{en: en, allowed: latinWord.FindAllString(strings.Join(names, " "), -1)}
}

// login logs a demo account in.
func (k *koSupport) login(t *testing.T, name string) *client {
	t.Helper()
	c := k.en.client()
	wantStatus(t, c.submit("/login", url.Values{"name": {name}, "password": {models.DemoPassword}}), http.StatusSeeOther)
	return c
}

// ticketOf is the id of name's newest ticket.
func (k *koSupport) ticketOf(name string) int64 {
	var id int64
	k.en.db.Raw("SELECT max(t.id) FROM tickets t JOIN users u ON u.id = t.user_id WHERE u.name = ?", name).Scan(&id)
	return id
}

// reportOf is the id of name's newest report.
func (k *koSupport) reportOf(name string) int64 {
	var id int64
	k.en.db.Raw("SELECT max(r.id) FROM reports r JOIN users u ON u.id = r.reporter_id WHERE u.name = ?", name).Scan(&id)
	return id
}

// linkedReport is the report linked to ticket.
func (k *koSupport) linkedReport(ticket int64) int64 {
	var id int64
	k.en.db.Raw("SELECT min(report_id) FROM ticket_reports WHERE ticket_id = ?", ticket).Scan(&id)
	return id
}

// savedReply is the id of the saved reply titled title.
func (k *koSupport) savedReply(title string) int64 {
	var id int64
	k.en.db.Raw("SELECT id FROM saved_replies WHERE title = ?", title).Scan(&id)
	return id
}

// korean gets path (a page in Korean whatever the browser asks for) with
// want status, and fails on English left in it.
func (k *koSupport) korean(t *testing.T, c *client, path string, want int) *response {
	t.Helper()
	r := c.getIn(path, "en-US")
	if r.status != want {
		t.Fatalf("%s: status %d, want %d\n%s", path, r.status, want, r.body)
	}
	k.noEnglish(t, path, r)
	return r
}

func (k *koSupport) noEnglish(t *testing.T, what string, r *response) {
	t.Helper()
	r.doc.Find("textarea").Remove() // a saved reply's text, as an admin wrote it, fills the reply box
	if r.doc.Find("h1 [data-user-text], h1[data-user-text]").Length() > 0 {
		r.doc.Find("title").Remove() // a ticket's page is titled by its subject, as its user wrote it
	}
	if lang := r.doc.Find("html").AttrOr("lang", ""); lang != "ko" {
		t.Errorf("%s: lang %q", what, lang)
	}
	if left := englishLeft(r, k.allowed...); len(left) > 0 {
		t.Errorf("%s in Korean still has English: %v", what, left)
	}
}

// wantText fails unless r's visible text holds every one of want.
func wantText(t *testing.T, what string, r *response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.text(), w) {
			t.Errorf("%s: no %q in\n%s", what, w, r.text())
		}
	}
}

// followFlash follows a form's 303 and returns the page it lands on, in
// Korean, with its flash.
func (k *koSupport) followFlash(t *testing.T, c *client, r *response) (*response, string) {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%s", r.status, r.body)
	}
	page := c.getIn(r.header.Get("Location"), "en-US")
	return page, strings.TrimSpace(page.doc.Find(`[data-testid="flash"]`).Text())
}

// wantFlash posts form to path and wants the flash want on the page it
// redirects to, in the page's language and nothing else.
func (k *koSupport) wantFlash(t *testing.T, c *client, path string, form url.Values, want string) *response {
	t.Helper()
	page, flash := k.followFlash(t, c, c.submit(path, form))
	if strings.TrimSpace(flash) != want {
		t.Errorf("after %s: flash %q, want %q", path, flash, want)
	}
	k.noEnglish(t, path+" (after)", page)
	return page
}

// wantFormError posts form to path and wants the 422 page with the field's
// error sentence beside it, in Korean.
func (k *koSupport) wantFormError(t *testing.T, c *client, path string, form url.Values, field, want string) *response {
	t.Helper()
	r := c.submit(path, form)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("%s: status %d, want 422\n%s", path, r.status, r.body)
	}
	if got := r.doc.Find(`[data-testid="error-` + field + `"]`).Text(); got != want {
		t.Errorf("%s: error beside %s %q, want %q", path, field, got, want)
	}
	k.noEnglish(t, path+" (422)", r)
	return r
}

// TestSupportInKorean goes through Customer Service with accounts set to
// Korean: every page of the users' side and of the desk, their forms' errors
// and their flashes, with no English left; and the same pages still in
// English for accounts that keep it.
func TestSupportInKorean(t *testing.T) {
	t.Parallel()
	k := newKoSupport(t, "carol", "olivia", "frank", "judy", "trent", "support", "admin")
	en := k.en
	t.Run("UserPages", func(t *testing.T) {
		carol := k.login(t, "carol")
		r := k.korean(t, carol, views.SupportNewPath, http.StatusOK)
		wantText(t, "new ticket", r, "고객센터에 보내기", "어떤 문의인가요?", "조치가 필요한 불법 행위")
		r = k.korean(t, carol, views.MyTicketsPath, http.StatusOK)
		wantText(t, "no tickets", r, "문의 내역이 없습니다.")

		olivia := k.login(t, "olivia")
		r = k.korean(t, olivia, views.MyTicketsPath, http.StatusOK)
		wantText(t, "olivia's tickets", r, "내 문의", "운영자 검토 중")
		r = k.korean(t, olivia, views.NotifySupportPath(k.reportOf("olivia")), http.StatusOK)
		wantText(t, "notify Customer Service", r, "내 신고 연결", "개인정보 유출")
		mine := views.MyTicketPath(k.ticketOf("olivia"))
		r = olivia.getIn(mine, "en-US")
		if title := r.doc.Find("title").Text(); !strings.HasPrefix(title, "Mallory posted my phone number") {
			t.Errorf("the ticket's title: %q", title)
		}
		k.noEnglish(t, mine, r)
		wantText(t, "with moderation", r, "고객센터가 운영자에게 우선 검토를 요청했습니다.", "✓ 상담원", "연결된 신고")

		frank := k.login(t, "frank")
		r = frank.getIn(views.MyTicketPath(k.ticketOf("frank")), "en-US")
		k.noEnglish(t, "frank's resolved ticket", r)
		wantText(t, "resolved", r, "해결됨", "다시 열기", "메시지를 보내면 이 문의가 다시 열립니다.")

		judy := k.login(t, "judy")
		r = judy.getIn(views.MyTicketPath(k.ticketOf("judy")), "en-US")
		k.noEnglish(t, "judy's ticket", r)
		wantText(t, "waiting on the user", r, "내 답변 필요", "수사기관에 낼 증거가 필요해요")

		trent := k.login(t, "trent")
		r = k.korean(t, trent, views.SupportNewPath, http.StatusOK)
		wantText(t, "appeal", r, "이의를 제기할 제한", "게시글·댓글 작성 제한")

		r = k.korean(t, carol, views.MyTicketPath(999999), http.StatusNotFound)
		wantText(t, "no such ticket", r, "해당 문의를 찾을 수 없습니다.")
		r = k.korean(t, carol, views.NotifySupportPath(k.reportOf("olivia")), http.StatusNotFound)
		wantText(t, "someone else's report", r, "내 신고 중에서 해당 신고를 찾을 수 없습니다.")
	})
	t.Run("UserForms", func(t *testing.T) {
		carol := k.login(t, "carol")
		r := k.wantFormError(t, carol, views.MyTicketsPath, url.Values{"category": {"other"}, "description": {" "}},
			"description", "무슨 일이 있었는지, 무엇이 필요한지 적어 주세요.")
		if got := r.doc.Find(`[data-testid="form-error"]`).Text(); got != "아래 표시된 항목을 고쳐 주세요." {
			t.Errorf("the form's message: %q", got)
		}
		k.wantFormError(t, carol, views.MyTicketsPath, url.Values{"description": {"도와주세요"}}, "category", "문의 유형을 선택하세요.")
		k.wantFormError(t, carol, views.MyTicketsPath, url.Values{"category": {"other"}, "description": {strings.Repeat("가", 5001)}},
			"description", "5,000자 이내로 적어 주세요.")
		page := k.wantFlash(t, carol, views.MyTicketsPath, url.Values{"category": {"other"}, "description": {"친구를 숨기는 방법을 알려 주세요"}},
			"문의가 고객센터에 접수되었습니다. 24시간 안에 답변드리겠습니다.")
		wantText(t, "carol's new ticket", page, "진행 중", "기타")
		id := k.ticketOf("carol")
		k.wantFormError(t, carol, views.MyTicketMessagesPath(id), url.Values{"body": {""}}, "body", "메시지를 입력하세요.")
		k.wantFlash(t, carol, views.MyTicketMessagesPath(id), url.Values{"body": {"감사합니다"}}, "메시지를 고객센터에 보냈습니다.")
		page, flash := k.followFlash(t, carol, carol.submit(views.MyTicketReopenPath(id), nil))
		if flash != "아직 진행 중인 문의입니다." {
			t.Errorf("reopening an open ticket: flash %q", flash)
		}
		k.noEnglish(t, "reopen refused", page)

		frank := k.login(t, "frank")
		k.wantFlash(t, frank, views.MyTicketReopenPath(k.ticketOf("frank")), nil, "문의가 다시 열렸습니다. 아직 해결되지 않은 점을 고객센터에 알려 주세요.")
	})
	t.Run("Desk", func(t *testing.T) {
		support := k.login(t, "support")
		r := k.korean(t, support, views.SupportDeskPath, http.StatusOK)
		wantText(t, "desk", r, "상담 데스크", "첫 답변 목표: 24시간.", "기한 초과", "지연", "미배정", "신고 1건 연결")
		r = k.korean(t, support, views.SupportDeskPath+"?state=resolved&sort=newest", http.StatusOK)
		wantText(t, "resolved", r, "해결됨", "최신순")
		r = k.korean(t, support, views.SupportDeskPath+"?state=lost", http.StatusUnprocessableEntity)
		wantText(t, "unknown filter", r, "상담 데스크에 없는 필터입니다. 상태, 문의 유형, 담당자, 정렬은 목록에서 선택하세요.")
		for _, who := range []string{"peggy", "grace", "judy", "olivia", "frank"} {
			r = k.korean(t, support, views.DeskTicketPath(k.ticketOf(who)), http.StatusOK)
			wantText(t, who+"'s ticket on the desk", r, "내부 메모", who+" 님의 이용 제한")
		}
		peggy := k.ticketOf("peggy")
		r = k.korean(t, support, views.DeskEvidencePath(peggy, k.linkedReport(peggy)), http.StatusOK)
		wantText(t, "severe evidence", r, "심각한 사유의 신고입니다.", "증거 보기")
		reveal := support.submit(views.DeskRevealPath(peggy), url.Values{"report": {fmt.Sprint(k.linkedReport(peggy))}})
		wantRedirect(t, reveal, views.DeskEvidencePath(peggy, k.linkedReport(peggy)))
		r = k.korean(t, support, views.DeskEvidencePath(peggy, k.linkedReport(peggy)), http.StatusOK)
		wantText(t, "evidence", r, "이 열람은 감사 로그에 기록됩니다.", "채팅 메시지 · 작성자", "신고됨")
		wantText(t, "the desk's order", k.korean(t, support, views.SupportDeskPath, http.StatusOK), "긴급한 순: 첫 답변 기한이 지난 문의")
		r = support.submit(views.DeskInsertReplyPath(peggy), url.Values{"reply": {"먼저 쓴 글"}, "saved": {fmt.Sprint(k.savedReply("신고 검토 중"))}})
		wantStatus(t, r, http.StatusOK)
		k.noEnglish(t, "a saved reply inserted", r)
		r = k.korean(t, support, views.DeskEvidencePath(peggy, k.reportOf("olivia")), http.StatusNotFound)
		wantText(t, "evidence of another ticket", r, "이 문의에 연결된 신고가 아닙니다.")
		r = k.korean(t, support, views.SavedRepliesPath, http.StatusOK)
		wantText(t, "saved replies", r, "자주 쓰는 답변", "관리자가 편집합니다.")
		r = k.korean(t, support, views.DeskTicketPath(k.ticketOf("olivia")), http.StatusOK)
		wantText(t, "with moderation", r, "운영자 검토 중:", "신고 건 #", "우선 검토")
	})
	t.Run("DeskActions", func(t *testing.T) {
		support := k.login(t, "support")
		grace := k.ticketOf("grace")
		k.wantFlash(t, support, views.DeskClaimPath(grace), nil, "이 문의를 담당합니다.")
		k.wantFormError(t, support, views.DeskReplyPath(grace), url.Values{"reply": {" "}}, "reply", "답변을 입력하세요.")
		k.wantFlash(t, support, views.DeskReplyPath(grace), url.Values{"reply": {"안녕하세요"}}, "답변을 보냈습니다. 사용자에게 알림이 갔습니다.")
		k.wantFormError(t, support, views.DeskNotePath(grace), url.Values{"note": {""}}, "note", "메모를 입력하세요.")
		k.wantFlash(t, support, views.DeskNotePath(grace), url.Values{"note": {"확인 중"}}, "메모를 추가했습니다.")
		k.wantFormError(t, support, views.DeskResolvePath(grace), url.Values{"outcome": {""}}, "outcome", "문의를 어떻게 해결했는지 적어 주세요. 사용자가 읽습니다.")
		k.wantFlash(t, support, views.DeskResolvePath(grace), url.Values{"outcome": {"차단 방법을 안내했습니다."}}, "문의를 해결했습니다. 사용자에게 알림이 갔습니다.")
		page, flash := k.followFlash(t, support, support.submit(views.DeskClaimPath(grace), nil))
		if flash != "해결된 문의입니다. 사용자가 해결 후 7일 안에 다시 열 수 있습니다." {
			t.Errorf("claiming a resolved ticket: flash %q", flash)
		}
		k.noEnglish(t, "claim refused", page)
		wantText(t, "resolved ticket", page, "해결됨", "만에 답변")
		peggy := k.ticketOf("peggy")
		report := fmt.Sprint(k.linkedReport(peggy))
		k.wantFormError(t, support, views.DeskModerationPath(peggy), url.Values{"report": {report}, "moderation_note": {""}},
			"moderation_note", "우선 검토가 필요한 이유를 운영자에게 적어 주세요.")
		k.wantFlash(t, support, views.DeskModerationPath(peggy), url.Values{"report": {report}, "moderation_note": {"위협이 계속됩니다"}},
			"운영자에게 넘겼습니다. 신고 건이 신고 대기열 맨 위로 올라갔습니다.")
		// Sent twice: refused above the form, the note kept as typed.
		page = support.submit(views.DeskModerationPath(peggy), url.Values{"report": {report}, "moderation_note": {"다시"}})
		wantStatus(t, page, http.StatusConflict)
		if got := page.doc.Find(`[data-testid="form-error"]`).Text(); got != "이미 운영자가 검토 중인 문의입니다. 신고 건이 결정되면 돌아옵니다." {
			t.Errorf("sending twice: %q", got)
		}
		if got := page.doc.Find(`textarea[name="moderation_note"]`).Text(); got != "다시" {
			t.Errorf("sending twice lost the note: %q", got)
		}
		k.noEnglish(t, "sent twice", page)
	})
	t.Run("SavedReplies", func(t *testing.T) {
		admin := k.login(t, "admin")
		r := k.korean(t, admin, views.NewSavedReplyPath, http.StatusOK)
		wantText(t, "new saved reply", r, "자주 쓰는 답변 추가", "100자 이내.")
		k.wantFormError(t, admin, views.SavedRepliesPath, url.Values{"title": {""}, "body": {"본문"}}, "title", "답변의 제목을 정하세요.")
		k.wantFormError(t, admin, views.SavedRepliesPath, url.Values{"title": {"Block and report"}, "body": {"본문"}, "language": {"en"}}, "title", "같은 제목의 답변이 이미 있습니다.")
		k.wantFlash(t, admin, views.SavedRepliesPath, url.Values{"title": {"인사"}, "body": {"안녕하세요. 고객센터입니다."}, "language": {"ko"}}, "자주 쓰는 답변을 저장했습니다.")
		var id int64
		en.db.Raw("SELECT id FROM saved_replies WHERE title = '인사'").Scan(&id)
		r = k.korean(t, admin, views.EditSavedReplyPath(id), http.StatusOK)
		wantText(t, "edit saved reply", r, "자주 쓰는 답변 편집", "이 답변을 삭제할까요?")
		k.wantFlash(t, admin, views.DeleteSavedReplyPath(id), nil, "자주 쓰는 답변을 삭제했습니다.")
		k.korean(t, admin, views.SupportDeskPath, http.StatusOK)
		r = k.korean(t, admin, views.DeskTicketPath(k.ticketOf("judy")), http.StatusOK)
		wantText(t, "the desk for an admin", r, "사용자 답변 대기", "관리자")
		r = k.korean(t, admin, views.EditSavedReplyPath(999999), http.StatusNotFound)
		wantText(t, "no such saved reply", r, "해당 자주 쓰는 답변을 찾을 수 없습니다.")
	})
	t.Run("English", func(t *testing.T) {
		en.user("desk.en", models.RoleSupport)
		desk := en.login("desk.en")
		r := desk.getIn(views.SupportDeskPath, "ko-KR")
		wantText(t, "desk in English", r, "Support desk", "First-response target: 24 hours. Overdue tickets are marked.", "Waiting on user")
		r = desk.getIn(views.DeskTicketPath(k.ticketOf("judy")), "ko-KR")
		wantText(t, "a ticket in English", r, "Internal notes", "judy's restrictions", "Never restricted.", "✓ Support")
		r = desk.submit(views.DeskReplyPath(k.ticketOf("carol")), url.Values{"reply": {""}}) // judy's is held by support
		if got := r.doc.Find(`[data-testid="error-reply"]`).Text(); r.status != http.StatusUnprocessableEntity || got != "Write your reply." {
			t.Errorf("the reply's error in English: %d %q", r.status, got)
		}
		page := desk.get(desk.submit(views.DeskClaimPath(k.ticketOf("carol")), nil).header.Get("Location"))
		if got := strings.TrimSpace(page.doc.Find(`[data-testid="flash"]`).Text()); got != "You claimed this ticket." {
			t.Errorf("the claim's flash in English: %q", got)
		}
		peggy := k.login(t, "peggy")
		r = peggy.getIn(views.MyTicketPath(k.ticketOf("peggy")), "ko-KR")
		wantText(t, "peggy's ticket in English", r, "My tickets", "An illegal act that needs measures", "Linked reports", "Chat message · Threats, violence or terrorism")
		r = peggy.submit(views.MyTicketsPath, url.Values{"category": {"other"}})
		if got := r.doc.Find(`[data-testid="error-description"]`).Text(); got != "Describe what happened and what you need from us." {
			t.Errorf("the description's error in English: %q", got)
		}
	})
}
