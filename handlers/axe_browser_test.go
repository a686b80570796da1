//go:build browser

package handlers_test

import (
	_ "embed"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strconv"
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

// axeWidths are the screens every page state is checked at.
var axeWidths = []struct {
	name          string
	width, height int64
}{{"1280", 1280, 900}, {"375", 375, 812}}

// axeState is one state of one page, as axe-core sees it: who looks (a
// visitor, a user or a staff role), the path with its ids and query values
// left out, the page's language, what no URL reaches (an open pop-up, a
// form's errors, a result the test names) and the screen's width.
type axeState struct {
	viewer, path, lang, state, width string
}

func (s axeState) String() string {
	return strings.Join([]string{s.viewer, s.path, s.lang, s.state, s.width + " px"}, "\t")
}

// axeRun is the package's record of the page states checked in this run:
// each is checked once, by the first test that reaches it. AXE_REPORT (a
// file path) receives one line per check, with the test and the result.
var axeRun struct {
	sync.Mutex
	checked map[axeState]bool
	lines   []string
}

// pagePattern is path with its ids and query values left out:
// "/chats/12?q=bob" is "/chats/:id?q".
func pagePattern(path string) string {
	p, query, _ := strings.Cut(path, "?")
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if _, err := strconv.ParseInt(part, 10, 64); err == nil {
			parts[i] = ":id"
		}
	}
	p = strings.Join(parts, "/")
	values, _ := url.ParseQuery(query)
	keys := slices.Sorted(maps.Keys(values))
	if len(keys) > 0 {
		p += "?" + strings.Join(keys, "&")
	}
	return p
}

// pageNow reads, in the open page, what tells one page state from another.
const pageNow = `(() => {
	const dialog = document.querySelector("dialog[open]");
	const scope = dialog || document;
	const logout = document.querySelector('nav form[action="/logout"]');
	const badge = logout && document.querySelector('nav [data-testid="staff-badge"]');
	return {
		path: location.pathname + location.search,
		lang: document.documentElement.lang,
		dialog: dialog ? ((dialog.querySelector("h1") || {}).textContent || "").trim().replace(/\s+/g, " ") : "",
		formError: !!scope.querySelector('[data-testid^="error-"]:not([data-testid="error-page"]), [data-testid="form-error"]'),
		viewer: !logout ? "visitor" : badge ? badge.textContent.trim() : "user",
	};
})()`

// sideways lists, when the page is wider than the screen, the deepest
// elements that reach past its right edge (at most five); none when it fits.
const sideways = `(() => {
	const w = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= w) return [];
	const out = [];
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 1 && r.width > 0 && ![...el.children].some(c => c.getBoundingClientRect().right > w + 1)) {
			let path = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
			for (let p = el.parentElement; p && p !== document.body && path.length < 120; p = p.parentElement) {
				path = p.tagName.toLowerCase() + (p.className && typeof p.className === "string" ? "." + p.className.trim().split(/\s+/)[0] : "") + " > " + path;
			}
			out.push(path + " (right edge " + Math.round(r.right) + " px)");
			if (out.length === 5) break;
		}
	}
	return out.length ? out : ["the page (" + document.documentElement.scrollWidth + " px)"];
})()`

// checkA11y has axe-core check the page as it is now, at 1280 and at 375
// px (target-size on, WCAG 2.2 24 px targets), checks at 320 px that the page
// does not scroll sideways, and fails the test on any violation; a state this run has checked
// already is not checked again. state names what the page shows that its
// URL does not ("the verdict: no match"), "" for none; an open pop-up and a
// form's errors are seen without being named. The browser's own width is
// restored afterwards. TestBrowserEveryPage calls it on every page; the flow
// tests where they reach a state no URL reaches.
func (b *browser) checkA11y(state string) {
	b.t.Helper()
	var now struct {
		Path, Lang, Dialog, Viewer string
		FormError                  bool
	}
	b.run("axe: where", chromedp.Evaluate(pageNow, &now))
	var states []string
	if state != "" {
		states = append(states, state)
	}
	if now.Dialog != "" {
		states = append(states, "pop-up: "+now.Dialog)
	}
	if now.FormError {
		states = append(states, "form errors")
	}
	moved := false
	for _, w := range axeWidths {
		key := axeState{now.Viewer, pagePattern(now.Path), now.Lang, strings.Join(states, ", "), w.name}
		axeRun.Lock()
		seen := axeRun.checked[key]
		if !seen {
			if axeRun.checked == nil {
				axeRun.checked = map[axeState]bool{}
			}
			axeRun.checked[key] = true
		}
		axeRun.Unlock()
		if seen {
			continue
		}
		b.run("axe: width "+w.name, chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateScale(1)))
		moved = true
		var vs []axeViolation
		b.run("axe: run on "+now.Path, chromedp.Evaluate(
			`axe.run(document, {resultTypes: ["violations"], rules: {"target-size": {enabled: true}}}).then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})))`,
			&vs, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		result := "no violations"
		if len(vs) > 0 {
			var ids []string
			for _, v := range vs {
				ids = append(ids, v.ID)
			}
			result = strings.Join(ids, ", ")
		}
		axeRun.Lock()
		axeRun.lines = append(axeRun.lines, fmt.Sprintf("%s\t%s\t%s", key, b.t.Name(), result))
		axeRun.Unlock()
		where := fmt.Sprintf("%s at %s px, lang %q, as %s", now.Path, w.name, now.Lang, now.Viewer)
		if key.state != "" {
			where += ", " + key.state
		}
		for _, v := range vs {
			var nodes []string
			for _, n := range v.Nodes {
				nodes = append(nodes, fmt.Sprintf("    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
			}
			b.t.Errorf("axe (%s): %s [%s] %s\n%s", where, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n"))
		}
	}
	key := axeState{now.Viewer, pagePattern(now.Path), now.Lang, strings.Join(states, ", "), "320 sideways"}
	axeRun.Lock()
	seen := axeRun.checked[key]
	axeRun.checked[key] = true
	axeRun.Unlock()
	if !seen {
		b.run("width 320", chromedp.EmulateViewport(320, 640, chromedp.EmulateScale(1)))
		moved = true
		var wide []string
		b.run("sideways at 320", chromedp.Evaluate(sideways, &wide))
		if len(wide) > 0 {
			b.t.Errorf("%s scrolls sideways at 320 px (as %s, lang %q): wider than the screen:\n    %s", now.Path, now.Viewer, now.Lang, strings.Join(wide, "\n    "))
		}
	}
	if moved {
		w := axeWidths[0]
		if b.narrow {
			w = axeWidths[1]
		}
		b.run("axe: width back", chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateScale(1)))
	}
}

// dialogTitle is the heading of the open pop-up, if one is open.
func (b *browser) dialogTitle() string {
	var s string
	b.run("pop-up title", chromedp.Evaluate(`(document.querySelector("dialog[open] h1") || {}).textContent || ""`, &s))
	return strings.Join(strings.Fields(s), " ")
}

// writeAxeReport writes the run's checks to AXE_REPORT, if it is set: one
// line per page state (viewer, path, language, state, width), with the test
// that checked it and the result.
func writeAxeReport() error {
	file := os.Getenv("AXE_REPORT")
	if file == "" {
		return nil
	}
	axeRun.Lock()
	defer axeRun.Unlock()
	slices.Sort(axeRun.lines)
	return os.WriteFile(file, []byte(strings.Join(axeRun.lines, "\n")+"\n"), 0o644)
}
