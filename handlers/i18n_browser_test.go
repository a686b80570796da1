//go:build browser

package handlers_test

import (
	"context"
	"testing"

	"talksafe/models"
)

// TestBrowserKorean walks the site in Korean, at both widths: a visitor
// switches on the page, then an account set to Korean goes through its main
// pages and the Report pop-up (which axe-core checks).
func TestBrowserKorean(t *testing.T) {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, en)
	b.open("/")
	b.press("한국어")
	if got := b.text("main h1"); got != "자유롭게 대화하고, 안전하게 지내세요." {
		t.Fatalf("landing in Korean: %q", got)
	}
	b.shot("ko-landing")
	b.follow("로그인")
	b.shot("ko-login")
	b.follow("회원가입")
	b.shot("ko-signup")

	en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'alice'")
	b.open("/login")
	b.fill("사용자 이름", "alice")
	b.fill("비밀번호", models.DemoPassword)
	b.press("로그인")
	b.phone()
	b.shot("ko-phone-home")
	b.follow("친구")
	b.shot("ko-phone-friends")
	b.follow("채팅")
	b.shot("ko-phone-chats")
	b.openChat("Bob Lee")
	b.shot("ko-phone-chat-room")
	b.follow("오픈채팅")
	b.follow("Seoul Hiking Club")
	b.follow("EASY MONEY for hikers!!!")
	b.openMenu("게시글 더보기")
	b.openDialogFrom(`//details[@open]//a[normalize-space()="신고하기"]`)
	if got := b.dialogTitle(); got != "신고하기" {
		t.Fatalf("the pop-up in Korean: %q", got)
	}
	b.shot("ko-phone-report")
	b.laptop()
	b.open("/reports")
	b.shot("ko-my-reports")
	b.open("/settings")
	b.shot("ko-settings")
	b.follow("계정")
	if got := b.text("main h1"); got != "계정" {
		t.Fatalf("Settings → Account: %q", got)
	}
	b.shot("ko-account")
	b.wantNoConsoleErrors()
}

// TestBrowserStaffPages opens the admin's tables, which scroll on a phone,
// in English and with the account set to Korean, and wants no console
// error (TestBrowserEveryPage has axe-core check them).
func TestBrowserStaffPages(t *testing.T) {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, en)
	b.login("admin", models.DemoPassword)
	b.open("/admin/staff")
	b.shot("admin-staff")
	b.open("/admin/audit")
	b.open("/admin/transparency/statements")
	b.shot("admin-statements")
	b.phone()
	b.shot("phone-admin-statements")
	b.laptop()
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'admin'")
	b.open("/admin/staff")
	b.phone()
	b.shot("ko-phone-admin-staff")
	b.open("/admin/audit")
	b.open("/admin/transparency/statements")
	b.shot("ko-phone-admin-statements")
	b.laptop()
	b.shot("ko-admin-statements")
	b.wantNoConsoleErrors()
}
