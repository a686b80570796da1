//go:build browser

package handlers_test

import (
	"context"
	"strings"
	"testing"

	"talksafe/models"
)

// TestBrowserTextBanks: admin opens the demo's text bank, pastes entries
// with one that has nothing to match, reads the error beside the box with
// the paste kept, fixes it and sees each entry as matched; then mod finds
// the demo's spam wave as one row of the queue and reads its items.
func TestBrowserTextBanks(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, en)
	b.login("admin", models.DemoPassword)
	b.follow("Automation")
	b.follow("Text banks")
	b.follow("Spam phrases")
	b.fill("Words or phrases, one per line", "FR33 C0INS\n!!!")
	b.press("Add")
	if got := b.text(`[data-testid="error-entries"]`); got != "Line 2 (!!!) has no letter or digit to match. Nothing was added." {
		t.Fatalf("error beside the box: %q", got)
	}
	b.fill("Words or phrases, one per line", "FR33 C0INS\nㅋㅏ 지 노")
	b.press("Add")
	b.wantFlash("Added 2.")
	if got := b.text(`[data-testid="bank-entries"]`); !strings.Contains(got, "FR33 C0INS free coins") || !strings.Contains(got, "ㅋㅏ 지 노 카지노") {
		t.Fatalf("entries: %q", got)
	}
	b.shot("text-bank")
	b.press("Log out")

	b.login("mod", models.DemoPassword)
	b.follow("Queue")
	if got := b.text(`[data-testid="wave"]`); got != "Spam wave · 4 items · 3 authors" {
		t.Fatalf("wave row: %q", got)
	}
	b.clickAndWait("the wave's case", `//tr[.//*[@data-testid="wave"]]//a[starts-with(normalize-space(), "#")]`)
	if got := b.text(`[data-testid="wave-items"] h2`); got != "Spam wave · 4 items · 3 authors" {
		t.Fatalf("wave heading: %q", got)
	}
	b.shot("spam-wave-case")
}
