//go:build browser

package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserTransparencyPrint prints the transparency report of the demo's
// last month as an admin reads it, in Korean and in English: axe finds
// nothing on the page; printed, the navigation, the forms and the CSV links
// are gone, and every table fits the width of A4 in landscape less its
// margins (273 mm, 1031 px) with text no smaller than 7 pt and no header
// word broken. With SCREENSHOT_DIR set it saves
// the PDF and a screenshot of the print layout.
func TestBrowserTransparencyPrint(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	for _, lang := range []string{"ko", "en"} {
		t.Run(lang, func(t *testing.T) {
			d.en.db.Exec("UPDATE users SET language = ? WHERE name = 'admin'", lang)
			b := newBrowser(t, d.en)
			b.login("admin", "talksafe-demo")
			b.open("/admin/transparency")
			b.checkA11y("")
			b.shot("transparency-" + lang + "-1280")
			b.phone()
			b.shot("transparency-" + lang + "-375")
			b.laptop()
			b.run("print media", chromedp.EmulateViewport(1031, 1000, chromedp.EmulateScale(1)),
				emulation.SetEmulatedMedia().WithMedia("print"))
			var got struct {
				Hidden    []string
				Overflows []string
				Broken    []string
				Smallest  float64
				Tables    int
			}
			b.run("print layout", chromedp.Evaluate(`(() => {
				const shown = el => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
				const hidden = ['.topbar', '.footer', '[data-testid="period-form"]', '[data-testid="person-form"]', '[data-testid="csv-kcc-reports"]']
					.filter(s => !shown(document.querySelector(s)));
				const width = document.documentElement.clientWidth;
				const tables = [...document.querySelectorAll('table.figures')];
				const overflows = tables.filter(t => t.getBoundingClientRect().right > width + 1).map(t => t.dataset.testid);
				const broken = [...document.querySelectorAll('table.figures thead th')].filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent);
				const smallest = Math.min(...tables.flatMap(t => [...t.querySelectorAll('th, td')]).map(c => parseFloat(getComputedStyle(c).fontSize)));
				return {Hidden: hidden, Overflows: overflows, Broken: broken, Smallest: smallest, Tables: tables.length};
			})()`, &got))
			if len(got.Hidden) != 5 {
				t.Errorf("printed, these still show: all but %v", got.Hidden)
			}
			if got.Tables != 8 || len(got.Overflows) > 0 {
				t.Errorf("%d tables; wider than A4: %v", got.Tables, got.Overflows)
			}
			if len(got.Broken) > 0 {
				t.Errorf("header words wider than their column: %q", got.Broken)
			}
			if got.Smallest < 7*96/72.0 { // 7 pt in CSS px
				t.Errorf("smallest table text %.1f px", got.Smallest)
			}
			var pdf, png []byte
			b.run("print to PDF", chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
				return err
			}), chromedp.FullScreenshot(&png, 100))
			if len(pdf) < 10_000 {
				t.Errorf("a PDF of %d bytes", len(pdf))
			}
			if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
				for name, data := range map[string][]byte{"transparency-print-" + lang + ".pdf": pdf, "transparency-print-" + lang + ".png": png} {
					if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			b.wantNoConsoleErrors()
		})
	}
}
