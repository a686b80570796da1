//go:build browser

package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"talksafe/models"
)

// browser is one test's tab in the package's headless Chromium, in a
// browser context of its own (its own cookies and storage, as a private
// window), driving the test's portal as a person would: by visible labels.
// SCREENSHOT_DIR, when set, keeps a PNG of every page the test names with
// shot.
type browser struct {
	t       *testing.T
	en      *env
	ctx     context.Context
	context cdp.BrowserContextID // the tab's, its cookies and storage
	narrow  bool                 // on a 375 px phone screen

	mu      sync.Mutex
	console []string // errors the page logged (script or network)
}

// The package's Chromium stops once every test is done, and AXE_REPORT is
// written.
func init() {
	afterTests = append(afterTests, func() bool {
		chromium.stop()
		if err := writeAxeReport(); err != nil {
			log.Print(err)
			return false
		}
		return true
	})
}

// chromium is the package's one Chromium process, started by the first
// test that needs it: starting it takes longer than opening a context in it.
var chromium chromiumProcess

type chromiumProcess struct {
	once    sync.Once
	ctx     context.Context // its first tab, the parent of every test's
	err     error
	profile string
	cancel  []context.CancelFunc
}

func chromiumPath() (string, error) {
	for _, p := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path, nil
		}
	}
	return "", errors.New("no Chromium found: install Debian's chromium (.ci/run does) or set CHROMIUM to its path")
}

// ignoreDialogEvents is chromedp's error log without its complaint about a
// <dialog> opening: chromedp does not follow the top layer.
func ignoreDialogEvents(format string, args ...any) {
	if strings.HasPrefix(format, "unhandled node event") {
		return
	}
	log.Printf(format, args...)
}

func (c *chromiumProcess) start() {
	path, err := chromiumPath()
	if err != nil {
		c.err = err
		return
	}
	c.profile, err = os.MkdirTemp("", "talksafe-chromium-")
	if err != nil {
		c.err = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(c.profile), chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithErrorf(ignoreDialogEvents))
	c.ctx, c.cancel = ctx, []context.CancelFunc{cancelCtx, cancelAlloc}
	if err := chromedp.Run(ctx); err != nil {
		c.err = fmt.Errorf("start Chromium: %w", err)
	}
}

// stop closes Chromium gracefully, if it was started, then removes its
// profile.
func (c *chromiumProcess) stop() {
	if c.ctx == nil {
		return
	}
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	_ = chromedp.Cancel(ctx)
	cancel()
	for _, cancel := range c.cancel {
		cancel()
	}
	// Chromium's helpers may still be writing the profile for a moment.
	for range 20 {
		if os.RemoveAll(c.profile) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func newBrowser(t *testing.T, en *env) *browser {
	t.Helper()
	chromium.once.Do(chromium.start)
	if chromium.err != nil {
		t.Fatal(chromium.err)
	}
	// The tab opens in a window of its own: headless Chromium has no window
	// for a new browser context to open a tab in.
	root := chromedp.FromContext(chromium.ctx).Browser
	id, err := target.CreateBrowserContext().Do(cdp.WithExecutor(chromium.ctx, root))
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	tabID, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(cdp.WithExecutor(chromium.ctx, root))
	if err != nil {
		t.Fatalf("new tab: %v", err)
	}
	tab, cancelTab := chromedp.NewContext(chromium.ctx, chromedp.WithTargetID(tabID))
	ctx, cancelTimeout := context.WithTimeout(tab, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab() // closes the tab
		ctx, cancel := context.WithTimeout(chromium.ctx, 5*time.Second)
		defer cancel()
		if err := target.DisposeBrowserContext(id).Do(cdp.WithExecutor(ctx, root)); err != nil {
			t.Errorf("dispose of the browser context: %v", err)
		}
	})
	b := &browser{t: t, en: en, ctx: ctx, context: id}
	chromedp.ListenTarget(ctx, func(ev any) {
		var line string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				for _, a := range ev.Args {
					line += " " + string(a.Value) + a.Description
				}
			}
		case *runtime.EventExceptionThrown:
			line = ev.ExceptionDetails.Error()
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.LevelError {
				line = ev.Entry.Text + " " + ev.Entry.URL
			}
		}
		if line != "" {
			b.mu.Lock()
			b.console = append(b.console, strings.TrimSpace(line))
			b.mu.Unlock()
		}
	})
	// The first Run attaches to the tab for as long as its context lives:
	// b.ctx, not one of b.run's. axe-core is then in every document the tab
	// loads, ready for checkA11y.
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)),
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(axeSource).Do(ctx)
			return err
		})); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return b
}

