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

// TestBrowserCustomerService: carol reports dave's message and presses
// Notify Customer Service; support answers with a saved reply and sends the
// case to moderation; mod finds it in the queue and decides it on the
// moderation pages; support resolves the ticket and carol reads the reply,
// the decision and the outcome.
func TestBrowserCustomerService(t *testing.T) {
	t.Parallel()
	en := daveThreatensCarol(t)
	b := newBrowser(t, en)

	// carol reports the message, then notifies Customer Service.
	b.login("carol", models.DemoPassword)
	b.follow("Chats")
	b.openChat("Dave Choi")
	last := `(//li[@data-testid="message"][.//summary])[last()]`
	b.openMenuWithin(last)
	b.openDialogFrom(last + `//a[normalize-space()="Report"]`)
	b.check("Threats, violence")
	b.press("Complete")
	b.follow("Notify Customer Service")
	if !strings.HasPrefix(b.path(), "/support/new?report=") {
		t.Fatalf("Notify Customer Service led to %s", b.path())
	}
	var ticked bool
	b.run("read the linked report", chromedp.Evaluate(`document.querySelector('input[name="reports"]').checked`, &ticked))
	if !ticked {
		t.Fatal("the report is not preselected")
	}
	b.fill("Describe what happened and what you need", "Dave demands money and threatens to post my photos.\nPlease stop him.")
	b.shot("support-new-ticket")
	b.press("Send to Customer Service")
	b.wantFlash("Your ticket was sent")
	if got := b.text(`[data-testid="ticket-state"]`); got != "Open" {
		t.Fatalf("new ticket state %q", got)
	}
	b.press("Log out")

	// support answers with the police saved reply and sends it to moderation.
	b.login("support", models.DemoPassword)
	b.follow("Support desk")
	b.shot("support-desk")
	b.follow("Dave demands money and threatens to post my photos.")
	b.run("open saved replies", chromedp.Click(`//summary[normalize-space()="Saved replies"]`, chromedp.BySearch, chromedp.NodeVisible))
	b.insertSavedReply("Police help: visit an investigation agency")
	b.press("Send reply")
	b.wantFlash("Reply sent")
	b.follow("View evidence")
	b.press("Show evidence") // a threat is a severe reason: hidden until revealed
	if got := b.text(`[data-testid="evidence-messages"]`); !strings.Contains(got, "I post your photos everywhere") {
		t.Fatalf("evidence %q", got)
	}
	b.follow(b.text(`.crumbs a`)) // back to the ticket
	b.fill("Note to the moderators", "Extortion with intimate photos; please review first.")
	b.press("Send to moderation")
	b.wantFlash("Sent to moderation")
	if got := b.text(`[data-testid="ticket-state"]`); got != "With moderation" {
		t.Fatalf("state after sending %q", got)
	}
	b.shot("support-ticket-with-moderation")

	ticket := b.path()
	var caseID int64
	en.db.Raw(`SELECT case_id FROM tickets WHERE state = 'with_moderation' AND user_id = ?`, en.userID("carol")).Scan(&caseID)
	if caseID == 0 {
		t.Fatal("no ticket waits with moderation")
	}
	b.press("Log out")

	// mod finds the escalated case in the queue, reads support's note and
	// removes the message.
	b.login("mod", models.DemoPassword)
	b.follow("Queue")
	b.fill("Reported user", "dave")
	b.pick("Escalated")
	b.press("Filter")
	b.follow(fmt.Sprintf("#%d", caseID))
	if got := b.text(`[data-testid="escalation-note"]`); !strings.Contains(got, "Extortion with intimate photos") {
		t.Fatalf("escalation note %q", got)
	}
	b.press("Claim")
	b.wantFlash("You claimed this case")
	b.press("Show evidence")
	if got := b.text(`[data-testid="evidence"]`); !strings.Contains(got, "I post your photos everywhere") {
		t.Fatalf("evidence %q", got)
	}
	b.checkA11y("evidence shown")
	b.pick("Remove content")
	b.chooseOption("Operation Policy rule", "Threats, violence or terrorism")
	b.fill("Note to the user", "Threatening to publish someone's photos is not allowed.")
	b.press("Decide")
	b.wantFlash("Decided: Remove content")
	b.press("Log out")

	// support reads the decision and resolves the ticket.
	b.login("support", models.DemoPassword)
	b.open(ticket)
	if got := b.text(`[data-testid="moderation-status"]`); !strings.Contains(got, "Action taken") {
		t.Fatalf("moderation status %q", got)
	}
	b.fill("Outcome", "Our moderators took action against the account that threatened you.")
	b.press("Resolve")
	b.wantFlash("Ticket resolved")
	b.press("Log out")

	// carol reads the reply and the outcome.
	b.login("carol", models.DemoPassword)
	b.follow("Customer Service")
	b.follow("Dave demands money and threatens to post my photos.")
	thread := b.text(`[data-testid="thread"]`)
	if !strings.Contains(thread, "Customer Service") || !strings.Contains(thread, "investigation agency") || strings.Contains(thread, "Haneul") {
		t.Fatalf("thread %q", thread)
	}
	if got := b.text(`[data-testid="moderation-result"]`); !strings.Contains(got, "Action taken") {
		t.Fatalf("decision %q", got)
	}
	if got := b.text(`[data-testid="ticket-outcome"]`); !strings.Contains(got, "took action") {
		t.Fatalf("outcome %q", got)
	}
	b.shot("support-my-ticket-resolved")
	b.clickAndWait("Notices", `//a[@data-testid="nav-notices"]`)
	if got := b.text(`main`); !strings.Contains(got, "took action under the Operation Policy") {
		t.Fatalf("carol's notices %q", got)
	}
}

