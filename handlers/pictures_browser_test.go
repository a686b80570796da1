//go:build browser

package handlers_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"talksafe/models"
	"talksafe/models/picturetest"
)

// TestBrowserPictureReported: bob sends alice a picture; she sees it in
// the room and reports it; the moderator sees it blurred on the case,
// reveals it, and removes it under the severity-5 reason, after which the
// case says its bytes are gone.
func TestBrowserPictureReported(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("bob", models.RoleUser)
	en.user("alice", models.RoleUser)
	en.user("mod", models.RoleModerator)
	room, _ := en.login("bob").startChat("alice")
	photo := filepath.Join(t.TempDir(), "holiday.jpg")
	if err := os.WriteFile(photo, picturetest.JPEGWithEXIF(320, 200, 1), 0o600); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, en)
	b.login("bob", "password for bob")
	b.open(room)
	b.run("choose the picture", chromedp.SetUploadFiles(`#f-picture`, []string{photo}, chromedp.ByQuery))
	b.fill("Message", "from the beach")
	b.run("send", chromedp.Click(`//button[normalize-space()="Send"]`, chromedp.BySearch),
		chromedp.WaitVisible(`[data-testid="message"] [data-testid="picture"] img`, chromedp.ByQuery))
	b.checkA11y("a picture sent")

	a := newBrowser(t, en)
	a.login("alice", "password for alice")
	a.open(room)
	var alt string
	a.run("read the picture's name", chromedp.AttributeValue(`[data-testid="message"] [data-testid="picture"] img`, "alt", &alt, nil, chromedp.ByQuery))
	if !strings.HasPrefix(alt, "Picture from bob, ") || strings.Contains(alt, "holiday") {
		t.Fatalf("alt %q: want the sender and time", alt)
	}
	var loaded bool
	a.run("the picture loads", chromedp.Poll(`(() => { const i = document.querySelector('[data-testid="message"] img'); return i && i.complete && i.naturalWidth > 0; })()`,
		&loaded, chromedp.WithPollingTimeout(5*time.Second)))
	a.checkA11y("a picture received")
	a.openMenu("More for this message")
	a.openDialogFrom(`//details[@open]//a[normalize-space()="Report"]`)
	a.check("Child sexual exploitation or illegally filmed content")
	a.press("Complete")
	if got := a.text("h1"); got != "Your report was received" {
		t.Fatalf("after Complete: %q", got)
	}

	var caseID int64
	en.db.Raw("SELECT case_id FROM reports").Scan(&caseID)
	m := newBrowser(t, en)
	m.login("mod", "password for mod")
	m.open(fmt.Sprintf("/mod/cases/%d", caseID))
	m.press("Show evidence")
	if m.text(`[data-testid="evidence-picture"].blurred figcaption`) == "" {
		t.Fatal("the evidence picture is not shown blurred")
	}
	m.checkA11y("a blurred evidence picture")
	m.press("Reveal this picture")
	if got := m.text(`[data-testid="evidence-picture"] figcaption`); got != "Open the picture" {
		t.Fatalf("after reveal: %q", got)
	}
	m.press("Claim")
	m.pick("Remove content")
	m.chooseOption("Operation Policy rule", "Child sexual exploitation or illegally filmed content")
	m.press("Decide")
	if got := m.text(`[data-testid="picture-bytes-deleted"]`); !strings.Contains(got, "bytes were deleted") {
		t.Fatalf("the case does not say the bytes are gone: %q", got)
	}
	m.checkA11y("a severe picture removed")
	m.wantNoConsoleErrors()
	a.wantNoConsoleErrors()
}
