//go:build browser

package handlers_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserStatements: mallory reads the statement of reasons of her
// restriction in her notice, in English and in Korean; the admin
// downloads the period's file and finds it there, in the API's shape.
func TestBrowserStatements(t *testing.T) {
	d := newKoDemo(t)
	d.decideSpamWave(t)
	b := newBrowser(t, d.en)

	b.login("mallory", models.DemoPassword)
	b.open("/notices")
	b.run("open the statement", chromedp.Click(`//summary[normalize-space()="Statement of reasons"]`, chromedp.BySearch, chromedp.NodeVisible))
	if got := b.text(`details[open].notice-statement`); !strings.Contains(got, "Category: Other violation of our terms.") ||
		!strings.Contains(got, "Facts: your account was restricted.") || !strings.Contains(got, "You may appeal within 6 months") {
		t.Fatalf("mallory's statement: %q", got)
	}
	b.checkA11y("")
	b.shot("notice-statement")
	d.en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'mallory'")
	b.open("/notices")
	b.phone()
	b.run("open the statement", chromedp.Click(`//summary[normalize-space()="조치 이유"]`, chromedp.BySearch, chromedp.NodeVisible))
	if got := b.text(`details[open].notice-statement`); !strings.Contains(got, "분류: 그 밖의 약관 위반.") || !strings.Contains(got, "운영자가 결정했습니다.") {
		t.Fatalf("mallory's statement in Korean: %q", got)
	}
	b.checkA11y("")
	b.shot("ko-phone-notice-statement")
	b.laptop()

	var puid string
	d.en.db.Raw(`SELECT s.puid FROM statements s JOIN users u ON u.id = s.user_id WHERE u.name = 'mallory' AND s.kind = 'restrict_account'`).Scan(&puid)
	b.wantNoConsoleErrors()
	b = newBrowser(t, d.en)
	b.login("admin", models.DemoPassword)
	b.open("/admin/transparency/statements")
	if file := b.downloadStatements(); puid == "" || file[puid] == nil {
		t.Fatalf("mallory's restriction (%q) is not in the download: %v", puid, file)
	}
	b.wantNoConsoleErrors()
}

// downloadStatements downloads the first file of the statements page open
// in b and returns its statements by puid.
func (b *browser) downloadStatements() map[string]map[string]any {
	b.t.Helper()
	downloads := b.t.TempDir()
	b.allowDownloads(downloads)
	b.run("download", chromedp.Click(`//a[normalize-space()="File 1 of 1"]`, chromedp.BySearch, chromedp.NodeVisible))
	content, err := os.ReadFile(waitForDownload(b.t, downloads, ".json"))
	if err != nil {
		b.t.Fatal(err)
	}
	var file struct{ Statements []map[string]any }
	if err := json.Unmarshal(content, &file); err != nil {
		b.t.Fatal(err)
	}
	byPUID := map[string]map[string]any{}
	for _, s := range file.Statements {
		byPUID[fmt.Sprint(s["puid"])] = s
	}
	return byPUID
}
