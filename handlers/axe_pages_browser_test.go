//go:build browser

package handlers_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"talksafe/models"
)

// TestBrowserEveryPage opens every page of each role of the demo world in
// English and then in Korean: axe-core checks each at 1280 and 375 px
// (AXE_REPORT lists them). The flows and their pop-ups are walked by the
// other browser tests; this one makes sure no page is missed in either
// language.
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
	ticket := id("SELECT id FROM tickets ORDER BY id LIMIT 1")
	reply := id("SELECT id FROM saved_replies ORDER BY id LIMIT 1")

	visitor := []string{"/", "/login", "/signup", "/policy", "/safety", "/verify", "/no/such/page"}
	pages := map[string][]string{
		"alice": {"/", "/friends", "/chats", "/chats?q=bob", fmt.Sprintf("/chats/%d", room), fmt.Sprintf("/chats/%d/export", room),
			fmt.Sprintf("/friends/%d/block", bob), "/openchat", fmt.Sprintf("/openchat/%d", openChat),
			fmt.Sprintf("/openchat/%d/posts/new", openChat), fmt.Sprintf("/posts/%d", post), fmt.Sprintf("/posts/%d/edit", post),
			fmt.Sprintf("/posts/%d/delete", post), fmt.Sprintf("/comments/%d/edit", comment), "/reports", "/settings",
			"/settings/friends/hidden", "/settings/friends/blocked", fmt.Sprintf("/settings/friends/%d/delete", hidden),
			"/account/password", "/notices", "/support/new", "/support/tickets", "/settings/exports",
			fmt.Sprintf("/settings/exports/%d", export), "/verify", "/policy", "/safety"},
		"mallory": {"/restrictions", "/notices"},
		"mod":     {"/", "/mod", "/mod?sort=oldest", fmt.Sprintf("/mod/cases/%d", caseID), "/mod/appeals", "/mod/stats", "/notices"},
		"support": {"/", "/support", fmt.Sprintf("/support/desk/%d", ticket), "/support/replies"},
		"admin":   {"/", "/admin/staff", "/admin/audit", "/mod", "/support", "/support/replies/new", fmt.Sprintf("/support/replies/%d/edit", reply)},
	}

	t.Run("visitor", func(t *testing.T) {
		t.Parallel()
		b := newBrowser(t, en)
		for _, p := range visitor {
			b.open(p)
		}
		b.press("한국어")
		for _, p := range visitor {
			b.open(p)
		}
	})
	for _, name := range []string{"alice", "mallory", "mod", "support", "admin"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			en.db.Exec("UPDATE users SET language = 'en' WHERE name = ?", name)
			b := newBrowser(t, en)
			b.login(name, models.DemoPassword)
			for _, p := range pages[name] {
				b.open(p)
			}
			en.db.Exec("UPDATE users SET language = 'ko' WHERE name = ?", name)
			for _, p := range pages[name] {
				b.open(p)
				if lang := b.lang(); lang != "ko" {
					t.Fatalf("%s as %s: lang %q after the account chose Korean", p, name, lang)
				}
			}
			b.wantNoConsoleErrors()
		})
	}
}

// lang is the open page's language, its html element's lang.
func (b *browser) lang() string {
	b.t.Helper()
	var s string
	b.run("page language", chromedp.Evaluate(`document.documentElement.lang`, &s))
	return s
}
