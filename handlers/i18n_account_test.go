package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// koDemo is the demo world with the named accounts set to Korean, and the
// demo's names of people, rooms and posts (not the interface's words).
type koDemo struct {
	en      *env
	allowed []string
}

func newKoDemo(t *testing.T, names ...string) *koDemo {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		en.db.Exec("UPDATE users SET language = 'ko' WHERE name = ?", n)
	}
	var words []string
	en.db.Raw(`SELECT name || ' ' || display_name FROM users UNION ALL SELECT name FROM open_chat_rooms
		UNION ALL SELECT title FROM board_posts`).Scan(&words)
	return &koDemo{en: en, allowed: latinWord.FindAllString(strings.Join(words, " "), -1)}
}

func (d *koDemo) login(name string) *client {
	d.en.t.Helper()
	c := d.en.client()
	r := c.submit("/login", url.Values{"name": {name}, "password": {models.DemoPassword}})
	if r.status != http.StatusSeeOther {
		d.en.t.Fatalf("log in as %s: %d", name, r.status)
	}
	return c
}

func TestExploreAccountKorean(t *testing.T) {
	d := newKoDemo(t, "alice", "trent", "carol", "sybil", "admin", "mod", "support")
	alice := d.login("alice")
	room := d.en.db
	var roomID int64
	room.Raw("SELECT m.room_id FROM chat_members m JOIN users u ON u.id = m.other_id WHERE m.user_id = (SELECT id FROM users WHERE name = 'alice') AND u.name = 'bob'").Scan(&roomID)
	alice.get(fmt.Sprintf("/chats/%d/export/download?format=text", roomID))
	var exp int64
	room.Raw("SELECT max(id) FROM chat_exports").Scan(&exp)
	pages := map[string][]string{
		"alice":   {"/", "/notices", "/restrictions", "/verify", "/settings/exports", fmt.Sprintf("/settings/exports/%d", exp), "/policy", "/safety"},
		"trent":   {"/notices", "/restrictions"},
		"carol":   {"/notices"},
		"sybil":   {"/notices"},
		"admin":   {"/", "/admin/staff", "/admin/audit"},
		"mod":     {"/"},
		"support": {"/"},
	}
	for who, ps := range pages {
		c := alice
		if who != "alice" {
			c = d.login(who)
		}
		for _, p := range ps {
			r := c.get(p)
			t.Logf("%s %s %d: %v", who, p, r.status, englishLeft(r, d.allowed...))
		}
	}
}
