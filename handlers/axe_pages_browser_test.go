//go:build browser

package handlers_test

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserEveryPage opens every page of each role of the demo world in
// English and then in Korean: axe-core checks each at 1280 and 375 px
// (AXE_REPORT lists them). The flows and their pop-ups are walked by the
// other browser tests, which check only the states no URL reaches; this one
// makes sure no page is missed in either language, and fails when the
// router has a page it does not open.
func TestBrowserEveryPage(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	en := d.en
	id := func(query string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := en.db.Raw(query, args...).Scan(&n).Error; err != nil || n == 0 {
			t.Fatalf("demo data: %s: %d, %v", query, n, err)
		}
		return n
	}
	alice := id("SELECT id FROM users WHERE name = 'alice'")
	room := id(`SELECT m.room_id FROM chat_members m JOIN users u ON u.id = m.other_id WHERE m.user_id = ? AND u.name = 'bob'`, alice)
	openChat := id("SELECT room_id FROM open_chat_members WHERE user_id = ? ORDER BY room_id LIMIT 1", alice)
	post := id("SELECT id FROM board_posts WHERE author_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1", alice)
	comment := id("SELECT id FROM board_comments WHERE author_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1", alice)
	hidden := id("SELECT friend_id FROM friendships WHERE user_id = ? AND state = 'hidden' LIMIT 1", alice)
	bob := id("SELECT id FROM users WHERE name = 'bob'")
	wantStatus(t, d.login("alice", "en").get(fmt.Sprintf("/chats/%d/export/download?format=text", room)), 200)
	export := id("SELECT id FROM chat_exports WHERE user_id = ?", alice)
	// mallory restricted, nothing appealed yet: her Restrictions page has
	// the appeal form.
	d.decideSpamWave(t)
	id("SELECT count(*) FROM restrictions r JOIN users u ON u.id = r.user_id WHERE u.name = 'mallory'")
	caseID := id("SELECT id FROM cases WHERE state <> 'resolved' ORDER BY id LIMIT 1")
	pictureCase := id(`SELECT r.case_id FROM reports r JOIN evidence_snapshots s ON s.report_id = r.id WHERE s.picture_id IS NOT NULL LIMIT 1`)
	ticket := id("SELECT id FROM tickets ORDER BY id LIMIT 1")
	linked := id("SELECT ticket_id FROM ticket_reports ORDER BY ticket_id, report_id LIMIT 1") // a ticket with evidence
	evidence := id("SELECT report_id FROM ticket_reports WHERE ticket_id = ? ORDER BY report_id LIMIT 1", linked)
	reply := id("SELECT id FROM saved_replies ORDER BY id LIMIT 1")
	hashBank := id("SELECT id FROM hash_banks ORDER BY id LIMIT 1")
	moderator := id("SELECT id FROM users WHERE name = 'mod'")
	bank := id("SELECT id FROM text_banks ORDER BY id LIMIT 1")
	wave := id("SELECT wave_id FROM cases WHERE wave_id IS NOT NULL ORDER BY id LIMIT 1")
	rule := id("SELECT id FROM rules ORDER BY id LIMIT 1")
	// The legal requests of the demo: the case of one, a message of
	// alice's chat (the page that says private chats are not covered), and
	// her post under a temporary block (the objection page).
	legalCase := id("SELECT case_id FROM legal_requests WHERE kind = 'illegal_filming' ORDER BY id LIMIT 1")
	chatMessage := id("SELECT id FROM chat_messages WHERE room_id = ? ORDER BY id LIMIT 1", room)
	blocked := id("SELECT subject_id FROM legal_requests WHERE state = 'blocked' AND author_id = ?", alice)
	// Two posts of others in alice's rooms: she reports one, the other
	// shows the Report page as a page.
	others := id(`SELECT p.id FROM board_posts p JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?
		WHERE p.author_id <> ? AND p.deleted_at IS NULL ORDER BY p.id LIMIT 1`, alice, alice)
	reported := id(`SELECT p.id FROM board_posts p JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?
		WHERE p.author_id <> ? AND p.deleted_at IS NULL AND p.id <> ? ORDER BY p.id LIMIT 1`, alice, alice, others)
	filed, _, err := models.FileReport(t.Context(), en.db, alice, models.ReportInput{Type: models.SubjectPost, ID: reported, Reasons: []string{"spam"}})
	if err != nil {
		t.Fatal(err)
	}
	ticket2, err := models.OpenTicket(t.Context(), en.db, alice, models.TicketInput{Category: models.TicketOther, Description: "How do I export a chat?"})
	if err != nil {
		t.Fatal(err)
	}

	// The operations pages with something in every list: a legal hold in
	// force, one released, and a failed job.
	var admin models.User
	en.db.Where("name = 'admin'").First(&admin)
	for i, reason := range []string{"KNPA request 2026-77", "Seoul police request 2026-12"} {
		h, err := models.PlaceHold(t.Context(), en.db, &admin, models.HoldInput{SubjectType: "user", SubjectID: fmt.Sprint(alice), Reason: reason})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := models.ReleaseHold(t.Context(), en.db, &admin, h.ID, "closed"); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Complaints: niaj's about a removal and peggy's second look (the
	// demo's), and mallory's removal with the form still open.
	niajsDecision := id("SELECT decision_id FROM complaints x JOIN users u ON u.id = x.user_id WHERE u.name = 'niaj'")
	peggysReport := id("SELECT report_id FROM complaints x JOIN users u ON u.id = x.user_id WHERE u.name = 'peggy'")
	mallorysRemoval := id(`SELECT d.id FROM decisions d JOIN cases c ON c.decision_id = d.id JOIN users u ON u.id = c.reported_user_id
		WHERE u.name = 'mallory' AND d.kind = 'remove' ORDER BY d.id LIMIT 1`)
	failedJob(t, en, "retention_purge", "purge cases from cases: canceling statement due to statement timeout")

	visitor := []string{"/", "/login", "/signup", "/policy", "/safety", "/verify", "/no/such/page"}
	pages := map[string][]string{
		"alice": {"/", "/friends", "/chats", "/chats?q=bob", fmt.Sprintf("/chats/%d", room), fmt.Sprintf("/chats/%d/export", room),
			fmt.Sprintf("/friends/%d/block", bob), "/openchat", fmt.Sprintf("/openchat/%d", openChat),
			fmt.Sprintf("/openchat/%d/posts/new", openChat), fmt.Sprintf("/posts/%d", post), fmt.Sprintf("/posts/%d/edit", post),
			fmt.Sprintf("/posts/%d/delete", post), fmt.Sprintf("/comments/%d/edit", comment), "/reports", "/settings",
			"/settings/friends/hidden", "/settings/friends/blocked", fmt.Sprintf("/settings/friends/%d/delete", hidden),
			"/account", "/notices", "/support/new", "/support/tickets", "/settings/exports",
			fmt.Sprintf("/settings/exports/%d", export), "/verify", "/policy", "/safety",
			fmt.Sprintf("/chats/%d/leave", room), fmt.Sprintf("/comments/%d/delete", comment), fmt.Sprintf("/report/post/%d", others),
			fmt.Sprintf("/reports/%d/received", filed.ReportID), fmt.Sprintf("/support/tickets/%d", ticket2.ID),
			"/legal", fmt.Sprintf("/legal/new/post/%d", others), fmt.Sprintf("/legal/new/message/%d", chatMessage),
			fmt.Sprintf("/legal/objection/post/%d", blocked)},
		"mallory": {"/restrictions", "/notices", "/account", fmt.Sprintf("/complaints/decision/%d", mallorysRemoval)},
		"niaj":    {"/notices", fmt.Sprintf("/complaints/decision/%d", niajsDecision)},
		"peggy":   {"/reports", fmt.Sprintf("/complaints/report/%d", peggysReport)},
		"mod": {"/", "/mod", "/mod?sort=oldest", fmt.Sprintf("/mod/cases/%d", caseID), fmt.Sprintf("/mod/cases/%d", pictureCase),
			"/mod/appeals", "/mod/stats", "/notices", "/account", "/admin/hash-banks", fmt.Sprintf("/admin/hash-banks/%d", hashBank),
			"/admin/banks", fmt.Sprintf("/admin/banks/%d", bank), fmt.Sprintf("/mod/cases/%d", wave),
			"/admin/rules", fmt.Sprintf("/admin/rules/%d", rule), fmt.Sprintf("/mod/cases/%d", legalCase)},
		"support": {"/", "/support", fmt.Sprintf("/support/desk/%d", ticket), fmt.Sprintf("/support/desk/%d/evidence?report=%d", linked, evidence), "/support/replies", "/account"},
		"admin": {"/", "/admin/staff", "/admin/audit", "/mod", "/support", "/support/replies/new", fmt.Sprintf("/support/replies/%d/edit", reply),
			fmt.Sprintf("/admin/staff/%d/deactivate", moderator), "/account", "/admin/retention", "/admin/jobs",
			"/admin/transparency", "/admin/transparency?preset=last_year", "/admin/banks", fmt.Sprintf("/admin/banks/%d", bank), "/admin/hash-banks", fmt.Sprintf("/admin/hash-banks/%d", hashBank),
			"/admin/rules", fmt.Sprintf("/admin/rules/%d", rule), "/admin/transparency/statements", "/admin/organisations"},
	}

	wantEveryPage(t, en, append(visitor, slices.Concat(slices.Collect(maps.Values(pages))...)...))

	t.Run("visitor", func(t *testing.T) {
		t.Parallel()
		b := newBrowser(t, en)
		for _, p := range visitor {
			b.open(p)
			b.checkA11y("")
		}
		b.press("한국어")
		for _, p := range visitor {
			b.open(p)
			b.checkA11y("")
		}
	})
	for _, name := range []string{"alice", "mallory", "niaj", "peggy", "mod", "support", "admin"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			en.db.Exec("UPDATE users SET language = 'en' WHERE name = ?", name)
			b := newBrowser(t, en)
			b.login(name, models.DemoPassword)
			for _, p := range pages[name] {
				b.open(p)
				b.checkA11y("")
			}
			en.db.Exec("UPDATE users SET language = 'ko' WHERE name = ?", name)
			for _, p := range pages[name] {
				b.open(p)
				b.checkA11y("")
				if lang := b.lang(); lang != "ko" {
					t.Fatalf("%s as %s: lang %q after the account chose Korean", p, name, lang)
				}
			}
			b.wantNoConsoleErrors()
		})
	}
}

