package models_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func bodies(ms []models.ChatMessage) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Body
	}
	return out
}

func mustSend(t *testing.T, db *testDB, from, room int64, body string) *models.ChatMessage {
	t.Helper()
	m, err := models.SendMessage(context.Background(), db.DB, from, room, body)
	if err != nil {
		t.Fatalf("send %q: %v", body, err)
	}
	return m
}

func TestChatDelivery(t *testing.T) {
	t.Parallel()
	db := &testDB{testdb.New(t)}
	ctx := context.Background()
	ids := newUsers(t, db.DB, "alice", "bob", "mallory")
	alice, bob, mallory := ids[0], ids[1], ids[2]

	room, err := models.StartChat(ctx, db.DB, alice, "BOB", "")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := models.StartChat(ctx, db.DB, bob, "alice", ""); err != nil || again != room {
		t.Fatalf("bob's StartChat = %d, %v; want the same room %d", again, err, room)
	}
	t.Run("StartErrors", func(t *testing.T) {
		for _, n := range []string{"alice", "nobody", ""} {
			_, err := models.StartChat(ctx, db.DB, alice, n, "")
			if e := models.AsError(err); e == nil || !e.Fields.Has("name") {
				t.Errorf("StartChat(%q) = %v", n, err)
			}
		}
	})
	mustSend(t, db, alice, room, "hi bob")
	mustSend(t, db, bob, room, "hi alice\r\nsecond line")
	msgs, older, err := models.Messages(ctx, db.DB, alice, room, 0, 50)
	if err != nil || older != 0 {
		t.Fatal(err, older)
	}
	if got := bodies(msgs); len(got) != 2 || got[0] != "hi bob" || got[1] != "hi alice\nsecond line" {
		t.Fatalf("messages %q", got)
	}

	t.Run("ErrBody", func(t *testing.T) {
		for _, b := range []string{"", "  \n ", strings.Repeat("가", models.MaxMessageLen+1)} {
			_, err := models.SendMessage(ctx, db.DB, alice, room, b)
			if e := models.AsError(err); e == nil || !e.Fields.Has("body") {
				t.Errorf("body of %d runes: %v", len([]rune(b)), err)
			}
		}
		if _, err := models.SendMessage(ctx, db.DB, alice, room, strings.Repeat("가", models.MaxMessageLen)); err != nil {
			t.Errorf("a message of exactly 4,000 characters: %v", err)
		}
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		_, err := models.SendMessage(ctx, db.DB, mallory, room, "let me in")
		wantCode(t, err, models.NotFound)
		_, err = models.ChatRoomFor(ctx, db.DB, mallory, room)
		wantCode(t, err, models.NotFound)
		if ms, _, _ := models.Messages(ctx, db.DB, mallory, room, 0, 50); len(ms) != 0 {
			t.Fatalf("mallory reads %d messages of a room not hers", len(ms))
		}
	})
	t.Run("HiddenFriendStillDelivers", func(t *testing.T) {
		models.AddFriend(ctx, db.DB, bob, "alice", "")
		if _, err := models.HideFriend(ctx, db.DB, bob, alice); err != nil {
			t.Fatal(err)
		}
		m := mustSend(t, db, alice, room, "can you see me, hidden?")
		if !m.Delivered {
			t.Fatal("a hidden friend's message was not delivered")
		}
		after, _ := models.MessagesAfter(ctx, db.DB, bob, room, 0, 100)
		if after[len(after)-1].Body != "can you see me, hidden?" {
			t.Fatalf("bob's newest = %q", after[len(after)-1].Body)
		}
	})
	t.Run("BlockedSenderNotDelivered", func(t *testing.T) {
		mroom, err := models.StartChat(ctx, db.DB, mallory, "alice", "")
		if err != nil {
			t.Fatal(err)
		}
		mustSend(t, db, mallory, mroom, "before the block")
		if _, err := models.BlockUser(ctx, db.DB, alice, mallory, false); err != nil {
			t.Fatal(err)
		}
		m := mustSend(t, db, mallory, mroom, "after the block")
		if m.Delivered {
			t.Fatal("stored as delivered")
		}
		mine, _, _ := models.Messages(ctx, db.DB, mallory, mroom, 0, 50)
		theirs, _, _ := models.Messages(ctx, db.DB, alice, mroom, 0, 50)
		if len(mine) != 2 || len(theirs) != 1 || theirs[0].Body != "before the block" {
			t.Fatalf("sender sees %q, recipient %q", bodies(mine), bodies(theirs))
		}
		list, _, _ := models.ChatList(ctx, db.DB, alice, "", nil, 20)
		for _, c := range list {
			if c.RoomID == mroom && (c.LastBody == nil || *c.LastBody != "before the block") {
				t.Errorf("alice's list shows %v as mallory's last message", c.LastBody)
			}
		}
		// The blocker cannot send, and unblocking delivers nothing from meanwhile.
		_, err = models.SendMessage(ctx, db.DB, alice, mroom, "hello?")
		wantCode(t, err, models.Invalid)
		models.UnblockUser(ctx, db.DB, alice, mallory)
		theirs, _, _ = models.Messages(ctx, db.DB, alice, mroom, 0, 50)
		if len(theirs) != 1 {
			t.Fatalf("after unblock alice sees %q", bodies(theirs))
		}
		if m := mustSend(t, db, mallory, mroom, "after the unblock"); !m.Delivered {
			t.Error("not delivered after unblock")
		}
	})
	t.Run("ErrRestricted", func(t *testing.T) {
		mustExec(t, db.DB, "INSERT INTO restrictions (user_id, scope, policy_reason, ends_at) VALUES (?, 'messaging', 'spam', now() + interval '3 days')", bob)
		_, err := models.SendMessage(ctx, db.DB, bob, room, "still here")
		if e := models.AsError(err); e == nil || e.Code != models.Restricted || !strings.Contains(e.Message, "until") {
			t.Fatalf("err = %v", err)
		}
		mustExec(t, db.DB, "UPDATE restrictions SET ends_at = now() - interval '1 second', starts_at = now() - interval '1 day' WHERE user_id = ?", bob)
		mustSend(t, db, bob, room, "restriction over")
	})
	t.Run("LeaveClearsMySideOnly", func(t *testing.T) {
		if err := models.LeaveChat(ctx, db.DB, alice, room); err != nil {
			t.Fatal(err)
		}
		_, err := models.ChatRoomFor(ctx, db.DB, alice, room)
		wantCode(t, err, models.NotFound)
		wantCode(t, models.LeaveChat(ctx, db.DB, alice, room), models.NotFound)
		bobs, _, _ := models.Messages(ctx, db.DB, bob, room, 0, 50)
		if len(bobs) < 4 {
			t.Fatalf("bob lost his copy: %q", bodies(bobs))
		}
		// A new message from bob reopens the room for alice, without the old history.
		mustSend(t, db, bob, room, "are you there?")
		mine, _, err := models.Messages(ctx, db.DB, alice, room, 0, 50)
		if err != nil || len(mine) != 1 || mine[0].Body != "are you there?" {
			t.Fatalf("alice after leaving: %q, %v", bodies(mine), err)
		}
	})
}

