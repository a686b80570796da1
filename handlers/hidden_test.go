package handlers_test

import (
	"strings"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
)

// A post hidden pending review: other members read "Hidden while it is
// reviewed" (in their language) on the board and the post's page, its
// author reads it under a banner.
func TestHiddenPostPages(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.alma, "Angry title", "Angry body")
	comment := f.comment(f.alma, post, "Angry comment")
	err := f.en.db.Transaction(func(tx *gorm.DB) error {
		if _, err := models.HidePendingReview(tx, models.SubjectPost, post, models.HideSource{Kind: models.HideByRule}); err != nil {
			return err
		}
		_, err := models.HidePendingReview(tx, models.SubjectComment, comment, models.HideSource{Kind: models.HideByRule})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	bora := f.en.login("bora")
	for _, path := range []string{f.roomPath(""), postPath(post, "")} {
		r := bora.get(path)
		wantStatus(t, r, 200)
		if strings.Contains(r.text(), "Angry") || !strings.Contains(r.text(), "Hidden while it is reviewed.") {
			t.Fatalf("%s as another member: %s", path, r.text())
		}
	}
	f.exec("UPDATE users SET language = 'ko' WHERE id = ?", f.bora.ID)
	for _, path := range []string{f.roomPath(""), postPath(post, "")} {
		if ko := bora.get(path); !strings.Contains(ko.text(), "검토 중이라 가려진 내용입니다.") {
			t.Fatalf("%s in Korean: %s", path, ko.text())
		}
	}
	r := f.en.login("alma").get(postPath(post, ""))
	if !strings.Contains(r.text(), "Angry body") || !strings.Contains(r.text(), "Angry comment") || r.doc.Find(`[data-testid="hidden-mine"]`).Length() != 2 {
		t.Fatalf("the author's page: %s", r.text())
	}
}
