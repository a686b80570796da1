package models_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func TestFileAppeal(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	ids := newUsers(t, db, "dave", "erin")
	dave, erin := ids[0], ids[1]
	restrict := func(user int64, ends string) int64 {
		t.Helper()
		var id int64
		if err := db.Raw(`INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at)
			VALUES (?, 'posting', 'spam', now() - interval '2 days', now() + ?::interval) RETURNING id`, user, ends).
			Scan(&id).Error; err != nil {
			t.Fatal(err)
		}
		return id
	}
	active, ended := restrict(dave, "7 days"), restrict(dave, "-1 day")

	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := models.FileAppeal(ctx, db, dave, active, "   ")
		wantCode(t, err, models.Invalid)
		if !models.AsError(err).Fields.Has("body") {
			t.Fatal("no message beside the body field")
		}
	})
	t.Run("ErrNotTheirs", func(t *testing.T) {
		_, err := models.FileAppeal(ctx, db, erin, active, "not mine")
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrNotInForce", func(t *testing.T) {
		_, err := models.FileAppeal(ctx, db, dave, ended, "it ended")
		wantCode(t, err, models.Invalid)
	})
	t.Run("OK", func(t *testing.T) {
		a, err := models.FileAppeal(ctx, db, dave, active, "  I posted it by mistake.  ")
		if err != nil {
			t.Fatal(err)
		}
		if a.State != models.AppealPending || a.Body != "I posted it by mistake." {
			t.Fatalf("appeal = %+v", a)
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		_, err := models.FileAppeal(ctx, db, dave, active, "again")
		wantCode(t, err, models.Conflict)
		if n := count(t, db, "SELECT count(*) FROM appeals WHERE restriction_id = ?", active); n != 1 {
			t.Fatalf("%d appeals, want 1", n)
		}
	})
}

// TestUpholdEndedRestriction: an appeal whose restriction ended meanwhile
// cannot be upheld ("the restriction stays" would be untrue); lifting it
// still closes it.
func TestUpholdEndedRestriction(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	dave := newUsers(t, db, "dave")[0]
	pw := "password for judge"
	judge, err := models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{
		SignUp: models.SignUp{Name: "judge", Password: pw, Confirm: pw}, Role: models.RoleModerator})
	if err != nil {
		t.Fatal(err)
	}
	var rid int64
	if err := db.Raw(`INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at)
		VALUES (?, 'posting', 'spam', now() - interval '2 days', now() + interval '1 day') RETURNING id`, dave).Scan(&rid).Error; err != nil {
		t.Fatal(err)
	}
	a, err := models.FileAppeal(ctx, db, dave, rid, "It was not spam.")
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE restrictions SET ends_at = now() - interval '1 hour' WHERE id = ?", rid)
	wantCode(t, models.DecideAppeal(ctx, db, judge, a.ID, false, ""), models.Conflict)
	if err := models.DecideAppeal(ctx, db, judge, a.ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM appeals WHERE id = ? AND state = 'lifted'", a.ID); n != 1 {
		t.Fatal("lifting did not close the appeal")
	}
}