func TestChatPagination(t *testing.T) {
	t.Parallel()
	db := &testDB{testdb.New(t)}
	ctx := context.Background()
	ids := newUsers(t, db.DB, "ana", "ben")
	room, _ := models.StartChat(ctx, db.DB, ids[0], "ben", "")
	for i := range 125 {
		mustSend(t, db, ids[i%2], room, "message "+string(rune('A'+i/26))+string(rune('a'+i%26)))
	}
	seen := map[int64]bool{}
	var before int64
	pages := 0
	for {
		msgs, older, err := models.Messages(ctx, db.DB, ids[0], room, before, 50)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range msgs {
			if seen[m.ID] {
				t.Fatalf("message %d on two pages", m.ID)
			}
			seen[m.ID] = true
			if i > 0 && msgs[i-1].ID > m.ID {
				t.Fatal("a page is not oldest first")
			}
		}
		pages++
		if older == 0 {
			break
		}
		before = older
	}
	if len(seen) != 125 || pages != 3 {
		t.Fatalf("%d messages on %d pages", len(seen), pages)
	}
}

func TestChatListOrderAndPages(t *testing.T) {
	t.Parallel()
	db := &testDB{testdb.New(t)}
	ctx := context.Background()
	names := []string{"hub", "p01", "p02", "p03", "p04", "p05"}
	ids := newUsers(t, db.DB, names...)
	for i, n := range names[1:] {
		room, _ := models.StartChat(ctx, db.DB, ids[0], n, "")
		mustSend(t, db, ids[0], room, "hello "+n)
		mustSend(t, db, ids[i+1], room, "from "+n)
		// Distinct activity times, set explicitly: each room newer than the last.
		mustExec(t, db.DB, "UPDATE chat_members SET last_active_at = now() - make_interval(mins => ?) WHERE room_id = ?",
			len(names)-i, room)
	}
	var got []string
	var cursor *models.ChatCursor
	for {
		page, next, err := models.ChatList(ctx, db.DB, ids[0], "", cursor, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			got = append(got, c.OtherName)
		}
		if next == nil {
			break
		}
		cursor = next
	}
	if strings.Join(got, ",") != "p05,p04,p03,p02,p01" {
		t.Fatalf("order %v", got)
	}
	if page, _, _ := models.ChatList(ctx, db.DB, ids[1], "", nil, 10); len(page) != 1 || page[0].State != "" {
		t.Fatalf("p01's list %+v", page)
	}
}

