//go:build browser

package handlers_test

import (
	_ "embed"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axe-core 4 (Deque Systems, MPL-2.0, see testdata/axe/LICENSE), vendored so
// that no test fetches anything at run time.
//
//go:embed testdata/axe/axe.min.js
var axeSource string

// axeViolation is one failed axe-core rule on a page, with the elements
// that fail it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeWidths are the screens every visited page is checked at.
var axeWidths = []struct {
	name          string
	width, height int64
}{{"1280", 1280, 900}, {"375", 375, 812}}

// axeLog collects one line per checked page for AXE_REPORT (a file path):
// the page, its language, the width and the result.
var axeLog struct {
	sync.Mutex
	lines []string
}

// checkA11y runs axe-core on the page as it is now, at 1280 and at 375 px,
// and fails the test on any violation. The browser's own width is restored
// afterwards. Every page helper (open, press, follow, the pop-up) calls it.
func (b *browser) checkA11y(what string) {
	b.t.Helper()
	var path, lang string
	b.run("axe: where", chromedp.Evaluate(`location.pathname + location.search`, &path),
		chromedp.Evaluate(`document.documentElement.lang`, &lang))
	if d := b.dialogTitle(); d != "" {
		path += " (pop-up: " + d + ")"
	}
	var injected bool
	b.run("axe: loaded?", chromedp.Evaluate(`typeof window.axe === "object"`, &injected))
	if !injected {
		b.run("axe: load", chromedp.Evaluate(axeSource, nil))
	}
	for _, w := range axeWidths {
		b.run("axe: width "+w.name, chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateScale(1)))
		var vs []axeViolation
		b.run("axe: run on "+path, chromedp.Evaluate(
			`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})))`,
			&vs, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		result := "no violations"
		if len(vs) > 0 {
			var ids []string
			for _, v := range vs {
				ids = append(ids, v.ID)
			}
			result = strings.Join(ids, ", ")
		}
		axeLog.Lock()
		axeLog.lines = append(axeLog.lines, fmt.Sprintf("%s\t%s\t%s px\t%s", path, lang, w.name, result))
		axeLog.Unlock()
		for _, v := range vs {
			var nodes []string
			for _, n := range v.Nodes {
				nodes = append(nodes, fmt.Sprintf("    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
			}
			b.t.Errorf("axe (%s, %s at %s px, lang %q): %s [%s] %s\n%s", what, path, w.name, lang, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n"))
		}
	}
	w := axeWidths[0]
	if b.narrow {
		w = axeWidths[1]
	}
	b.run("axe: width back", chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateScale(1)))
	writeAxeReport()
}

// dialogTitle is the heading of the open pop-up, if one is open.
func (b *browser) dialogTitle() string {
	var s string
	b.run("pop-up title", chromedp.Evaluate(`(document.querySelector("dialog[open] h1") || {}).textContent || ""`, &s))
	return strings.Join(strings.Fields(s), " ")
}

func writeAxeReport() {
	file := os.Getenv("AXE_REPORT")
	if file == "" {
		return
	}
	axeLog.Lock()
	defer axeLog.Unlock()
	_ = os.WriteFile(file, []byte(strings.Join(axeLog.lines, "\n")+"\n"), 0o644)
}
