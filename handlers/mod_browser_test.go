//go:build browser

package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// choose picks the option with visible text option in the drop-down labelled label.
func (b *browser) chooseOption(label, option string) {
	b.t.Helper()
	sel := fmt.Sprintf(`//label[normalize-space()=%q]/following-sibling::select[1]`, label)
	var value string
	b.run("read option "+option, chromedp.AttributeValue(sel+fmt.Sprintf(`/option[normalize-space()=%q]`, option), "value", &value, nil, chromedp.BySearch))
	b.run("choose "+option, chromedp.SetValue(sel, value, chromedp.BySearch))
}

// pick clicks the radio button or check box labelled label.
func (b *browser) pick(label string) {
	b.t.Helper()
	b.run("pick "+label, chromedp.Click(fmt.Sprintf(`//label[normalize-space()=%q]/input`, label), chromedp.BySearch, chromedp.NodeVisible))
}

func (b *browser) logout() {
	b.t.Helper()
	b.press("Log out")
}

// TestBrowserModeration: mod claims a case and restricts dave from posting
// for 7 days; dave sees the notice, cannot post, appeals; mod2 lifts it.
func TestBrowserModeration(t *testing.T) {
	f := newModFixture(t)
	en := f.en
	dave := en.user("dave", models.RoleUser)
	if _, _, err := models.JoinOpenChat(t.Context(), en.db, dave.ID, f.room); err != nil {
		t.Fatal(err)
	}
	post := f.post(dave, "Win a free phone", "click this link now")
	filed, _, err := models.FileReport(t.Context(), en.db, f.alma.ID, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: []string{"spam"}})
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, en)

	b.login("mod", "password for mod")
	b.follow("Queue")
	b.follow(fmt.Sprintf("#%d", filed.CaseID))
	b.press("Claim")
	b.wantFlash("You claimed this case")
	if got := b.text(`[data-testid="evidence"]`); !strings.Contains(got, "click this link now") {
		t.Fatalf("evidence %q", got)
	}
	b.checkA11y("claimed: the decision form")
	b.pick("Restrict")
	b.chooseOption("Operation Policy rule", "Spam, advertising or flooding")
	b.chooseOption("Restrict", "Posting")
	b.chooseOption("For", "7 days")
	b.fill("Note to the user", "Please stop posting links.")
	b.shot("mod-case")
	b.press("Decide")
	b.wantFlash("Decided: Restrict")
	b.logout()

	b.login("dave", "password for dave")
	if got := b.text(`[data-testid="unread-count"]`); got != "1" {
		t.Fatalf("dave's unread count %q", got)
	}
	b.clickAndWait("Notices", `//a[@data-testid="nav-notices"]`)
	if got := b.text(`[data-testid="notice"]`); !strings.Contains(got, "You cannot write posts or comments on Open Chat boards until") || !strings.Contains(got, "Please stop posting links.") {
		t.Fatalf("dave's notice %q", got)
	}
	b.shot("notices")
	b.open(f.roomPath(""))
	if got := b.text(`[data-testid="restriction"]`); !strings.Contains(got, "restricted from posting") {
		t.Fatalf("board banner %q", got)
	}
	b.checkA11y("restricted from posting")
	b.open("/notices")
	b.follow("See the restriction and appeal")
	b.fill("Appeal: why should it be lifted?", "I did not know links were not allowed.")
	b.press("Send appeal")
	b.wantFlash("Your appeal was sent")
	b.logout()

	b.login("mod2", "password for mod2")
	b.follow("Appeals")
	b.fill("Note to the user", "First time: lifted.")
	b.press("Lift")
	b.wantFlash("Appeal granted")
	b.logout()

	b.login("dave", "password for dave")
	b.open(f.roomPath(""))
	b.follow("Write a post")
	b.fill("Title", "Sorry")
	b.fill("Text", "No more links.")
	b.press("Post")
	if got := b.text("h1"); got != "Sorry" {
		t.Fatalf("after posting: %q", got)
	}
}
