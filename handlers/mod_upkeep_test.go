package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// TestModLiftRestriction lifts a restriction early through the router: a
// reason is needed, the user is told, and a lifted one cannot be lifted again.
func TestModLiftRestriction(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	var restriction int64
	if err := f.en.db.Raw(`INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at, created_by)
		VALUES (?, 'posting', 'spam', now() - interval '1 day', now() + interval '6 days', ?) RETURNING id`,
		f.bora.ID, f.mod.ID).Scan(&restriction).Error; err != nil {
		t.Fatal(err)
	}
	mod2 := f.en.login("mod2")
	lift := func(reason string) *response {
		return mod2.submit(views.LiftRestrictionPath(restriction), url.Values{"reason": {reason}, "back": {views.ModAppealsPath}})
	}
	t.Run("ErrNoReason", func(t *testing.T) {
		r := lift("  ")
		wantRedirect(t, r, views.ModAppealsPath)
		wantFlash(t, mod2, r, "Say why the restriction is lifted early")
		if f.rows("SELECT count(*) FROM restrictions WHERE id = ? AND lifted_at IS NULL", restriction) != 1 {
			t.Fatal("lifted without a reason")
		}
	})
	t.Run("OK", func(t *testing.T) {
		r := lift("Posted by mistake")
		wantRedirect(t, r, views.ModAppealsPath)
		wantFlash(t, mod2, r, "lifted")
		if f.rows("SELECT count(*) FROM restrictions WHERE id = ? AND lifted_at IS NOT NULL AND lifted_by = ? AND lift_reason = 'Posted by mistake'",
			restriction, f.mod2.ID) != 1 {
			t.Fatal("the restriction was not lifted by mod2 with its reason")
		}
		if f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND kind = ?", f.bora.ID, models.NoticeRestrictionLifted) != 1 {
			t.Fatal("bora was not told")
		}
		if f.rows("SELECT count(*) FROM audit_events WHERE actor_id = ? AND subject_id IS NOT NULL", f.mod2.ID) == 0 {
			t.Fatal("lifting was not audited")
		}
	})
	t.Run("ErrLiftedAlready", func(t *testing.T) {
		r := lift("again")
		wantRedirect(t, r, views.ModAppealsPath)
		if f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND kind = ?", f.bora.ID, models.NoticeRestrictionLifted) != 1 {
			t.Fatal("a second lift told bora again")
		}
	})
}

// TestNoticesRead marks the reader's notices read, and only theirs.
func TestNoticesRead(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	var last int64
	for _, u := range []int64{f.alma.ID, f.bora.ID, f.bora.ID} {
		if err := f.en.db.Raw(`INSERT INTO notices (user_id, kind, title, body) VALUES (?, ?, 'Your report', '') RETURNING id`,
			u, models.NoticeReportOutcome).Scan(&last).Error; err != nil {
			t.Fatal(err)
		}
	}
	bora := f.en.login("bora")
	if got := bora.get(views.HomePath).doc.Find(`[data-testid="unread-count"]`).Text(); got != "2" {
		t.Fatalf("bora's unread count = %q, want 2", got)
	}
	r := bora.submit(views.NoticesReadPath, url.Values{"through": {strconv.FormatInt(last, 10)}})
	wantRedirect(t, r, views.NoticesPath)
	if n := f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND read_at IS NULL", f.bora.ID); n != 0 {
		t.Fatalf("%d of bora's notices unread", n)
	}
	if n := f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND read_at IS NULL", f.alma.ID); n != 1 {
		t.Fatal("bora's request marked alma's notice read")
	}
	wantStatus(t, bora.submit(views.NoticesReadPath, url.Values{"through": {"not a number"}}), http.StatusSeeOther)
}

// TestSavedReplyDelete: an admin deletes a saved reply; it is gone from the
// support desk's list.
func TestSavedReplyDelete(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	root := w.en.login("root")
	wantRedirect(t, root.submit(views.SavedRepliesPath, url.Values{"title": {"Short-lived"}, "body": {"Soon gone."}, "language": {"en"}}), views.SavedRepliesPath)
	var id int64
	w.en.db.Raw("SELECT id FROM saved_replies WHERE title = 'Short-lived'").Scan(&id)
	wantRedirect(t, root.submit(views.DeleteSavedReplyPath(id), nil), views.SavedRepliesPath)
	var n int64
	w.en.db.Raw("SELECT count(*) FROM saved_replies WHERE id = ?", id).Scan(&n)
	if n != 0 {
		t.Fatal("the saved reply is still there")
	}
	wantStatus(t, root.submit(views.DeleteSavedReplyPath(id), nil), http.StatusNotFound)
}
