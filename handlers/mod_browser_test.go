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
// for 7 days, beyond the ladder's suggestion and so with a reason; dave
// sees the notice, cannot post, appeals; mod2 lifts it, which reverses the
// decision; mod2 removes the post, mod reverses that with a reason and
// decides no violation.
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
	if got := b.text(`[data-testid="ladder-suggestion"]`); got != "1 strike in 180 days with this decision → a warning" {
		t.Fatalf("the ladder's suggestion %q", got)
	}
	// The ladder's line follows the rule chosen, and so do the scope and
	// duration it preselects.
	b.chooseOption("Operation Policy rule", "Threats, violence or terrorism")
	b.run("policy changed", chromedp.Evaluate(`document.querySelector('select[name="policy"]').dispatchEvent(new Event("change", {bubbles: true}))`, nil))
	if got := b.text(`[data-testid="ladder-suggestion"]`); got != "4 strikes in 180 days with this decision → Posting, 7 days" {
		t.Fatalf("the suggestion did not follow the rule: %q", got)
	}
	var days string
	b.run("read days", chromedp.Value(`select[name="days"]`, &days, chromedp.ByQuery))
	if days != "7" {
		t.Fatalf("the duration did not follow the suggestion: %q", days)
	}
	b.chooseOption("Operation Policy rule", "Spam, advertising or flooding")
	b.run("policy changed back", chromedp.Evaluate(`document.querySelector('select[name="policy"]').dispatchEvent(new Event("change", {bubbles: true}))`, nil))
	b.chooseOption("Restrict", "Posting")
	b.chooseOption("For", "7 days")
	b.fill("Note to the user", "Please stop posting links.")
	b.shot("mod-case")
	// Otherwise than the ladder: refused until a reason is given, the note kept.
	b.press("Decide")
	if got := b.text(`[data-testid="error-override_reason"]`); !strings.Contains(got, "The ladder suggests another penalty") {
		t.Fatalf("override without a reason: %q", got)
	}
	b.fill("Reason to choose otherwise", "Links to a phishing page: a warning is not enough.")
	b.press("Decide")
	b.wantFlash("Decided: Restrict")
	if got := b.text(`[data-testid="decision-action"]`); !strings.Contains(got, "Posting restricted for 7 days") {
		t.Fatalf("the decided case says %q", got)
	}
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
	// The lifted appeal reversed the decision: the case is back in the
	// queue. mod2 removes the post; mod, who decided first, reverses that
	// with a reason.
	b.open(fmt.Sprintf("/mod/cases/%d", filed.CaseID))
	if got := b.text(`[data-testid="reversal"]`); !strings.Contains(got, "lifted on appeal") {
		t.Fatalf("the reversal on the case page: %q", got)
	}
	b.pick("Remove content")
	b.press("Decide")
	b.wantFlash("Decided: Remove content")
	b.logout()

	b.login("mod", "password for mod")
	b.open(fmt.Sprintf("/mod/cases/%d", filed.CaseID))
	b.press("Reverse")
	if got := b.text(`[data-testid="error-reason"]`); !strings.Contains(got, "Say why the decision is reversed") {
		t.Fatalf("reverse without a reason: %q", got)
	}
	b.fill("Why reverse it (staff only, kept in the audit log)", "The link was a real giveaway.")
	b.checkA11y("a decided case with Reverse")
	b.shot("mod-reverse")
	b.press("Reverse")
	b.wantFlash("Reversed: removed content is back")
	if got := b.text(`[data-testid="reversals"]`); !strings.Contains(got, "The link was a real giveaway.") {
		t.Fatalf("reversals %q", got)
	}
	b.pick("No violation")
	b.press("Decide")
	b.wantFlash("Decided: No violation")
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
