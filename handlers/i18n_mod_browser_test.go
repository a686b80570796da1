//go:build browser

package handlers_test

import (
	"context"
	"strings"
	"testing"

	"talksafe/models"
)

// TestBrowserModKorean walks the moderation pages in Korean, at both widths
// (axe-core checks the shown evidence and the refused decision): mod starts
// reviewing, sees a severe case's evidence hidden and shows it, decides
// with an error first, then looks at
// the stats and the appeals; mod2 lifts trent's restriction on appeal.
func TestBrowserModKorean(t *testing.T) {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('mod', 'mod2')")
	b := newBrowser(t, en)
	b.login("mod", models.DemoPassword)
	b.phone()
	b.open("/mod")
	if got := b.text("main h1"); got != "신고 대기열" {
		t.Fatalf("the queue in Korean: %q", got)
	}
	b.shot("ko-phone-mod-queue")
	b.press("검토 시작")
	if got := b.text(`[data-testid="evidence-hidden"]`); !strings.Contains(got, "심각한 사유의 신고 건입니다.") {
		t.Fatalf("the severe case's evidence is not hidden: %q", got)
	}
	b.shot("ko-phone-mod-case-hidden")
	b.press("증거 보기")
	if got := b.text(`[data-testid="evidence"]`); got == "" {
		t.Fatal("no evidence after Show evidence")
	}
	b.checkA11y("evidence shown")
	b.press("처리하고 다음 건 열기")
	if got := b.text(`[data-testid="error-kind"]`); got != "결정을 선택하세요." {
		t.Fatalf("the decision's error in Korean: %q", got)
	}
	b.checkA11y("evidence shown")
	b.shot("ko-phone-mod-case-error")
	b.pick("경고")
	b.chooseOption("운영정책 조항", "위협, 폭력 또는 테러")
	b.fill("사용자에게 전할 말", "위협하는 말은 허용되지 않습니다.")
	b.press("처리하고 다음 건 열기")
	b.wantFlash("처리했습니다: 경고, “위협, 폭력 또는 테러” 조항. 다음 신고 건입니다.")
	b.shot("ko-phone-mod-case-next")
	b.open("/mod/stats")
	if got := b.text("main h1"); got != "신고 처리 통계" {
		t.Fatalf("the stats in Korean: %q", got)
	}
	b.shot("ko-phone-mod-stats")
	b.open("/mod/appeals")
	b.shot("ko-phone-mod-appeals")
	b.laptop()
	b.press("로그아웃")

	b.login("mod2", models.DemoPassword)
	b.open("/mod/appeals")
	b.fill("사용자에게 전할 말", "다시 검토한 결과 제한을 해제합니다.")
	b.press("해제")
	b.wantFlash("이의 제기를 인용해 제한을 해제했습니다.")
	b.phone()
	b.shot("ko-phone-mod-appeals-done")
	b.laptop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.console { // the refused decision's 422 is the browser's one expected complaint
		if !strings.Contains(e, "status of 422") {
			t.Errorf("console error: %s", e)
		}
	}
}
