//go:build browser

package handlers_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openMenuWithin opens the "..." menu inside the element at the XPath within.
func (b *browser) openMenuWithin(within string) {
	b.t.Helper()
	b.run("open the menu in "+within, chromedp.Click(within+"//summary", chromedp.BySearch, chromedp.NodeVisible))
}

// choose follows the item labelled item of the open menu inside within.
func (b *browser) choose(within, item string) {
	b.t.Helper()
	b.clickAndWait(item, within+fmt.Sprintf(`//a[normalize-space()=%q]`, item))
}

// shotNarrow is shot on a 375 px wide phone screen.
func (b *browser) shotNarrow(name string) {
	b.t.Helper()
	if os.Getenv("SCREENSHOT_DIR") == "" {
		return
	}
	b.run("phone screen", chromedp.EmulateViewport(375, 800))
	b.shot(name)
	b.run("laptop screen", chromedp.EmulateViewport(1280, 900))
}

func TestBrowserBoards(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	older := f.post(f.bora, "Bukhansan this Saturday", "Meeting at the trailhead at 8:00.\nBring water and a snack.")
	f.comment(f.alma, older, "Count me in!")
	f.comment(f.bora, older, "Is the Baegundae route open again?")
	f.post(f.alma, "Beginner routes?", "Which trail would you suggest for a first time?")
	b := newBrowser(t, f.en)

	b.login("cato", "password for cato")
	b.follow("Open Chat")
	b.shot("openchat-list")
	b.shotNarrow("openchat-list-phone")
	b.follow("Seoul Hiking Club")
	if got := b.text(`[data-testid="join-to-read"]`); !strings.Contains(got, "Join the room to read its posts") {
		t.Fatalf("board before joining: %q", got)
	}
	b.checkA11y("not a member")
	b.shot("board-outsider")
	b.press("Join")
	if got := b.text(`[data-testid="flash"]`); got != "You joined Seoul Hiking Club." {
		t.Fatalf("after joining: %q", got)
	}
	b.shot("board")
	b.shotNarrow("board-phone")

	b.follow("Write a post")
	b.fill("Title", "")
	b.press("Post")
	if got := b.text(`[data-testid="error-title"]`); got != "Write a title." {
		t.Fatalf("error beside the title: %q", got)
	}
	b.checkA11y("")
	b.shot("post-new-errors")
	b.fill("Title", "Gear swap")
	b.fill("Text", "Spare trekking poles, free.\nPick up on Sunday.")
	b.press("Post")
	if got := b.text("h1"); got != "Gear swap" {
		t.Fatalf("after posting: %q", got)
	}

	b.fill("Write a comment", "Still there?")
	b.press("Comment")
	if got := b.text(`[data-testid="comment-body"]`); got != "Still there?" {
		t.Fatalf("after commenting: %q", got)
	}
	b.openMenuWithin(`//li[@data-testid="comment"]`)
	b.choose(`//li[@data-testid="comment"]`, "Edit")
	b.shot("comment-edit")
	b.fill("Comment", "Still there? I can come at 10.")
	b.press("Save")
	if got := b.text(`[data-testid="comment-body"]`); got != "Still there? I can come at 10." {
		t.Fatalf("after editing the comment: %q", got)
	}
	b.openMenuWithin(`//article[@data-testid="post"]`)
	b.shot("post")
	b.shotNarrow("post-phone")

	b.choose(`//article[@data-testid="post"]`, "Delete")
	b.shot("post-delete")
	b.press("Delete post")
	if got := b.text(`[data-testid="flash"]`); got != "Your post is deleted." {
		t.Fatalf("after deleting: %q", got)
	}
	if got := b.text(`[data-testid="post"]`); !strings.Contains(got, "This post was deleted.") || strings.Contains(got, "Gear swap") {
		t.Fatalf("the board's newest post: %q", got)
	}
	b.shot("board-after-delete")

	b.open(fmt.Sprintf("/posts/%d", older))
	b.shot("post-of-another")

	f.exec(`INSERT INTO restrictions (user_id, scope, policy_reason, ends_at) VALUES (?, 'posting', 'Spam', now() + interval '3 days')`, f.cato.ID)
	b.open(fmt.Sprintf("/posts/%d", older))
	if got := b.text(`[data-testid="restriction"]`); !strings.Contains(got, "restricted from posting") {
		t.Fatalf("restriction on the post page: %q", got)
	}
	b.checkA11y("restricted from posting")
	b.shotNarrow("post-restricted-phone")
}