// notPages are the GET routes that answer with something other than a
// page: probes, files, the fragment htmx polls for new messages, and where
// the password form was (a redirect to the Account page's).
var notPages = []string{"/healthz", "/readyz", "/static/*", "/chats/:id/export/download", "/chats/:id/messages", "/account/password",
	"/pictures/:id", "/pictures/:id/thumb", "/admin/transparency/statements/download", "/admin/transparency/csv/:table"}

// wantEveryPage fails the test unless paths reach every GET route of the
// router that answers with a page.
func wantEveryPage(t *testing.T, en *env, paths []string) {
	t.Helper()
	reached := map[string]bool{}
	for _, p := range paths {
		c := en.e.NewContext(httptest.NewRequest(http.MethodGet, p, nil), httptest.NewRecorder())
		path, _, _ := strings.Cut(p, "?")
		en.e.Router().Find(http.MethodGet, path, c)
		reached[c.Path()] = true
	}
	for _, r := range en.e.Routes() {
		if r.Method == http.MethodGet && !reached[r.Path] && !slices.Contains(notPages, r.Path) {
			t.Errorf("TestBrowserEveryPage opens no page of GET %s: add one to its lists", r.Path)
		}
	}
}

// lang is the open page's language, its html element's lang.
func (b *browser) lang() string {
	b.t.Helper()
	var s string
	b.run("page language", chromedp.Evaluate(`document.documentElement.lang`, &s))
	return s
}
