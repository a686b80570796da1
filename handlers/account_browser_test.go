//go:build browser

package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserFirstPasswordAndLanguage: an admin adds a moderator whose
// pages are in Korean; at her first log-in she lands on the Account page
// with the password form alone, and the queue leads back there until she
// has set a password of her own. Then, on a phone, she switches the
// footer to English and back to Korean, logged in: each choice is her
// account's, and the Account page in Korean (axe-core checks it) shows
// her language and time zone.
func TestBrowserFirstPasswordAndLanguage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	b := newBrowser(t, en)
	b.login("boss", "password for boss")
	b.open("/admin/staff")
	b.fill("User name", "minji")
	b.fill("Display name", "김민지")
	b.chooseOption("Language", "한국어")
	b.fill("First password", "first password")
	b.fill("First password again", "first password")
	b.press("Add staff account")
	b.wantFlash("Added Moderator account minji.")
	if got := b.text(`[data-testid="staff-row"]:has([data-testid="first-password"])`); !strings.Contains(got, "minji") || !strings.Contains(got, "Korean") {
		t.Fatalf("the new row: %q", got)
	}
	b.logout()

	b.open("/login")
	b.fill("User name", "minji")
	b.fill("Password", "first password")
	b.press("Log in")
	if p, lang := b.path(), b.lang(); p != "/account" || lang != "ko" {
		t.Fatalf("first log-in: at %s in %q", p, lang)
	}
	if got := b.text(`[data-testid="must-change-password"]`); !strings.Contains(got, "새 비밀번호를 정하세요") {
		t.Fatalf("the notice: %q", got)
	}
	b.checkA11y("")
	b.phone()
	b.shot("ko-phone-account-first-password")
	if n := b.count(`nav a[href="/mod"]`); n != 0 {
		t.Fatalf("the navigation offers the queue before a password of her own (%d links)", n)
	}
	b.open("/mod")
	if p := b.path(); p != "/account" {
		t.Fatalf("the queue before a password of her own: at %s", p)
	}
	b.fill("초기 비밀번호 (관리자에게 받은 비밀번호)", "first password")
	b.fill("새 비밀번호", "minji's own password")
	b.fill("새 비밀번호 확인", "minji's own password")
	b.press("비밀번호 변경")
	b.wantFlash("새 비밀번호를 설정했습니다.")
	b.follow("신고 대기열")
	if p := b.path(); p != "/mod" {
		t.Fatalf("the queue after setting a password: at %s", p)
	}

	b.press("English")
	if p, lang := b.path(), b.lang(); p != "/mod" || lang != "en" {
		t.Fatalf("after the footer's English: at %s in %q", p, lang)
	}
	if lang, _, _ := en.accountOf("minji"); lang != "en" {
		t.Fatalf("the footer's English saved %q", lang)
	}
	b.open("/account")
	b.press("한국어")
	if lang := b.lang(); lang != "ko" {
		t.Fatalf("after the footer's 한국어: %q", lang)
	}
	if lang, _, _ := en.accountOf("minji"); lang != "ko" {
		t.Fatalf("the footer's 한국어 saved %q", lang)
	}
	var zone string
	b.run("read the time zone", chromedp.Evaluate(`document.querySelector("#f-time_zone").selectedOptions[0].textContent`, &zone))
	if got := zone; got != "서울 (Asia/Seoul)" {
		t.Fatalf("the time zone in Korean: %q", got)
	}
	b.checkA11y("")
	b.shot("ko-phone-account")
	b.laptop()
	b.checkA11y("")
	b.wantNoConsoleErrors()
}

// count is the number of elements matching the CSS selector.
func (b *browser) count(css string) int {
	b.t.Helper()
	var n int
	b.run("count "+css, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll(%q).length`, css), &n))
	return n
}

// TestBrowserSignUpInKorean: a visitor who reads the site in Korean signs
// up and is welcomed in Korean, the account Korean from the start.
func TestBrowserSignUpInKorean(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	b := newBrowser(t, en)
	b.open("/signup")
	b.press("한국어")
	b.fill("사용자 이름", "jiwoo")
	b.fill("표시 이름", "김지우")
	b.fill("비밀번호", "jiwoo's long password")
	b.fill("비밀번호 확인", "jiwoo's long password")
	b.press("회원가입")
	b.wantFlash("김지우 님, 환영합니다.")
	if lang, _, _ := en.accountOf("jiwoo"); lang != "ko" {
		t.Fatalf("the account's language: %q", lang)
	}
	u, err := models.UserByName(context.Background(), en.db, "jiwoo")
	if err != nil || u.MustChangePassword {
		t.Fatalf("a user's own sign-up must not ask for a new password: %v", err)
	}
	b.wantNoConsoleErrors()
}