// allowDownloads saves the tab's downloads in dir.
func (b *browser) allowDownloads(dir string) {
	b.t.Helper()
	root := chromedp.FromContext(b.ctx).Browser
	b.run("allow downloads", chromedp.ActionFunc(func(ctx context.Context) error {
		return cdpbrowser.SetDownloadBehavior(cdpbrowser.SetDownloadBehaviorBehaviorAllow).
			WithDownloadPath(dir).WithBrowserContextID(b.context).Do(cdp.WithExecutor(ctx, root))
	}))
}

func (b *browser) run(what string, actions ...chromedp.Action) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var text string
		_ = chromedp.Run(b.ctx, chromedp.Text("body", &text, chromedp.ByQuery))
		b.t.Fatalf("%s: %v\npage text: %s", what, err, strings.Join(strings.Fields(text), " "))
	}
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.en.srv.URL+path))
}

// wantNoConsoleErrors fails the test if any page so far logged an error
// to the console: a script's, or a network answer the browser counts as one.
func (b *browser) wantNoConsoleErrors() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.console) > 0 {
		b.t.Errorf("console errors:\n%s", strings.Join(b.console, "\n"))
	}
}

// fill types value into the input or text area labelled label.
func (b *browser) fill(label, value string) {
	b.t.Helper()
	sel := fmt.Sprintf(`//label[normalize-space()=%q]/following-sibling::*[self::input or self::textarea][1]`, label)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	_ = chromedp.Run(ctx, chromedp.Clear(sel, chromedp.BySearch)) // fails on an empty text area, which is clear already
	b.run("fill "+label, chromedp.SendKeys(sel, value, chromedp.BySearch))
}

// press clicks the button whose visible text is label and waits for the
// page it leads to.
func (b *browser) press(label string) {
	b.t.Helper()
	b.clickAndWait(label, fmt.Sprintf(`//button[normalize-space()=%q]`, label))
}

// follow clicks the link whose visible text is label and waits for the page.
func (b *browser) follow(label string) {
	b.t.Helper()
	b.clickAndWait(label, fmt.Sprintf(`//a[normalize-space()=%q]`, label))
}

// openMenu opens the "..." menu named label (its aria-label).
func (b *browser) openMenu(label string) {
	b.t.Helper()
	b.run("open menu "+label, chromedp.Click(fmt.Sprintf(`//summary[@aria-label=%q]`, label), chromedp.BySearch, chromedp.NodeVisible))
}

// pressInMenu presses the item label of the open "..." menu.
func (b *browser) pressInMenu(label string) {
	b.t.Helper()
	b.clickAndWait(label, fmt.Sprintf(`//details[@open]//*[self::button or self::a][normalize-space()=%q]`, label))
}

// pressInRow presses the button or link label in the list row that names who.
func (b *browser) pressInRow(who, label string) {
	b.t.Helper()
	b.clickAndWait(label, fmt.Sprintf(`//li[.//strong[normalize-space()=%q]]//*[self::button or self::a][normalize-space()=%q]`, who, label))
}

