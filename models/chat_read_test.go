package models_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func unreadOf(t *testing.T, db *testDB, userID int64, query string) map[string]int64 {
	t.Helper()
	list, _, err := models.ChatList(context.Background(), db.DB, userID, query, nil, 20)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, c := range list {
		out[c.OtherName] = c.Unread
	}
	return out
}

func TestChatUnreadAndSearch(t *testing.T) {
	t.Parallel()
	db := &testDB{testdb.New(t)}
	ctx := context.Background()
	ids := newUsers(t, db.DB, "alice", "bob", "carol")
	alice, bob, carol := ids[0], ids[1], ids[2]
	withBob, _ := models.StartChat(ctx, db.DB, alice, "bob", "")
	withCarol, _ := models.StartChat(ctx, db.DB, alice, "carol", "")
	mustSend(t, db, alice, withBob, "hi bob")
	first := mustSend(t, db, bob, withBob, "one")
	mustSend(t, db, bob, withBob, "two")
	mustSend(t, db, alice, withCarol, "hi carol")
	mustSend(t, db, carol, withCarol, "hello")

	t.Run("OK", func(t *testing.T) {
		if got := unreadOf(t, db, alice, ""); got["bob"] != 2 || got["carol"] != 1 {
			t.Fatalf("unread %v", got)
		}
		if got := unreadOf(t, db, bob, ""); got["alice"] != 1 {
			t.Fatalf("bob has alice's one message unread, and his own are not: %v", got)
		}
		page, err := models.ReadMessages(ctx, db.DB, alice, withBob, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		if page.ReadThrough != 0 || page.FirstUnread() != first.ID || len(page.Messages) != 3 {
			t.Fatalf("first visit: read through %d, first unread %d, %d messages", page.ReadThrough, page.FirstUnread(), len(page.Messages))
		}
		if got := unreadOf(t, db, alice, ""); got["bob"] != 0 || got["carol"] != 1 {
			t.Fatalf("after reading bob's: %v", got)
		}
		third := mustSend(t, db, bob, withBob, "three")
		page, _ = models.ReadMessages(ctx, db.DB, alice, withBob, 0, 50)
		if page.FirstUnread() != third.ID {
			t.Fatalf("second visit: first unread %d, want %d", page.FirstUnread(), third.ID)
		}
		mustSend(t, db, bob, withBob, "four")
		if _, err := models.MessagesAfter(ctx, db.DB, alice, withBob, third.ID, 50); err != nil {
			t.Fatal(err)
		}
		if got := unreadOf(t, db, alice, ""); got["bob"] != 0 {
			t.Fatalf("the open room's poll did not mark read: %v", got)
		}
	})
	t.Run("Search", func(t *testing.T) {
		if got := unreadOf(t, db, alice, "CAR"); len(got) != 1 || got["carol"] != 1 {
			t.Fatalf("search CAR: %v", got)
		}
		if got := unreadOf(t, db, alice, "%"); len(got) != 0 {
			t.Fatalf("search %%: %v", got)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := models.ReadMessages(ctx, db.DB, carol, withBob, 0, 50); models.ErrorCode(err) != models.NotFound {
			t.Fatalf("someone else's room: %v", err)
		}
	})
}
