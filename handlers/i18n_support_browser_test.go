//go:build browser

package handlers_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserCustomerServiceInKorean walks Customer Service with accounts
// set to Korean, on a phone (axe-core checks the refused description):
// carol reports dave's message and opens a ticket about it, an empty
// description first; support claims it, answers with a saved reply and
// sends it to moderation; the admin opens the saved replies; carol reads
// the reply.
func TestBrowserCustomerServiceInKorean(t *testing.T) {
	t.Parallel()
	en := daveThreatensCarol(t)
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('carol', 'support', 'admin')")
	b := newBrowser(t, en)
	b.phone()

	// carol reports the message, then opens a ticket: an empty description
	// is refused in Korean first.
	b.login("carol", models.DemoPassword)
	b.follow("채팅")
	b.openChat("Dave Choi")
	last := `(//li[@data-testid="message"][.//summary])[last()]`
	b.openMenuWithin(last)
	b.openDialogFrom(last + `//a[normalize-space()="신고하기"]`)
	b.check("위협, 폭력")
	b.press("완료")
	b.follow("고객센터에 알리기")
	b.shot("ko-phone-support-new")
	b.press("고객센터에 보내기")
	if got := b.text(`[data-testid="error-description"]`); got != "무슨 일이 있었는지, 무엇이 필요한지 적어 주세요." {
		t.Fatalf("the empty description's error: %q", got)
	}
	b.checkA11y("")
	b.shot("ko-phone-support-new-error")
	b.fill("무슨 일이 있었는지, 무엇이 필요한지 적어 주세요", "데이브가 돈을 요구하며 사진을 퍼뜨리겠다고 협박합니다.\n막아 주세요.")
	b.press("고객센터에 보내기")
	b.wantFlash("문의가 고객센터에 접수되었습니다.")
	if got := b.text(`[data-testid="ticket-state"]`); got != "진행 중" {
		t.Fatalf("the new ticket's state: %q", got)
	}
	b.shot("ko-phone-my-ticket")
	b.follow("내 문의")
	b.shot("ko-phone-my-tickets")
	b.press("로그아웃")

	// support claims it, answers with the police saved reply, reads the
	// evidence and sends the case to moderation.
	b.login("support", models.DemoPassword)
	b.follow("상담 데스크")
	b.shot("ko-phone-desk")
	b.follow("데이브가 돈을 요구하며 사진을 퍼뜨리겠다고 협박합니다.")
	b.press("담당하기")
	b.wantFlash("이 문의를 담당합니다.")
	b.checkA11y("claimed: the reply form")
	b.run("open the saved replies", chromedp.Click(`//summary[normalize-space()="자주 쓰는 답변"]`, chromedp.BySearch, chromedp.NodeVisible))
	b.insertSavedReply("경찰 도움: 수사기관 방문 안내")
	b.press("답변 보내기")
	b.wantFlash("답변을 보냈습니다. 사용자에게 알림이 갔습니다.")
	b.follow("증거 보기")
	b.checkA11y("severe evidence hidden")
	b.press("증거 보기")
	b.shot("ko-phone-desk-evidence")
	b.follow(b.text(`.crumbs a`))
	b.fill("운영자에게 남길 메모", "사진으로 협박하고 있습니다. 먼저 검토해 주세요.")
	b.press("운영자에게 넘기기")
	b.wantFlash("운영자에게 넘겼습니다.")
	if got := b.text(`[data-testid="ticket-state"]`); got != "운영자 검토 중" {
		t.Fatalf("the state after sending: %q", got)
	}
	b.shot("ko-phone-desk-ticket")
	b.follow("상담 데스크")
	b.follow("자주 쓰는 답변")
	b.shot("ko-phone-saved-replies")
	b.press("로그아웃")

	// the admin opens a new saved reply and edits one.
	b.login("admin", models.DemoPassword)
	b.open("/support/replies")
	b.follow("자주 쓰는 답변 추가")
	b.shot("ko-phone-saved-reply-new")
	b.follow("자주 쓰는 답변")
	b.follow("편집")
	b.shot("ko-phone-saved-reply-edit")
	b.press("로그아웃")

	// carol reads the reply.
	b.login("carol", models.DemoPassword)
	b.open("/support/tickets")
	b.follow("데이브가 돈을 요구하며 사진을 퍼뜨리겠다고 협박합니다.")
	thread := b.text(`[data-testid="thread"]`)
	if !strings.Contains(thread, "✓ 상담원") || !strings.Contains(thread, "가까운 수사기관") {
		t.Fatalf("carol's thread: %q", thread)
	}
	if got := b.text(`[data-testid="with-moderation"]`); !strings.HasPrefix(got, "고객센터가 운영자에게 우선 검토를 요청했습니다.") {
		t.Fatalf("carol's ticket with moderation: %q", got)
	}
	b.shot("ko-phone-my-ticket-reply")
	b.wantNoConsoleErrorsBut("status of 422 (Unprocessable Entity) " + en.srv.URL + "/support/tickets") // the empty description
}

// wantNoConsoleErrorsBut is wantNoConsoleErrors, but for the errors that
// end with one of expected (a form's 422 answer, which the browser logs).
func (b *browser) wantNoConsoleErrorsBut(expected ...string) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, line := range b.console {
		if !slices.ContainsFunc(expected, func(e string) bool { return strings.HasSuffix(line, e) }) {
			b.t.Errorf("console error: %s", line)
		}
	}
}