// phone switches to a 375 px wide screen; laptop back to 1280.
func (b *browser) phone() {
	b.narrow = true
	b.run("phone", chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(1)))
}
func (b *browser) laptop() {
	b.narrow = false
	b.run("laptop", chromedp.EmulateViewport(1280, 900, chromedp.EmulateScale(1)))
}

func (b *browser) clickAndWait(label, xpath string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(xpath, chromedp.BySearch, chromedp.NodeVisible)); err != nil {
		b.t.Fatalf("click %s: %v", label, err)
	}
}

// text returns the visible text of the first element matching the CSS selector.
func (b *browser) text(css string) string {
	b.t.Helper()
	var s string
	b.run("read "+css, chromedp.Text(css, &s, chromedp.ByQuery, chromedp.NodeReady))
	return strings.Join(strings.Fields(s), " ")
}

func (b *browser) path() string {
	b.t.Helper()
	var loc string
	b.run("location", chromedp.Location(&loc))
	return strings.TrimPrefix(loc, b.en.srv.URL)
}

// wantFlash fails the test unless the page's flash message contains want.
func (b *browser) wantFlash(want string) {
	b.t.Helper()
	if got := b.text(`[data-testid="flash"]`); !strings.Contains(got, want) {
		b.t.Fatalf("flash %q, want %q", got, want)
	}
}

// openChat opens the room with who from the Chats list.
func (b *browser) openChat(who string) {
	b.t.Helper()
	b.clickAndWait(who, fmt.Sprintf(`//a[contains(@class, "chat-link")][.//strong[normalize-space()=%q]]`, who))
}

// login logs in through the log-in page.
func (b *browser) login(name, password string) {
	b.t.Helper()
	b.open("/login")
	b.fill("User name", name)
	b.fill("Password", password)
	b.press("Log in")
}