// A send with the form's key stores its message once, however often the
// browser sends it (the same words again); other words under the key are a
// message of their own, and a key SendOnce did not make is refused.
func TestSendOnce(t *testing.T) {
	t.Parallel()
	db := &testDB{testdb.New(t)}
	ctx := context.Background()
	ids := newUsers(t, db.DB, "alice", "bob")
	alice, bob := ids[0], ids[1]
	room, err := models.StartChat(ctx, db.DB, alice, "bob", "")
	if err != nil {
		t.Fatal(err)
	}
	count := func() (n int64) {
		t.Helper()
		db.Raw("SELECT count(*) FROM chat_messages WHERE room_id = ?", room).Scan(&n)
		return n
	}
	key := models.NewSendKey()
	if other := models.NewSendKey(); other == key || len(key) != 32 {
		t.Fatalf("keys %q and %q", key, other)
	}
	first, err := models.SendOnce(ctx, db.DB, alice, room, key, "hello\r\nbob", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same send twice at once, as a browser's resend may race the first.
	var wg sync.WaitGroup
	again := make([]*models.ChatMessage, 2)
	for i := range again {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, err := models.SendOnce(ctx, db.DB, alice, room, key, "hello\r\nbob", nil)
			if err != nil {
				t.Error(err)
			}
			again[i] = m
		}()
	}
	wg.Wait()
	if count() != 1 || again[0] == nil || again[0].ID != first.ID || again[1] == nil || again[1].ID != first.ID {
		t.Fatalf("%d messages after three sends with one key", count())
	}
	// The same key from bob, and the same words under a new key: two more.
	if _, err := models.SendOnce(ctx, db.DB, bob, room, key, "hello\nbob", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := models.SendOnce(ctx, db.DB, alice, room, models.NewSendKey(), "hello\nbob", nil); err != nil {
		t.Fatal(err)
	}
	// Other words under the used key: stored, as a message of its own.
	edited, err := models.SendOnce(ctx, db.DB, alice, room, key, "hello bob!", nil)
	if err != nil || edited.ID == first.ID || count() != 4 {
		t.Fatalf("other words under a used key: %v, %d messages", err, count())
	}
	for _, bad := range []string{"abc", strings.Repeat("G", 32), key + "0", "'; DROP TABLE chat_messages; --"} {
		_, err := models.SendOnce(ctx, db.DB, alice, room, bad, "hi", nil)
		if e := models.AsError(err); e == nil || e.Code != models.Invalid || !e.Fields.Has("body") {
			t.Errorf("key %q: %v", bad, err)
		}
	}
	if count() != 4 {
		t.Fatalf("%d messages after refused keys", count())
	}
}
