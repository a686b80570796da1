//go:build browser

package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// openDialogFrom clicks the Report item that opens in the page's <dialog>
// and waits until the pop-up shows.
func (b *browser) openDialogFrom(xpath string) {
	b.t.Helper()
	b.run("open the pop-up", chromedp.Click(xpath, chromedp.BySearch, chromedp.NodeVisible),
		chromedp.WaitVisible(`//dialog[@open]//h1`, chromedp.BySearch),
		// htmx wires the pop-up's form once the swap settles; a click before
		// that would post it as a plain page.
		chromedp.Poll(`(() => { const f = document.querySelector("dialog[open] form");
			return !f || (f["htmx-internal-data"] !== undefined && !document.querySelector(".htmx-settling, .htmx-swapping, .htmx-request")); })()`,
			nil, chromedp.WithPollingTimeout(5*time.Second)))
	b.checkA11y("")
}

// check ticks the check box whose label contains text, in the open dialog.
func (b *browser) check(text string) {
	b.t.Helper()
	b.run("check "+text, chromedp.Click(fmt.Sprintf(`//dialog[@open]//label[contains(normalize-space(), %q)]/input`, text), chromedp.BySearch))
}

func TestBrowserReporting(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	alice, bob := en.userID("alice"), en.userID("bob")
	b := newBrowser(t, en)
	b.login("alice", models.DemoPassword)

	// Report a board post with two reasons.
	b.follow("Open Chat")
	b.follow("Seoul Hiking Club")
	b.follow("EASY MONEY for hikers!!!")
	b.openMenu("More for this post")
	b.openDialogFrom(`//details[@open]//a[normalize-space()="Report"]`)
	if got := b.text("dialog[open] h1"); got != "Report" {
		t.Fatalf("pop-up title %q", got)
	}
	b.check("Fraud, phishing")
	b.check("Spam, advertising")
	b.shot("report-post-dialog")
	b.press("Complete")
	if got := b.text("h1"); got != "Your report was received" {
		t.Fatalf("after Complete: %q", got)
	}
	var reasons string
	en.db.Raw("SELECT array_to_string(reasons, ',') FROM reports WHERE reporter_id = ? AND subject_type = 'post'", alice).Scan(&reasons)
	if reasons != "fraud,spam" {
		t.Fatalf("stored reasons %q", reasons)
	}

	// A friend's chat message: refused, until the friend is blocked.
	b.follow("Chats")
	b.openChat("Bob Lee")
	lastFromBob := `(//li[@data-testid="message"][.//summary])[last()]`
	b.openMenuWithin(lastFromBob)
	b.openDialogFrom(lastFromBob + `//a[normalize-space()="Report"]`)
	if got := b.text("dialog[open] h1"); got != "You can't report a message from your friends" {
		t.Fatalf("friend's message: %q", got)
	}
	b.shot("report-friend-refused")
	b.clickAndWait("Block", `//dialog[@open]//a[normalize-space()="Block"]`)
	b.press("Block")
	if !strings.HasPrefix(b.path(), "/chats/") {
		t.Fatalf("after Block, at %s", b.path())
	}
	b.openMenuWithin(lastFromBob)
	b.openDialogFrom(lastFromBob + `//a[normalize-space()="Report"]`)
	if got := b.text(`dialog[open] [data-testid="chat-report-warning"]`); !strings.Contains(got, "will be deleted when reported") {
		t.Fatalf("warning %q", got)
	}
	b.check("Abuse, harassment")
	b.shot("report-message-dialog")
	b.press("Complete")
	if got := b.text(`[data-testid="now-blocked"]`); !strings.Contains(got, "Bob Lee is now blocked") {
		t.Fatalf("confirmation %q", got)
	}
	b.checkA11y("reported and blocked")
	b.shot("report-received")

	// The room is gone, and Bob is under Blocked Friends.
	b.follow("Chats")
	var chats string
	b.run("read chats", chromedp.Text("main", &chats, chromedp.ByQuery))
	if strings.Contains(chats, "Bob Lee") {
		t.Fatal("Bob's room is still in the Chats list")
	}
	b.follow("Settings")
	b.follow("Manage Friends")
	b.follow("Blocked Friends")
	if got := b.text(`[data-testid="blocked-friends"]`); !strings.Contains(got, "Bob Lee") {
		t.Fatalf("Blocked Friends: %q", got)
	}
	b.follow("My reports")
	b.shot("my-reports")
	var n int64
	en.db.Raw("SELECT count(*) FROM reports WHERE reporter_id = ? AND reported_user_id = ?", alice, bob).Scan(&n)
	if n != 1 {
		t.Fatalf("%d reports of bob", n)
	}
}

