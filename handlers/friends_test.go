package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

func (en *env) state(userID, friendID int64) string {
	en.t.Helper()
	var s string
	en.db.Raw("SELECT coalesce((SELECT state FROM friendships WHERE user_id = ? AND friend_id = ?), '')", userID, friendID).Scan(&s)
	return s
}

func TestFriendsPages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	alice := en.user("alice", models.RoleUser)
	bob := en.user("bob", models.RoleUser)
	carol := en.user("carol", models.RoleUser)
	en.user("staffer", models.RoleModerator)
	c := en.login("alice")

	empty := c.get("/friends")
	wantStatus(t, empty, http.StatusOK)
	if empty.doc.Find(`[data-testid="friends-empty"]`).Length() != 1 {
		t.Fatal("no empty state")
	}

	wantRedirect(t, c.submit("/friends", url.Values{"name": {"bob"}}), "/friends")
	wantRedirect(t, c.submit("/friends", url.Values{"name": {"Carol"}}), "/friends")
	page := c.get("/friends")
	if n := page.doc.Find(`[data-testid="friend"]`).Length(); n != 2 {
		t.Fatalf("%d friends listed", n)
	}
	if !strings.Contains(page.text(), "Carol") && !strings.Contains(page.text(), "carol") {
		t.Fatal("carol missing")
	}
	if r := c.get("/friends?q=bo"); r.doc.Find(`[data-testid="friend"]`).Length() != 1 {
		t.Error("search does not filter")
	}

	t.Run("AddErrors", func(t *testing.T) {
		for _, name := range []string{"nobody", "alice", "bob", "staffer", ""} {
			r := c.submit("/friends", url.Values{"name": {name}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if r.doc.Find(`[data-testid="error-name"]`).Text() == "" {
				t.Errorf("%q: no error beside the field", name)
			}
			if v, _ := r.doc.Find(`input[name="name"]`).Attr("value"); v != name {
				t.Errorf("%q: input not kept (%q)", name, v)
			}
		}
	})
	t.Run("HideThenDelete", func(t *testing.T) {
		wantRedirect(t, c.submit(fmt.Sprintf("/friends/%d/hide", bob.ID), nil), "/friends")
		if en.state(alice.ID, bob.ID) != "hidden" {
			t.Fatal("not hidden")
		}
		hidden := c.get("/settings/friends/hidden")
		if hidden.doc.Find(`[data-testid="hidden-friends"] [data-testid="friend"]`).Length() != 1 {
			t.Fatalf("hidden list:\n%s", hidden.text())
		}
		wantStatus(t, c.submit(fmt.Sprintf("/friends/%d/hide", bob.ID), nil), http.StatusNotFound)
		confirm := c.get(fmt.Sprintf("/settings/friends/%d/delete", bob.ID))
		wantStatus(t, confirm, http.StatusOK)
		wantStatus(t, c.get(fmt.Sprintf("/settings/friends/%d/delete", carol.ID)), http.StatusNotFound)
		wantRedirect(t, c.submit(fmt.Sprintf("/settings/friends/%d/delete", bob.ID), nil), "/settings/friends/hidden")
		if en.state(alice.ID, bob.ID) != "" {
			t.Fatal("still a friend after Delete")
		}
		wantStatus(t, c.submit(fmt.Sprintf("/settings/friends/%d/delete", bob.ID), nil), http.StatusNotFound)
	})
	t.Run("Unhide", func(t *testing.T) {
		c.submit(fmt.Sprintf("/friends/%d/hide", carol.ID), nil)
		wantRedirect(t, c.submit(fmt.Sprintf("/settings/friends/%d/unhide", carol.ID), nil), "/settings/friends/hidden")
		if en.state(alice.ID, carol.ID) != "friend" {
			t.Fatal("not unhidden")
		}
	})
	t.Run("BlockUnblock", func(t *testing.T) {
		confirm := c.get(fmt.Sprintf("/friends/%d/block", carol.ID))
		wantStatus(t, confirm, http.StatusOK)
		if confirm.doc.Find(`input[name="hide_profile"]`).Length() != 2 {
			t.Fatal("the two block options are missing")
		}
		wantRedirect(t, c.submit(fmt.Sprintf("/friends/%d/block", carol.ID), url.Values{"hide_profile": {"1"}}), "/settings/friends/blocked")
		if en.state(alice.ID, carol.ID) != "blocked" {
			t.Fatal("not blocked")
		}
		blocked := c.get("/settings/friends/blocked")
		if !strings.Contains(blocked.doc.Find(`[data-testid="blocked-friends"]`).Text(), "profile hidden") {
			t.Fatalf("blocked list:\n%s", blocked.text())
		}
		wantStatus(t, c.submit(fmt.Sprintf("/friends/%d/block", carol.ID), nil), http.StatusConflict)
		if r := c.submit(fmt.Sprintf("/friends/%d/block", alice.ID), nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "You cannot block yourself") {
			t.Fatalf("blocking oneself: %d %s", r.status, r.text())
		}
		wantRedirect(t, c.submit(fmt.Sprintf("/settings/friends/%d/unblock", carol.ID), url.Values{"next": {"https://evil.example/"}}), "/settings/friends/blocked")
		if en.state(alice.ID, carol.ID) != "" {
			t.Fatal("unblock must not restore the friendship")
		}
		wantStatus(t, c.submit(fmt.Sprintf("/settings/friends/%d/unblock", carol.ID), nil), http.StatusNotFound)
		if r := c.get("/settings/friends/blocked"); r.doc.Find(`[data-testid="blocked-empty"]`).Length() != 1 {
			t.Error("no empty state")
		}
	})
	t.Run("BadIDs", func(t *testing.T) {
		for _, p := range []string{"/friends/abc/block", "/friends/0/block", "/friends/99999/block", "/settings/friends/-1/delete"} {
			wantStatus(t, c.get(p), http.StatusNotFound)
		}
	})
}
