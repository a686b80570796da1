package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

func TestChatPages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("alice", models.RoleUser)
	bob := en.user("bob", models.RoleUser)
	en.user("mallory", models.RoleUser)
	alice := en.login("alice")
	bobc := en.login("bob")

	if r := alice.get("/chats"); r.doc.Find(`[data-testid="chats-empty"]`).Length() != 1 {
		t.Fatal("no empty state")
	}
	roomURL, _ := alice.startChat("bob")
	room := alice.get(roomURL)
	wantStatus(t, room, http.StatusOK)
	if room.doc.Find(`[data-testid="stranger-banner"]`).Length() != 1 || !strings.Contains(room.text(), "Not in your friends") {
		t.Fatal("no banner for a non-friend")
	}

	body := "<script>alert(1)</script>\nline two"
	wantRedirect(t, alice.submit(roomURL+"/messages", url.Values{"body": {body}}), roomURL+"#send")
	got := bobc.get(roomURL)
	wantStatus(t, got, http.StatusOK)
	bubble := got.doc.Find(`[data-testid="message"] .bubble`).Last()
	if bubble.Text() != body {
		t.Fatalf("bob reads %q", bubble.Text())
	}
	if strings.Contains(got.body, "<script>alert(1)") {
		t.Fatal("the message is not escaped")
	}
	if list := bobc.get("/chats"); !strings.Contains(list.doc.Find(`[data-testid="chat"]`).Text(), "<script>alert(1)</script>") {
		t.Fatalf("bob's chat list lacks the last message:\n%s", list.text())
	}

	t.Run("Errors", func(t *testing.T) {
		r := alice.submit(roomURL+"/messages", url.Values{"body": {"   "}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="error-body"]`).Text() == "" {
			t.Fatal("no error beside the message box")
		}
		long := strings.Repeat("a", 4001)
		r = alice.submit(roomURL+"/messages", url.Values{"body": {long}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`textarea[name="body"]`).Text() != long {
			t.Error("the over-long message was not kept for editing")
		}
		for _, name := range []string{"alice", "nobody", "", "bob's"} {
			r := alice.submit("/chats", url.Values{"name": {name}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if r.doc.Find(`[data-testid="error-name"]`).Text() == "" {
				t.Errorf("%q: no error beside the field", name)
			}
		}
	})
	t.Run("SomeoneElsesRoom", func(t *testing.T) {
		mal := en.login("mallory")
		wantStatus(t, mal.get(roomURL), http.StatusNotFound)
		wantStatus(t, mal.get(roomURL+"/messages?after=0"), http.StatusNotFound)
		wantStatus(t, mal.submit(roomURL+"/messages", url.Values{"body": {"hi"}}), http.StatusNotFound)
		wantStatus(t, mal.submit(roomURL+"/leave", nil), http.StatusNotFound)
		wantStatus(t, mal.get("/chats/999999"), http.StatusNotFound)
		wantStatus(t, mal.get("/chats/x"), http.StatusNotFound)
	})
	t.Run("Htmx", func(t *testing.T) {
		token := alice.csrf()
		req, _ := http.NewRequest(http.MethodPost, en.srv.URL+roomURL+"/messages", strings.NewReader(url.Values{"body": {"via htmx"}, "_csrf": {token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		r := alice.do(req)
		wantStatus(t, r, http.StatusOK)
		if r.header.Get("HX-Trigger") != "chat-sent" || r.doc.Find("form#send").Length() != 1 || strings.Contains(r.body, "<html") {
			t.Fatalf("htmx answer: %s %s", r.header.Get("HX-Trigger"), r.body)
		}
		var lastID int64
		en.db.Raw("SELECT max(id) - 1 FROM chat_messages").Scan(&lastID)
		poll := bobc.get(fmt.Sprintf("%s/messages?after=%d", roomURL, lastID))
		wantStatus(t, poll, http.StatusOK)
		if poll.doc.Find(`[data-testid="message"]`).Length() != 1 || !strings.Contains(poll.text(), "via htmx") {
			t.Fatalf("poll answer: %s", poll.body)
		}
		if _, ok := poll.doc.Find(".poller").Attr("hx-get"); !ok {
			t.Fatal("the poll answer has no poller for what comes next")
		}
	})
	t.Run("BlockFromRoom", func(t *testing.T) {
		bobRoom := bobc.get(roomURL)
		href, _ := bobRoom.doc.Find(`[data-testid="stranger-banner"] a`).Attr("href")
		if href == "" {
			t.Fatal("no Block in the banner")
		}
		confirm := bobc.get(href)
		next, _ := confirm.doc.Find(`input[name="next"]`).Attr("value")
		wantRedirect(t, bobc.submit(fmt.Sprintf("/friends/%d/block", en.userID("alice")), url.Values{"next": {next}}), roomURL)
		if r := bobc.get(roomURL); r.doc.Find(`[data-testid="blocked-banner"]`).Length() != 1 {
			t.Fatal("no blocked banner")
		}
		wantRedirect(t, alice.submit(roomURL+"/messages", url.Values{"body": {"are you there?"}}), roomURL+"#send")
		if r := bobc.get(roomURL); strings.Contains(r.text(), "are you there?") {
			t.Fatal("a blocked sender's message reached bob")
		}
		if r := alice.get(roomURL); !strings.Contains(r.text(), "are you there?") {
			t.Fatal("the sender does not see her own message")
		}
	})
	t.Run("Leave", func(t *testing.T) {
		wantStatus(t, alice.get(roomURL+"/leave"), http.StatusOK)
		wantRedirect(t, alice.submit(roomURL+"/leave", nil), "/chats")
		wantStatus(t, alice.get(roomURL), http.StatusNotFound)
		if r := bobc.get(roomURL); r.doc.Find(`[data-testid="message"]`).Length() == 0 {
			t.Fatal("bob lost his copy")
		}
	})
	_ = bob
}

func TestChatOlderPages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	a := en.user("ana", models.RoleUser)
	en.user("ben", models.RoleUser)
	c := en.login("ana")
	roomURL, roomID := c.startChat("ben")
	en.db.Exec(`INSERT INTO chat_messages (room_id, sender_id, body, created_at)
		SELECT ?, ?, 'message ' || g, now() - (130 - g) * interval '1 minute' FROM generate_series(1, 120) g`, roomID, a.ID)
	first := c.get(roomURL)
	if n := first.doc.Find(`[data-testid="message"]`).Length(); n != 50 {
		t.Fatalf("%d messages on the newest page", n)
	}
	if last := first.doc.Find(`[data-testid="message"] .bubble`).Last().Text(); last != "message 120" {
		t.Fatalf("newest at the bottom: %q", last)
	}
	href, ok := first.doc.Find(`a:contains("Older messages")`).Attr("href")
	if !ok {
		t.Fatal("no Older messages link")
	}
	second := c.get(href)
	if top := second.doc.Find(`[data-testid="message"] .bubble`).First().Text(); top != "message 21" {
		t.Fatalf("second page starts at %q", top)
	}
	href, _ = second.doc.Find(`a:contains("Older messages")`).Attr("href")
	third := c.get(href)
	if n := third.doc.Find(`[data-testid="message"]`).Length(); n != 20 || third.doc.Find(`a:contains("Older messages")`).Length() != 0 {
		t.Fatalf("last page: %d messages", n)
	}
}

// The message box carries a key of its own each time it is shown; the
// browser's resend of a send (the same form again) stores the message once,
// with or without htmx, and a key the server did not make is an error
// beside the box that keeps the words.
func TestSendFormKey(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("alice", models.RoleUser)
	en.user("bob", models.RoleUser)
	alice := en.login("alice")
	roomURL, room := alice.startChat("bob")
	keyOf := func(r *response) string {
		t.Helper()
		key, ok := r.doc.Find(`form#send input[name="send_key"]`).Attr("value")
		if !ok || len(key) != 32 {
			t.Fatalf("the message box has no key:\n%s", r.body)
		}
		return key
	}
	page := alice.get(roomURL)
	key := keyOf(page)
	if keyOf(alice.get(roomURL)) == key {
		t.Fatal("two showings of the message box share a key")
	}
	count := func() (n int64) {
		en.db.Raw("SELECT count(*) FROM chat_messages WHERE room_id = ?", room).Scan(&n)
		return n
	}
	form := url.Values{"body": {"only once, please"}, "send_key": {key}}
	for range 2 {
		wantRedirect(t, alice.submit(roomURL+"/messages", form), roomURL+"#send")
	}
	req, _ := http.NewRequest(http.MethodPost, en.srv.URL+roomURL+"/messages", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("HX-Request", "true")
	req.Header.Set("X-CSRF-Token", alice.csrf())
	htmx := alice.do(req)
	wantStatus(t, htmx, http.StatusOK)
	if count() != 1 {
		t.Fatalf("%d messages stored from one form sent three times", count())
	}
	if keyOf(htmx) == key {
		t.Fatal("the message box after a send has the old key")
	}
	bad := alice.submit(roomURL+"/messages", url.Values{"body": {"kept words"}, "send_key": {"not-a-key"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	if bad.doc.Find(`[data-testid="error-body"]`).Length() != 1 || bad.doc.Find(`textarea[name="body"]`).Text() != "kept words" {
		t.Fatalf("a bad key: no error beside the box, or the words lost:\n%s", bad.body)
	}
	if count() != 1 {
		t.Fatalf("%d messages after a bad key", count())
	}
}
