//go:build browser

package handlers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// key presses one key where the focus is; the page it leads to, if any,
// has loaded when key returns (navigates says whether one should).
func (b *browser) key(k string, navigates bool) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	var err error
	if navigates {
		_, err = chromedp.RunResponse(ctx, chromedp.KeyEvent(k))
	} else {
		err = chromedp.Run(ctx, chromedp.KeyEvent(k))
	}
	if err != nil {
		b.t.Fatalf("key %q: %v", k, err)
	}
}

// shotFold saves what a 1280×800 screen shows first, as
// SCREENSHOT_DIR/name.png, when SCREENSHOT_DIR is set.
func (b *browser) shotFold(name string) {
	b.t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	var png []byte
	b.run("fold", chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)), chromedp.CaptureScreenshot(&png))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.laptop()
}

// visibleIn reports whether the element matching css shows within the
// first h pixels of the page.
func (b *browser) visibleIn(css string, h int) bool {
	b.t.Helper()
	var ok bool
	b.run("where is "+css, chromedp.Evaluate(fmt.Sprintf(`(function(){var e=document.querySelector(%q);if(!e)return false;var r=e.getBoundingClientRect();return r.height>0&&r.top+window.scrollY<%d})()`, css, h), &ok))
	return ok
}

// TestBrowserModKeyboardKorean: a moderator whose language is Korean works
// three cases at 1280 px by keyboard alone: j and Enter open the first
// case from the queue; on each case a digit picks the decision and n
// decides and opens the next (two keys, one page load); keys typed into a
// note stay in the note; "?" lists the keys. axe-core checks the queue and
// the case page with the form's parts shown and hidden, at both widths.
func TestBrowserModKeyboardKorean(t *testing.T) {
	f := newModFixture(t)
	en := f.en
	post1, harassment := f.reportPost("You are an idiot", "harassment")
	_, spam := f.reportPost("Cheap watches here", "spam")
	_, other := f.reportPost("A perfectly fine post", "other")
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'mod'")
	b := newBrowser(t, en)
	b.login("mod", "password for mod")
	b.run("1280×800", chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)))

	b.open("/mod")
	if got := b.text("main h1"); got != "신고 대기열" {
		t.Fatalf("the queue in Korean: %q", got)
	}
	if got := b.text(`[data-testid="preview"]`); got == "" {
		t.Fatal("no evidence preview on the queue")
	}
	b.checkA11y("")
	b.shotFold("ko-mod-queue-1280")
	b.key("?", false)
	if got := b.text(`[data-testid="shortcuts"] dl`); !strings.Contains(got, "다음 또는 이전 신고 건") {
		t.Fatalf("? does not list the keys: %q", got)
	}
	b.key("?", false)
	b.key("j", false)
	b.key(kb.Enter, true)
	if p := b.path(); p != casePath(harassment, "") {
		t.Fatalf("j, Enter opened %s, want the top case %d", p, harassment)
	}
	for _, part := range []string{`[data-testid="history"]`, `[data-testid="decide-form"]`, `[data-testid="decide"]`} {
		if !b.visibleIn(part, 800) {
			t.Errorf("%s is below the fold at 1280×800", part)
		}
	}
	if b.visibleIn(`select[name="scope"]`, 100000) {
		t.Fatal("the restriction's fields show before Restrict is chosen")
	}
	b.checkA11y("no decision chosen")
	b.shotFold("ko-mod-case-1280")

	// Keys typed in a note are the note's.
	b.run("focus the note", chromedp.Focus(`textarea[name="internal_note"]`, chromedp.ByQuery))
	b.key("1", false)
	b.key("n", false)
	var picked bool
	b.run("read the choice", chromedp.Evaluate(`!!document.querySelector('input[name="kind"]:checked')`, &picked))
	if picked || b.path() != casePath(harassment, "") {
		t.Fatal("a key typed in the note acted as a shortcut")
	}
	b.key(kb.Escape, false) // leaves the note

	b.key("4", false) // Restrict: its fields appear
	if !b.visibleIn(`select[name="scope"]`, 100000) {
		t.Fatal("Restrict's fields did not appear")
	}
	b.checkA11y("restrict chosen")
	b.shotFold("ko-mod-case-restrict-1280")
	b.phone()
	b.shot("ko-phone-mod-case-restrict")
	b.run("1280×800", chromedp.EmulateViewport(1280, 800, chromedp.EmulateScale(1)))

	// Restrict opens with the ladder's scope and duration (a first
	// harassment: posting, 1 day). s with 30 days instead and no reason:
	// refused, the focus on the first error, the note kept.
	var scope, days string
	b.run("read the preselection", chromedp.Value(`select[name="scope"]`, &scope, chromedp.ByQuery),
		chromedp.Value(`select[name="days"]`, &days, chromedp.ByQuery))
	if scope != "posting" || days != "1" {
		t.Fatalf("Restrict opened with %q for %q days, want the ladder's posting, 1", scope, days)
	}
	b.run("choose 30 days", chromedp.SetValue(`select[name="days"]`, "30", chromedp.ByQuery))
	b.key("s", true)
	var focused string
	b.run("read the focus", chromedp.Evaluate(`document.activeElement.name`, &focused))
	if focused != "override_reason" {
		t.Fatalf("after the refused submit the focus is on %q, want the reason to differ from the ladder", focused)
	}
	var note string
	b.run("read the note", chromedp.Value(`textarea[name="internal_note"]`, &note, chromedp.ByQuery))
	if note != "1n" {
		t.Fatalf("the note after the refused submit: %q", note)
	}
	b.checkA11y("")
	b.shotFold("ko-mod-case-refused-1280")

	// Case 1: Escape leaves the scope; Remove (2), decide and open the
	// next (n).
	b.key(kb.Escape, false)
	b.key("2", false)
	b.key("n", true)
	b.wantFlash("처리했습니다: 콘텐츠 삭제")
	if p := b.path(); p != casePath(spam, "?review=1") {
		t.Fatalf("after n: %s, want the next case %d", p, spam)
	}
	// Case 2: Warn (3), n.
	b.key("3", false)
	b.key("n", true)
	if p := b.path(); p != casePath(other, "?review=1") {
		t.Fatalf("after n: %s, want the next case %d", p, other)
	}
	// Case 3: False report (5): its lone report is the false one; n.
	b.key("5", false)
	b.key("n", true)
	b.wantFlash("대기열이 비었습니다")
	if p := b.path(); p != "/mod" {
		t.Fatalf("after the last case: %s", p)
	}

	for _, want := range []struct {
		kase int64
		sql  string
	}{
		{harassment, "SELECT count(*) FROM cases WHERE id = ? AND resolution = 'action_taken' AND internal_note = '1n'"},
		{spam, "SELECT count(*) FROM cases WHERE id = ? AND resolution = 'action_taken' AND policy_reason = 'spam'"},
		{other, "SELECT count(*) FROM reports WHERE case_id = ? AND state = 'false'"},
	} {
		if f.rows(want.sql, want.kase) != 1 {
			t.Errorf("case %d: not decided as keyed (%s)", want.kase, want.sql)
		}
	}
	if f.rows("SELECT count(*) FROM board_posts WHERE id = ? AND removed_at IS NOT NULL", post1) != 1 {
		t.Error("Remove did not remove the post")
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.console { // the refused decision's 422 is the browser's one expected complaint
		if !strings.Contains(e, "status of 422") {
			t.Errorf("console error: %s", e)
		}
	}
}