// activeLabel is the aria-label (else the text) of the focused element.
func (b *browser) activeLabel() string {
	b.t.Helper()
	var s string
	b.run("focused element", chromedp.Evaluate(`(function (e) { return e ? (e.getAttribute("aria-label") || e.tagName + ":" + e.textContent.trim()) : "" })(document.activeElement)`, &s))
	return s
}

// wantDialogClosed waits until the pop-up is closed and the focus is on the
// element labelled label, and fails the test if that does not come.
func (b *browser) wantDialogClosed(after, label string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
	defer cancel()
	js := fmt.Sprintf(`!document.getElementById("dialog").open && document.activeElement && document.activeElement.getAttribute("aria-label") === %q`, label)
	if err := chromedp.Run(ctx, chromedp.Poll(js, nil, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		b.t.Fatalf("after %s: pop-up open %v, focus on %q", after, b.dialogOpen(), b.activeLabel())
	}
}

func (b *browser) dialogOpen() bool {
	b.t.Helper()
	var open bool
	b.run("pop-up open?", chromedp.Evaluate(`document.getElementById("dialog").open`, &open))
	return open
}

func TestBrowserReportDialog(t *testing.T) {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, en)
	b.login("alice", models.DemoPassword)
	b.follow("Open Chat")
	b.follow("Seoul Hiking Club")
	b.follow("EASY MONEY for hikers!!!")
	post := b.path()
	report := `//details[@open]//a[normalize-space()="Report"]`

	// Escape closes the pop-up; focus goes back to the … that opened it.
	b.openMenu("More for this post")
	b.openDialogFrom(report)
	b.run("see Close", chromedp.WaitVisible(`//dialog[@open]//button[normalize-space()="Close"]`, chromedp.BySearch))
	b.run("press Escape", chromedp.KeyEvent("\x1b"))
	b.wantDialogClosed("Escape", "More for this post")

	// Complete with no reason: the error shows inside the pop-up.
	b.openMenu("More for this post")
	b.openDialogFrom(report)
	b.run("Complete", chromedp.Click(`//dialog[@open]//button[normalize-space()="Complete"]`, chromedp.BySearch, chromedp.NodeVisible),
		chromedp.WaitVisible(`//dialog[@open]//*[@data-testid="error-reasons"]`, chromedp.BySearch))
	if b.path() != post {
		t.Fatalf("the error left the page for %s", b.path())
	}
	b.checkA11y("")
	b.shot("report-dialog-error")

	// Cancel closes it, and focus goes back too.
	b.run("Cancel", chromedp.Click(`//dialog[@open]//a[normalize-space()="Cancel"]`, chromedp.BySearch, chromedp.NodeVisible))
	b.wantDialogClosed("Cancel", "More for this post")

	// File it; a second time says so, with My reports and Close.
	b.openMenu("More for this post")
	b.openDialogFrom(report)
	b.check("Spam, advertising")
	b.press("Complete")
	if got := b.text("h1"); got != "Your report was received" {
		t.Fatalf("after Complete: %q", got)
	}
	b.open(post)
	b.openMenu("More for this post")
	b.openDialogFrom(`//details[@open]//a[normalize-space()="Reported"]`)
	if got := b.dialogTitle(); got != "You already reported this" {
		t.Fatalf("second report: %q", got)
	}
	b.shot("report-dialog-already")
	b.run("Close", chromedp.Click(`//dialog[@open]//button[normalize-space()="Close"]`, chromedp.BySearch, chromedp.NodeVisible))
	b.wantDialogClosed("Close", "More for this post")

	// A friend's message is refused (403) inside the pop-up, quietly.
	b.follow("Chats")
	b.openChat("Bob Lee")
	fromBob := `(//li[@data-testid="message"][.//summary])[last()]`
	b.openMenuWithin(fromBob)
	b.openDialogFrom(fromBob + `//a[normalize-space()="Report"]`)
	if got := b.dialogTitle(); got != "You can't report a message from your friends" {
		t.Fatalf("friend's message: %q", got)
	}
	b.wantNoConsoleErrors()
}
