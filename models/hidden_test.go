package models_test

import (
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
)

// hide hides subject t/id by a rule in one transaction and says whether it
// hid it now.
func (w *modWorld) hide(t models.SubjectType, id int64, caseID *int64) bool {
	w.t.Helper()
	var hid bool
	err := w.db.Transaction(func(tx *gorm.DB) error {
		var err error
		hid, err = models.HidePendingReview(tx, t, id, models.HideSource{Kind: models.HideByRule, ID: 1, CaseID: caseID})
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return hid
}

// thread reads post as user.
func (w *modWorld) thread(user, post int64) *models.Thread {
	w.t.Helper()
	th, err := models.PostThread(w.ctx, w.db, user, post, 0, 10)
	if err != nil {
		w.t.Fatal(err)
	}
	return th
}

func TestHidePendingReview(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	other := w.reporters[3]

	t.Run("OK/OthersSeeHiddenAuthorSeesBanner", func(t *testing.T) {
		post := w.post("angry words")
		c := w.report(0, post, "harassment")
		if !w.hide(models.SubjectPost, post, &c) {
			t.Fatal("not hidden")
		}
		if w.hide(models.SubjectPost, post, &c) {
			t.Fatal("hidden twice")
		}
		th := w.thread(other, post)
		if !th.Post.HiddenFromMe() || th.Post.Title != "" || th.Post.Body != "" || th.Post.CanReport() {
			t.Fatalf("hidden post as another member reads it: %+v", th.Post)
		}
		mine := w.thread(w.dave, post)
		if mine.Post.HiddenFromMe() || !mine.Post.HiddenForOthers() || mine.Post.Body != "body of angry words" {
			t.Fatalf("hidden post as its author reads it: %+v", mine.Post)
		}
		b, err := models.OpenChatBoard(w.ctx, w.db, other, w.room, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range b.Posts {
			if p.ID == post && (p.Title != "" || !p.HiddenFromMe()) {
				t.Fatalf("hidden post in the board's list: %+v", p)
			}
		}
		if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'content.hide' AND subject_id = ? AND actor_id IS NULL", post); n != 1 {
			t.Fatalf("hide audited %d times", n)
		}
		// No violation: back for everyone.
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideNoViolation}); err != nil {
			t.Fatal(err)
		}
		if th := w.thread(other, post); th.Post.Gone() || th.Post.Body != "body of angry words" {
			t.Fatalf("after no violation: %+v", th.Post)
		}
		h, err := models.HideOf(w.ctx, w.db, models.SubjectPost, post)
		if err != nil || h == nil || h.InForce() || h.Outcome != models.HideRestored {
			t.Fatalf("hide after no violation = %+v, %v", h, err)
		}
	})

	t.Run("OK/RemoveThenReversal", func(t *testing.T) {
		post := w.post("scam link")
		c := w.report(1, post, "fraud")
		w.hide(models.SubjectPost, post, &c)
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRemove, Policy: "fraud"}); err != nil {
			t.Fatal(err)
		}
		if th := w.thread(other, post); !th.Post.Removed || th.Post.Hidden {
			t.Fatalf("after removal: %+v", th.Post)
		}
		if h, _ := models.HideOf(w.ctx, w.db, models.SubjectPost, post); h.Outcome != models.HideRemoved {
			t.Fatalf("hide outcome = %q", h.Outcome)
		}
		if _, err := models.ReverseCase(w.ctx, w.db, w.mod2, c, "It was a joke between friends."); err != nil {
			t.Fatal(err)
		}
		if th := w.thread(other, post); th.Post.Gone() || th.Post.Body != "body of scam link" {
			t.Fatalf("after reversal: %+v", th.Post)
		}
	})

	t.Run("OK/ModeratorReversesHide", func(t *testing.T) {
		post := w.post("borderline")
		c := w.report(2, post, "hate")
		w.hide(models.SubjectPost, post, &c)
		if err := models.ReverseHide(w.ctx, w.db, w.mod, c, "Not hateful."); err != nil {
			t.Fatal(err)
		}
		if th := w.thread(other, post); th.Post.Gone() {
			t.Fatalf("after the hide was reversed: %+v", th.Post)
		}
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", c); n != 1 {
			t.Fatal("the case left the queue")
		}
		wantCode(t, models.ReverseHide(w.ctx, w.db, w.mod, c, "again"), models.Conflict)
		wantCode(t, models.ReverseHide(w.ctx, w.db, w.mod, c, " "), models.Invalid)
		wantCode(t, models.ReverseHide(w.ctx, w.db, w.support, c, "why"), models.Forbidden)
	})

	t.Run("OK/Comment", func(t *testing.T) {
		post := w.post("thread")
		cm, err := models.CreateComment(w.ctx, w.db, w.dave, post, models.CommentInput{Body: "rude comment"})
		if err != nil {
			t.Fatal(err)
		}
		w.hide(models.SubjectComment, cm.ID, nil)
		th := w.thread(other, post)
		if len(th.Comments) != 1 || !th.Comments[0].HiddenFromMe() || th.Comments[0].Body != "" {
			t.Fatalf("hidden comment as another member reads it: %+v", th.Comments)
		}
		mine := w.thread(w.dave, post)
		if !mine.Comments[0].HiddenForOthers() || mine.Comments[0].Body != "rude comment" {
			t.Fatalf("hidden comment as its author reads it: %+v", mine.Comments)
		}
	})

	t.Run("ErrNotHideable", func(t *testing.T) {
		if w.hide(models.SubjectMessage, 1, nil) {
			t.Fatal("a chat message was hidden")
		}
		err := w.db.Transaction(func(tx *gorm.DB) error {
			_, err := models.HidePendingReview(tx, models.SubjectPost, 1, models.HideSource{Kind: "magic"})
			return err
		})
		wantCode(t, err, models.Invalid)
	})
}
