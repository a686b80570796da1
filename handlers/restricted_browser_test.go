//go:build browser

package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserRestrictedUser walks a user whose whole account was restricted
// on a phone, in Korean: the log-in page says the account is restricted and
// where to read why; Home shows the restriction with no welcome; the
// Restrictions page takes the appeal and shows it; her chats stay
// exportable.
func TestBrowserRestrictedUser(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	ctx := t.Context()
	_, kase := f.reportPost("scam", "fraud")
	room, err := models.StartChat(ctx, f.en.db, f.bora.ID, "alma", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.SendMessage(ctx, f.en.db, f.bora.ID, room, "see you at the trailhead"); err != nil {
		t.Fatal(err)
	}
	f.en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'bora'")

	b := newBrowser(t, f.en)
	b.phone()
	b.open("/login")
	b.press("한국어")
	b.fill("사용자 이름", "bora")
	b.fill("비밀번호", "password for bora")
	b.press("로그인")
	if _, err := models.DecideCase(ctx, f.en.db, f.mod, kase, models.Decision{Kind: models.DecideRestrict, Policy: "fraud", Scope: models.ScopeService, Days: "30",
		OverrideReason: "Phishing for accounts: the whole account goes."}); err != nil {
		t.Fatal(err)
	}

	b.open("/friends") // the session is gone: the log-in page, which says why
	if got := b.text(`[data-testid="login-restricted"]`); !strings.Contains(got, "계정 이용이 제한되어 로그아웃되었습니다.") {
		t.Fatalf("log-in page: %q", got)
	}
	b.shot("restricted-login-ko-375")
	b.checkA11y("logged out by a restriction")
	b.fill("사용자 이름", "bora")
	b.fill("비밀번호", "password for bora")
	b.press("로그인")

	b.open("/")
	if got := b.text(`[data-testid="home-restricted"]`); !strings.Contains(got, "까지 계정 전체의 이용이 제한됩니다.") {
		t.Fatalf("Home: %q", got)
	}
	var welcome bool
	b.run("no welcome", chromedp.Evaluate(`!!document.querySelector(".flash-success")`, &welcome))
	if welcome {
		t.Fatal("a welcome over the restriction")
	}
	b.shot("restricted-home-ko-375")
	b.checkA11y("whole account restricted")

	b.follow("제한 사유 확인 및 이의 제기")
	b.fill("이의 제기: 제한을 풀어야 하는 이유", "제 휴대폰을 다른 사람이 썼습니다.")
	b.press("이의 제기하기")
	if got := b.text(`[data-testid="my-appeal"]`); !strings.Contains(got, "제 휴대폰을 다른 사람이 썼습니다.") || !strings.Contains(got, "나의 이의 제기") {
		t.Fatalf("the appeal: %q", got)
	}
	b.shot("restricted-appeal-ko-375")
	b.checkA11y("appealed")

	b.run("the export link in view", chromedp.Evaluate(`document.querySelector('[data-testid="export-chats"] a').scrollIntoView({block: "center"})`, nil))
	b.follow("대화 내보내기: alma")
	if p := b.path(); !strings.HasSuffix(p, "/export") {
		t.Fatalf("the export link led to %s", p)
	}
	b.shot("restricted-export-ko-375")
	b.open("/notices")
	b.shot("restricted-notices-ko-375")
	b.open("/safety")
	if got := b.text(`[data-testid="crisis-help"]`); !strings.Contains(got, "109") {
		t.Fatalf("the Safety Guide's crisis help: %q", got)
	}
	b.shot("safety-guide-ko-375")
	b.wantNoConsoleErrors()
}
