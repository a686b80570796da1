package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestNavGroups: staff pages that belong together share one tab of the main
// navigation (Automation, Admin) and a row of their own on each of their
// pages, so the bar stays one line whatever the role; the row offers only
// what the role may open.
func TestNavGroups(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	links := func(s *goquery.Selection) []string {
		var out []string
		s.Find("a").Each(func(_ int, a *goquery.Selection) { out = append(out, strings.TrimSpace(a.Text())) })
		return out
	}
	for _, tc := range []struct {
		who, path     string
		tabs, subnav  []string
		current       string
		currentSubnav string
	}{
		{"admin", "/admin/retention", []string{"Home", "Queue", "Appeals", "Automation", "Support desk", "Admin"},
			[]string{"Staff", "Transparency", "Statements of reasons", "Audit log", "Designated organisations", "Retention", "Jobs"}, "Admin", "Retention"},
		{"admin", "/admin/transparency/statements", []string{"Home", "Queue", "Appeals", "Automation", "Support desk", "Admin"},
			[]string{"Staff", "Transparency", "Statements of reasons", "Audit log", "Designated organisations", "Retention", "Jobs"}, "Admin", "Statements of reasons"},
		{"admin", "/admin/organisations", []string{"Home", "Queue", "Appeals", "Automation", "Support desk", "Admin"},
			[]string{"Staff", "Transparency", "Statements of reasons", "Audit log", "Designated organisations", "Retention", "Jobs"}, "Admin", "Designated organisations"},
		{"admin", "/admin/banks", []string{"Home", "Queue", "Appeals", "Automation", "Support desk", "Admin"},
			[]string{"Rules", "Text banks", "Hash banks"}, "Automation", "Text banks"},
		{"mod", "/admin/rules", []string{"Home", "Queue", "Appeals", "Automation"},
			[]string{"Rules", "Text banks", "Hash banks"}, "Automation", "Rules"},
		{"mod", "/mod", []string{"Home", "Queue", "Appeals", "Automation"}, nil, "Queue", ""},
		{"support", "/support", []string{"Home", "Support desk"}, nil, "Support desk", ""},
	} {
		r := d.login(tc.who, "en").get(tc.path)
		wantStatus(t, r, http.StatusOK)
		if got := links(r.doc.Find(".tabbar")); strings.Join(got, "|") != strings.Join(tc.tabs, "|") {
			t.Errorf("%s on %s: tabs %q, want %q", tc.who, tc.path, got, tc.tabs)
		}
		if got := strings.TrimSpace(r.doc.Find(".tabbar a.current").Text()); got != tc.current {
			t.Errorf("%s on %s: current tab %q, want %q", tc.who, tc.path, got, tc.current)
		}
		sub := r.doc.Find(`[data-testid="subnav"]`)
		if got := links(sub); strings.Join(got, "|") != strings.Join(tc.subnav, "|") {
			t.Errorf("%s on %s: subnav %q, want %q", tc.who, tc.path, got, tc.subnav)
		}
		if got := strings.TrimSpace(sub.Find(`a[aria-current="page"]`).Text()); got != tc.currentSubnav {
			t.Errorf("%s on %s: current in the subnav %q, want %q", tc.who, tc.path, got, tc.currentSubnav)
		}
	}
	ko := d.login("admin", "ko").get("/admin/jobs")
	if got := links(ko.doc.Find(`[data-testid="subnav"]`)); strings.Join(got, "|") != "직원|투명성 보고서|조치 이유서|감사 로그|지정 기관|보존 기간|작업" {
		t.Errorf("the admin's row in Korean: %q", got)
	}
	if got, _ := ko.doc.Find(`[data-testid="subnav"]`).Attr("aria-label"); got != "관리" {
		t.Errorf("the row's name in Korean: %q", got)
	}
}