// daveThreatensCarol is the demo world in which dave has just sent carol a
// threat in a new chat: the Customer Service flows start from it.
func daveThreatensCarol(t *testing.T) *env {
	t.Helper()
	en := newEnv(t)
	ctx := context.Background()
	if _, err := models.SeedDemo(ctx, en.db); err != nil {
		t.Fatal(err)
	}
	dave := en.userID("dave")
	room, err := models.StartChat(ctx, en.db, dave, "carol", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.SendMessage(ctx, en.db, dave, room, "Pay me ₩500,000 or I post your photos everywhere."); err != nil {
		t.Fatal(err)
	}
	return en
}

// insertSavedReply presses the saved reply titled title, which inserts it
// into the reply box with JavaScript: no page is loaded.
func (b *browser) insertSavedReply(title string) {
	b.t.Helper()
	b.run("insert "+title, chromedp.Click(fmt.Sprintf(`//button[@data-insert-reply][normalize-space()=%q]`, title), chromedp.BySearch, chromedp.NodeVisible))
}

// TestBrowserDeskInsertReplyAtCursor: support types a reply, puts the
// cursor between its greeting and its closing, and inserts a saved reply:
// it lands at the cursor, what was typed around it stays, nothing is sent.
func TestBrowserDeskInsertReplyAtCursor(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if _, err := models.SeedDemo(t.Context(), en.db); err != nil {
		t.Fatal(err)
	}
	var ticket int64
	en.db.Raw("SELECT t.id FROM tickets t JOIN users u ON u.id = t.user_id WHERE u.name = 'grace' ORDER BY t.id LIMIT 1").Scan(&ticket)
	var body string
	en.db.Raw("SELECT body FROM saved_replies WHERE title = 'Block and report' AND language = 'en'").Scan(&body)
	b := newBrowser(t, en)
	b.login("support", models.DemoPassword)
	path := fmt.Sprintf("/support/desk/%d", ticket)
	b.open(path)
	b.fill("Reply to grace", "Hello grace,\n\nKind regards")
	b.run("put the cursor after the greeting", chromedp.Evaluate(
		`(() => { const t = document.querySelector('textarea[name="reply"]'); t.focus(); t.setSelectionRange(14, 14); })()`, nil))
	b.run("open saved replies", chromedp.Click(`//summary[normalize-space()="Saved replies"]`, chromedp.BySearch, chromedp.NodeVisible))
	b.insertSavedReply("Block and report")
	var got string
	b.run("read the reply box", chromedp.Value(`textarea[name="reply"]`, &got, chromedp.ByQuery))
	if want := "Hello grace,\n\n" + body + "Kind regards"; got != want {
		t.Fatalf("reply box\n%q\nwant\n%q", got, want)
	}
	if b.path() != path {
		t.Fatalf("inserting left the page for %s", b.path())
	}
	var sent int64
	en.db.Raw("SELECT count(*) FROM ticket_messages WHERE ticket_id = ?", ticket).Scan(&sent)
	if sent != 0 {
		t.Fatal("inserting sent the reply")
	}
	b.wantNoConsoleErrors()
}
