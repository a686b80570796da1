package models_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func names(ps []models.Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func TestFriendLifecycle(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	ids := newUsers(t, db, "alice", "bob", "carol")
	alice, bob, carol := ids[0], ids[1], ids[2]

	t.Run("AddOK", func(t *testing.T) {
		for _, n := range []string{"Bob", " carol "} {
			if _, err := models.AddFriend(ctx, db, alice, n, ""); err != nil {
				t.Fatal(err)
			}
		}
		fs, _ := models.Friends(ctx, db, alice, "")
		if got := names(fs); len(got) != 2 || got[0] != "bob" || got[1] != "carol" {
			t.Fatalf("friends = %v", got)
		}
		if fs, _ := models.Friends(ctx, db, bob, ""); len(fs) != 0 {
			t.Error("adding is one-sided: bob's list should stay empty")
		}
		if fs, _ := models.Friends(ctx, db, alice, "CAR"); len(fs) != 1 || fs[0].Name != "carol" {
			t.Errorf("search = %v", names(fs))
		}
		if fs, _ := models.Friends(ctx, db, alice, "%"); len(fs) != 0 {
			t.Errorf("%% matched everything: %v", names(fs))
		}
	})
	for _, tt := range []struct{ name, input string }{
		{"ErrUnknown", "nobody"}, {"ErrSelf", "alice"}, {"ErrAlready", "bob"}, {"ErrEmpty", "  "},
	} {
		t.Run("Add"+tt.name, func(t *testing.T) {
			_, err := models.AddFriend(ctx, db, alice, tt.input, "")
			if e := models.AsError(err); e == nil || e.Code != models.Invalid || !e.Fields.Has("name") {
				t.Fatalf("err = %v", err)
			}
		})
	}
	t.Run("HideKeepsFriendship", func(t *testing.T) {
		if _, err := models.HideFriend(ctx, db, alice, bob); err != nil {
			t.Fatal(err)
		}
		fs, _ := models.Friends(ctx, db, alice, "")
		hs, _ := models.HiddenFriends(ctx, db, alice)
		if len(fs) != 1 || len(hs) != 1 || hs[0].Name != "bob" {
			t.Fatalf("friends %v hidden %v", names(fs), names(hs))
		}
		_, err := models.HideFriend(ctx, db, alice, bob)
		wantCode(t, err, models.NotFound)
		_, err = models.AddFriend(ctx, db, alice, "bob", "")
		wantCode(t, err, models.Invalid)
	})
	t.Run("UnhideOK", func(t *testing.T) {
		if _, err := models.UnhideFriend(ctx, db, alice, bob); err != nil {
			t.Fatal(err)
		}
		if fs, _ := models.Friends(ctx, db, alice, ""); len(fs) != 2 {
			t.Fatalf("friends %v", names(fs))
		}
	})
	t.Run("DeleteOnlyHidden", func(t *testing.T) {
		_, err := models.DeleteFriend(ctx, db, alice, bob)
		wantCode(t, err, models.NotFound)
		_, err = models.HiddenFriend(ctx, db, alice, bob)
		wantCode(t, err, models.NotFound)
		models.HideFriend(ctx, db, alice, bob)
		if _, err := models.HiddenFriend(ctx, db, alice, bob); err != nil {
			t.Fatal(err)
		}
		if _, err := models.DeleteFriend(ctx, db, alice, bob); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "SELECT count(*) FROM friendships WHERE user_id = ? AND friend_id = ?", alice, bob); n != 0 {
			t.Fatal("the friendship row is still there")
		}
	})
	t.Run("BlockAndUnblock", func(t *testing.T) {
		if _, err := models.BlockUser(ctx, db, alice, carol, true); err != nil {
			t.Fatal(err)
		}
		fs, _ := models.Friends(ctx, db, alice, "")
		bs, _ := models.BlockedUsers(ctx, db, alice)
		if len(fs) != 0 || len(bs) != 1 || !bs[0].HideProfile {
			t.Fatalf("friends %v blocked %+v", names(fs), bs)
		}
		_, err := models.BlockUser(ctx, db, alice, carol, false)
		wantCode(t, err, models.Conflict)
		_, err = models.BlockUser(ctx, db, alice, alice, false)
		wantCode(t, err, models.Invalid)
		_, err = models.BlockUser(ctx, db, alice, 999999, false)
		wantCode(t, err, models.NotFound)
		// A stranger is blocked from a chat with them; one never met is not found.
		_, err = models.BlockUser(ctx, db, alice, bob, false)
		wantCode(t, err, models.NotFound)
		if _, err := models.StartChat(ctx, db, bob, "alice", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := models.BlockUser(ctx, db, alice, bob, false); err != nil {
			t.Fatal(err)
		}
		if _, err := models.UnblockUser(ctx, db, alice, carol); err != nil {
			t.Fatal(err)
		}
		if fs, _ := models.Friends(ctx, db, alice, ""); len(fs) != 0 {
			t.Error("unblock restored the friendship")
		}
		_, err = models.UnblockUser(ctx, db, alice, carol)
		wantCode(t, err, models.NotFound)
	})
}
