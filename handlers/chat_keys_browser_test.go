//go:build browser

package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"talksafe/models"
)

// TestBrowserChatEnterSends: in a room, Shift+Enter breaks the line, Enter
// sends, and the box has the focus again afterwards.
func TestBrowserChatEnterSends(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("rin", models.RoleUser)
	en.user("sol", models.RoleUser)
	room, err := models.StartChat(t.Context(), en.db, en.userID("rin"), "sol", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, en)
	b.login("rin", "password for rin")
	b.open(fmt.Sprintf("/chats/%d", room))
	b.run("type", chromedp.Click("#f-body", chromedp.ByQuery), chromedp.SendKeys("#f-body", "line one", chromedp.ByQuery),
		chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(input.ModifierShift)),
		chromedp.SendKeys("#f-body", "line two", chromedp.ByQuery))
	var box string
	b.run("read the box", chromedp.Value("#f-body", &box, chromedp.ByQuery))
	if box != "line one\nline two" {
		t.Fatalf("after Shift+Enter the box holds %q", box)
	}
	b.run("Enter", chromedp.KeyEvent(kb.Enter))
	var sent []string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		en.db.Raw("SELECT body FROM chat_messages WHERE room_id = ?", room).Scan(&sent)
		if len(sent) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(sent) != 1 || sent[0] != "line one\nline two" {
		t.Fatalf("sent %q", sent)
	}
	var focused bool
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !focused; time.Sleep(50 * time.Millisecond) {
		b.run("focus", chromedp.Evaluate(`document.activeElement && document.activeElement.id === "f-body" && document.activeElement.value === ""`, &focused))
	}
	if !focused {
		t.Fatal("the box does not have the focus after sending")
	}
	var shown string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !strings.Contains(shown, "line one"); time.Sleep(50 * time.Millisecond) {
		shown = b.text(`#messages`)
	}
	if !strings.Contains(shown, "line one") {
		t.Fatalf("the room after sending: %q", shown)
	}
	b.wantNoConsoleErrors()
}
