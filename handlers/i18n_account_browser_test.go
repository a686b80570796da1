//go:build browser

package handlers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserAccountKorean walks the account's pages with accounts set to
// Korean, on a phone (axe-core checks the states no URL reaches: the
// appeal's error and the verdicts): mallory reads
// her notices and appeals her restriction, an empty appeal first; alice
// verifies an export, a wrong file then the right one, and reads My
// exports, a certificate, the Operation Policy and the Safety Guide; every
// staff role's Home, and the admin's staff and audit pages.
func TestBrowserAccountKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	d.decideSpamWave(t)
	d.en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('mallory', 'alice', 'mod', 'support', 'admin')")
	downloads := t.TempDir()
	b := newBrowser(t, d.en)
	b.allowDownloads(downloads)

	b.login("mallory", models.DemoPassword)
	b.phone()
	b.shot("ko-phone-home-user")
	b.open("/notices")
	if got := b.text(`[data-testid="notice"]`); !strings.Contains(got, "메시지 전송 제한") || !strings.Contains(got, "채팅 메시지를 보낼 수 없습니다") {
		t.Fatalf("mallory's newest notice: %q", got)
	}
	b.shot("ko-phone-notices")
	b.follow("제한 내용 확인 및 이의 제기")
	b.press("이의 제기하기")
	if got := b.text(`[data-testid="error-body"]`); got != "제한을 풀어야 하는 이유를 적어 주세요." {
		t.Fatalf("an empty appeal: %q", got)
	}
	b.checkA11y("")
	b.shot("ko-phone-appeal-error")
	b.forgetConsole("status of 422") // the empty appeal's answer, as it should be
	b.fill("이의 제기: 제한을 풀어야 하는 이유", "Those were not ads.")
	b.press("이의 제기하기")
	b.wantFlash("이의 제기를 보냈습니다.")
	b.shot("ko-phone-restrictions")
	b.press("로그아웃")

	b.laptop()
	b.login("alice", models.DemoPassword)
	var room int64
	d.en.db.Raw(`SELECT m.room_id FROM chat_members m JOIN users u ON u.id = m.other_id
		WHERE m.user_id = (SELECT id FROM users WHERE name = 'alice') AND u.name = 'bob'`).Scan(&room)
	b.open(fmt.Sprintf("/chats/%d/export", room))
	b.run("download", chromedp.Click(`//button[normalize-space()="내려받기"]`, chromedp.BySearch, chromedp.NodeVisible))
	file := waitForDownload(t, downloads, ".txt")
	wrong := filepath.Join(t.TempDir(), "chat.txt")
	if err := os.WriteFile(wrong, []byte("not an export\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.phone()
	b.follow("내보낸 대화 확인")
	b.shot("ko-phone-verify")
	b.run("choose the wrong file", chromedp.SetUploadFiles(`#f-file`, []string{wrong}, chromedp.ByQuery))
	b.press("파일 확인")
	if got := b.text(`[data-testid="verdict"] h2`); got != "talksafe 내보내기 파일이 아니거나, 내보낸 뒤 바뀐 파일입니다" {
		t.Fatalf("the wrong file: %q", got)
	}
	b.checkA11y("the verdict: not an export")
	b.shot("ko-phone-verify-nomatch")
	b.run("choose the file", chromedp.SetUploadFiles(`#f-file`, []string{file}, chromedp.ByQuery))
	b.press("파일 확인")
	if got := b.text(`[data-testid="verdict"]`); !strings.Contains(got, "변경되지 않은 talksafe 내보내기 파일") || !strings.Contains(got, "1:1 채팅의 talksafe 내보내기 파일이며") {
		t.Fatalf("the exported file: %q", got)
	}
	b.checkA11y("the verdict: an unchanged export")
	b.shot("ko-phone-verify-match")
	b.open("/settings/exports")
	b.shot("ko-phone-my-exports")
	b.follow("증명서")
	if got := b.text("h1"); got != "talksafe 대화 내보내기 증명서" {
		t.Fatalf("the certificate: %q", got)
	}
	b.shot("ko-phone-certificate")
	b.open("/policy")
	b.shot("ko-phone-policy")
	b.follow("안전 가이드 보기")
	b.shot("ko-phone-safety-guide")
	b.press("로그아웃")

	for _, who := range []string{"mod", "support", "admin"} {
		b.laptop()
		b.login(who, models.DemoPassword)
		b.phone()
		if got := b.text("main .lead strong"); got == "" || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") {
			t.Fatalf("%s's role on Home: %q", who, got)
		}
		b.shot("ko-phone-home-" + who)
		if who == "admin" {
			b.follow("직원 계정 관리")
			b.shot("ko-phone-admin-staff")
			b.open("/admin/audit")
			b.shot("ko-phone-admin-audit")
		}
		b.press("로그아웃")
	}
	b.wantNoConsoleErrors()
}

// forgetConsole drops the console lines that contain what: errors the test
// caused on purpose (a form's 422).
func (b *browser) forgetConsole(what string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var keep []string
	for _, l := range b.console {
		if !strings.Contains(l, what) {
			keep = append(keep, l)
		}
	}
	b.console = keep
}