// shot saves a screenshot as SCREENSHOT_DIR/name.png when SCREENSHOT_DIR is set.
func (b *browser) shot(name string) {
	b.t.Helper()
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	var png []byte
	b.run("screenshot", chromedp.FullScreenshot(&png, 100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func TestBrowserAccount(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	b := newBrowser(t, en)

	b.open("/")
	b.shot("landing")
	b.follow("Sign up")
	b.fill("User name", "hana")
	b.fill("Password", "short")
	b.fill("Password again", "short")
	b.press("Sign up")
	if got := b.text(`[data-testid="error-password"]`); !strings.Contains(got, "at least 10") {
		t.Fatalf("error beside password: %q", got)
	}
	b.checkA11y("")
	b.shot("signup-errors")
	b.fill("Password", "hana's long password")
	b.fill("Password again", "hana's long password")
	b.press("Sign up")
	if got := b.text("h1"); got != "Hello, hana" {
		t.Fatalf("after sign-up: %q", got)
	}
	b.shot("home")

	b.press("Log out")
	if got := b.text(`[data-testid="flash"]`); got != "You are logged out." {
		t.Fatalf("after log-out: %q", got)
	}
	b.follow("Log in")
	b.fill("User name", "hana")
	b.fill("Password", "wrong password")
	b.press("Log in")
	if got := b.text(`[data-testid="form-error"]`); !strings.Contains(got, "not right") {
		t.Fatalf("wrong password: %q", got)
	}
	b.checkA11y("")
	b.shot("login-error")
	b.fill("Password", "hana's long password")
	b.press("Log in")
	if b.path() != "/" {
		t.Fatalf("after log-in at %s", b.path())
	}

	b.follow("hana")
	b.fill("Current password", "hana's long password")
	b.fill("New password", "hana's newer password")
	b.fill("New password again", "hana's newer password")
	b.press("Change password")
	b.wantFlash("Your password is changed")
	b.shot("password")
}

func TestBrowserFriendsAndChat(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	alice := en.userID("alice")
	b := newBrowser(t, en)
	b.login("alice", models.DemoPassword)

	// Hide a friend, then delete them from Hidden Friends.
	b.follow("Friends")
	b.shot("friends")
	b.openMenu("More for Erin Jung")
	b.shot("friends-menu")
	b.pressInMenu("Hide")
	b.wantFlash("Erin Jung is hidden")
	b.shot("hidden-undo")
	b.press("Undo")
	b.wantFlash("Erin Jung is back on your Friends list")
	if b.path() != "/friends" {
		t.Fatalf("after Undo at %s", b.path())
	}
	b.openMenu("More for Erin Jung")
	b.pressInMenu("Hide")
	b.wantFlash("Erin Jung is hidden")
	b.follow("Settings")
	b.follow("Manage Friends")
	b.shot("hidden-friends")
	b.pressInRow("Erin Jung", "Delete")
	b.shot("delete-confirm")
	b.press("Delete")
	b.wantFlash("Erin Jung is no longer your friend")
	if en.state(alice, en.userID("erin")) != "" {
		t.Fatal("erin is still a friend in the database")
	}

	// Block another friend, then unblock them.
	b.follow("Friends")
	b.openMenu("More for Frank Kang")
	b.pressInMenu("Block")
	b.shot("block-confirm")
	b.press("Block")
	b.wantFlash("Frank Kang is blocked")
	b.follow("Settings")
	b.follow("Manage Friends")
	b.follow("Blocked Friends")
	b.shot("blocked-friends")
	b.pressInRow("Frank Kang", "Unblock")
	b.wantFlash("Frank Kang is unblocked")
	if en.state(alice, en.userID("frank")) != "" {
		t.Fatal("frank's row should be gone after unblock")
	}
	b.press("Add as friend")
	b.wantFlash("Frank Kang is now your friend")
	if en.state(alice, en.userID("frank")) != "friend" {
		t.Fatalf("after Add as friend: %q", en.state(alice, en.userID("frank")))
	}

	// The Chats list: unread counts, and search by name.
	b.follow("Chats")
	b.shot("chats")
	if got := b.text(`[data-testid="unread"]`); got == "" {
		t.Fatal("no unread count in the Chats list")
	}
	b.fill("Search chats by name", "trent")
	b.press("Search")
	if got := b.text(`[data-testid="chats"]`); !strings.Contains(got, "Trent Song") || strings.Contains(got, "Bob Lee") {
		t.Fatalf("search trent: %q", got)
	}
	b.follow("Chats")

	// Send a message to Bob.
	b.openChat("Bob Lee")
	b.fill("Message", "Hello from the browser 👋") // Shift+Enter breaks the line; Enter would send
	b.run("second line", chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(input.ModifierShift)), chromedp.SendKeys("#f-body", "second line", chromedp.ByQuery))
	b.run("send", chromedp.Click(`//button[normalize-space()="Send"]`, chromedp.BySearch, chromedp.NodeVisible))
	b.run("see the message", chromedp.WaitVisible(`//li[@data-testid="message"]/div[contains(., "Hello from the browser")]`, chromedp.BySearch))
	var stored string
	en.db.Raw("SELECT body FROM chat_messages WHERE sender_id = ? ORDER BY id DESC LIMIT 1", alice).Scan(&stored)
	if stored != "Hello from the browser 👋\nsecond line" {
		t.Fatalf("stored %q", stored)
	}
	if got := b.text(`#f-body`); got != "" {
		t.Errorf("the message box was not cleared: %q", got)
	}
	b.shot("chat-room")

	// The same pages on a phone.
	b.phone()
	b.open("/friends")
	b.shot("phone-friends")
	b.follow("Chats")
	b.shot("phone-chats")
	b.openChat("Trent Song")
	b.shot("phone-chat-room")
	room := b.path()
	b.press("Add friend")
	b.wantFlash("Trent Song is now your friend")
	if b.path() != room || en.state(alice, en.userID("trent")) != "friend" {
		t.Fatalf("after Add friend at %s, state %q", b.path(), en.state(alice, en.userID("trent")))
	}
	b.laptop()
}
