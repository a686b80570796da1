package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// CreateComment writes a comment on a post of a room the user is a member
// of. Errors: NotFound when there is no such post or the user is not a member
// of its room, Conflict when the post is deleted, Restricted when their
// account may not post now, Invalid (field body).
func CreateComment(ctx context.Context, db *gorm.DB, userID, postID int64, in CommentInput) (*BoardComment, error) {
	var c *BoardComment
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var post struct{ Deleted bool }
		// FOR SHARE: deleting the post or leaving the room waits until the comment is in.
		res := tx.Raw(`SELECT p.deleted_at IS NOT NULL AS deleted FROM board_posts p
			JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?
			WHERE p.id = ? FOR SHARE OF p, m`, userID, postID).Scan(&post)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errNoPost
		}
		if post.Deleted {
			return Coded(Conflict, "comment.post_deleted")
		}
		if err := ensureAllowed(tx, userID, ScopePosting, "posting"); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		now := time.Now()
		c = &BoardComment{PostID: postID, AuthorID: userID, Body: in.Body, CreatedAt: now, UpdatedAt: now}
		if in.Picture != nil {
			id, err := in.Picture.save(ctx, tx, userID)
			if err != nil {
				return err
			}
			c.PictureID = &id
		}
		if err := tx.Create(c).Error; err != nil {
			return err
		}
		if err := checkNewPicture(ctx, tx, SubjectComment, c.ID, c.PictureID); err != nil {
			return err
		}
		return runRules(tx, writeEvent(SubjectComment, c.ID, userID, now))
	})
	if err := in.Picture.discard(ctx, err); err != nil {
		return nil, err
	}
	return c, nil
}

var errNoComment = Coded(NotFound, "comment.not_found")

// ownComment selects a comment the user wrote, has not deleted, and can
// still see (a member of its post's room), locking it for update.
func ownComment(tx *gorm.DB, userID, commentID int64) (*BoardComment, error) {
	var c BoardComment
	res := tx.Raw(`SELECT c.* FROM board_comments c
		JOIN board_posts p ON p.id = c.post_id
		JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?
		WHERE c.id = ? AND c.author_id = ? AND c.deleted_at IS NULL AND c.removed_at IS NULL
		FOR UPDATE OF c`, userID, commentID, userID).Scan(&c)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errNoComment
	}
	return &c, nil
}

// CommentToEdit returns a comment the user wrote, for its edit and delete
// forms. Errors: NotFound when there is no such comment, someone else wrote
// it, it is deleted, or the user is not a member of its room.
func CommentToEdit(ctx context.Context, db *gorm.DB, userID, commentID int64) (*BoardComment, error) {
	return ownComment(db.WithContext(ctx), userID, commentID)
}

// UpdateComment replaces the body of a comment the user wrote.
// Errors: NotFound as for CommentToEdit, Restricted when their account may
// not post now, Invalid (field body).
func UpdateComment(ctx context.Context, db *gorm.DB, userID, commentID int64, in CommentInput) (*BoardComment, error) {
	var c *BoardComment
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if c, err = ownComment(tx, userID, commentID); err != nil {
			return err
		}
		if err := ensureAllowed(tx, userID, ScopePosting, "posting"); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		c.Body, c.UpdatedAt = in.Body, time.Now()
		if err := tx.Model(c).Select("body", "updated_at").Updates(c).Error; err != nil {
			return err
		}
		return runRules(tx, writeEvent(SubjectComment, c.ID, userID, c.UpdatedAt))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DeleteComment deletes a comment the user wrote: everyone then sees
// "deleted" in its place. Errors: NotFound as for CommentToEdit.
func DeleteComment(ctx context.Context, db *gorm.DB, userID, commentID int64) (*BoardComment, error) {
	var c *BoardComment
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if c, err = ownComment(tx, userID, commentID); err != nil {
			return err
		}
		now := time.Now()
		c.DeletedAt = &now
		return tx.Model(c).Update("deleted_at", now).Error
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
