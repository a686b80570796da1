//go:build browser

package handlers_test

import (
	"bytes"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserVerifyExport exports a chat as alice, then, logged out, checks
// the downloaded file on Verify an export, then an edited copy of it.
func TestBrowserVerifyExport(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("alice", models.RoleUser)
	en.user("mallory", models.RoleUser)
	mal := en.login("mallory")
	roomURL, _ := mal.startChat("alice")
	mal.submit(roomURL+"/messages", url.Values{"body": {"meet me behind the station"}})
	mal.submit(roomURL+"/messages", url.Values{"body": {"or else"}})

	downloads := t.TempDir()
	b := newBrowser(t, en)
	b.allowDownloads(downloads)
	b.login("alice", "password for alice")
	b.follow("Chats")
	b.openChat("mallory")
	b.openMenu("Chat room menu")
	b.pressInMenu("Export Chat Message")
	b.shot("export")
	// The download replaces no page: click, then wait for the whole file.
	b.run("download", chromedp.Click(`//button[normalize-space()="Download"]`, chromedp.BySearch, chromedp.NodeVisible))
	file := waitForDownload(t, downloads, ".txt")
	content, err := os.ReadFile(file)
	if err != nil || !bytes.HasPrefix(content, []byte("mallory with talksafe Chats\r\n")) {
		t.Fatalf("downloaded %s: %q %v", file, content, err)
	}

	b.follow("Settings")
	b.follow("My exports")
	b.shot("my-exports")
	if got := b.text(`[data-testid="fingerprint"]`); got != hexSHA256(content) {
		t.Fatalf("My exports shows %q, the file's SHA-256 is %s", got, hexSHA256(content))
	}
	b.follow("Certificate")
	b.shot("certificate")
	b.press("Log out")

	// Anyone: the footer leads to Verify an export.
	b.follow("Verify an export")
	b.run("choose the file", chromedp.SetUploadFiles(`#f-file`, []string{file}, chromedp.ByQuery))
	b.press("Verify file")
	b.shot("verify-match")
	if got := b.text(`[data-testid="verdict"]`); !strings.Contains(got, "This file is an unchanged talksafe export of a 1:1 chat") ||
		!strings.Contains(got, "2 messages from") || strings.Contains(got, "mallory") || strings.Contains(got, "station") {
		t.Fatalf("verdict on the exported file: %q", got)
	}
	b.checkA11y("the verdict: an unchanged export")

	edited := filepath.Join(t.TempDir(), filepath.Base(file))
	if err := os.WriteFile(edited, bytes.Replace(content, []byte("or else"), []byte("or not"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	b.run("choose the edited file", chromedp.SetUploadFiles(`#f-file`, []string{edited}, chromedp.ByQuery))
	b.press("Verify file")
	b.shot("verify-nomatch")
	if got := b.text(`[data-testid="verdict"]`); !strings.Contains(got, "Not a talksafe export, or changed after export") {
		t.Fatalf("verdict on the edited file: %q", got)
	}
	b.checkA11y("the verdict: not an export")
}

// waitForDownload waits until dir holds a finished file ending in ext.
func waitForDownload(t *testing.T, dir, ext string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		matches, _ := filepath.Glob(filepath.Join(dir, "*"+ext))
		if len(matches) == 1 {
			return matches[0]
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	t.Fatalf("no %s file downloaded in time; %d entries in the download folder", ext, len(entries))
	return ""
}

func hexSHA256(b []byte) string { return hex.EncodeToString(sha256Of(b)) }
