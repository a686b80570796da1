package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// postingRestriction returns the Restricted error of the restriction that keeps the
// user from posting now, or "".
func postingRestriction(db *gorm.DB, userID int64) (*Error, error) {
	err := ensureAllowed(db, userID, ScopePosting, "posting")
	if e := AsError(err); e != nil && e.Code == Restricted {
		return e, nil
	}
	return nil, err
}

// RoomToPostIn returns a room the user is a member of, for the form of a new
// post, with the restriction that keeps them from posting, if any; Posts is
// empty. Errors: NotFound when there is no such room or they are not a member.
func RoomToPostIn(ctx context.Context, db *gorm.DB, userID, roomID int64) (*Board, error) {
	db = db.WithContext(ctx)
	var room RoomSummary
	res := roomSummaries(db, userID).
		Joins("JOIN open_chat_members me ON me.room_id = r.id AND me.user_id = ?", userID).
		Where("r.id = ?", roomID).Scan(&room)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errNoRoom
	}
	b := &Board{Room: room}
	var err error
	b.Restriction, err = postingRestriction(db, userID)
	return b, err
}

// CreatePost writes a post on the board of a room the user is a member of.
// Errors: NotFound when there is no such room or they are not a member,
// Restricted when their account may not post now, Invalid (fields title,
// body).
func CreatePost(ctx context.Context, db *gorm.DB, userID, roomID int64, in PostInput) (*BoardPost, error) {
	var p *BoardPost
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// FOR SHARE: leaving the room waits until the post is in.
		var member OpenChatMember
		res := tx.Raw(`SELECT * FROM open_chat_members WHERE room_id = ? AND user_id = ? FOR SHARE`, roomID, userID).Scan(&member)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errNoRoom
		}
		if err := ensureAllowed(tx, userID, ScopePosting, "posting"); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		now := time.Now()
		p = &BoardPost{RoomID: roomID, AuthorID: userID, Title: in.Title, Body: in.Body, CreatedAt: now, UpdatedAt: now}
		if in.Picture != nil {
			id, err := in.Picture.save(ctx, tx, userID)
			if err != nil {
				return err
			}
			p.PictureID = &id
		}
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		if err := checkNewPicture(ctx, tx, SubjectPost, p.ID, p.PictureID); err != nil {
			return err
		}
		return runRules(tx, writeEvent(SubjectPost, p.ID, userID, now))
	})
	if err := in.Picture.discard(ctx, err); err != nil {
		return nil, err
	}
	return p, nil
}

var errNoPost = Coded(NotFound, "post.not_found")

// PostThread returns a post of a room the user is a member of, with up to
// limit of its comments, oldest first, after the comment id after (0: from
// the first). Errors: NotFound when there is no such post or the user is not
// a member of its room.
func PostThread(ctx context.Context, db *gorm.DB, userID, postID, after int64, limit int) (*Thread, error) {
	db = db.WithContext(ctx)
	limit = max(limit, 1)
	t := &Thread{}
	res := db.Table("board_posts p").
		Select(postSummaryColumns+`, r.name AS room_name,
			CASE WHEN p.deleted_at IS NULL AND p.removed_at IS NULL AND (p.author_id = ? OR NOT `+postHiddenSQL+`) THEN p.body ELSE '' END AS body,
			EXISTS (SELECT 1 FROM reports rp WHERE rp.reporter_id = ? AND rp.subject_type = ? AND rp.subject_id = p.id) AS reported`,
			userID, userID, userID, userID, SubjectPost).
		Joins("JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?", userID).
		Joins("JOIN open_chat_rooms r ON r.id = p.room_id").
		Joins("JOIN users u ON u.id = p.author_id").
		Where("p.id = ?", postID).Scan(&t.Post)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errNoPost
	}
	q := db.Table("board_comments c").
		Select(`c.id, c.post_id, c.author_id, u.display_name AS author_name,
			CASE WHEN c.deleted_at IS NULL AND c.removed_at IS NULL AND (c.author_id = ? OR NOT `+commentHiddenSQL+`) THEN c.body ELSE '' END AS body,
			c.created_at, c.updated_at, c.deleted_at IS NOT NULL AS deleted, c.removed_at IS NOT NULL AS removed, c.author_id = ? AS mine,
			CASE WHEN c.deleted_at IS NULL AND c.removed_at IS NULL THEN c.picture_id END AS picture_id,
			`+commentHiddenSQL+` AS hidden, `+commentBlockedSQL+` AS blocked_until,
			EXISTS (SELECT 1 FROM reports rp WHERE rp.reporter_id = ? AND rp.subject_type = ? AND rp.subject_id = c.id) AS reported`,
			userID, userID, userID, SubjectComment).
		Joins("JOIN board_posts p ON p.id = c.post_id").
		Joins("JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?", userID).
		Joins("JOIN users u ON u.id = c.author_id").
		Where("c.post_id = ?", postID).Order("c.id").Limit(limit + 1)
	if after > 0 {
		q = q.Where("c.id > ?", after)
	}
	if err := q.Scan(&t.Comments).Error; err != nil {
		return nil, err
	}
	if t.Post.HiddenFromMe() {
		t.Post.PictureID = nil
	}
	for i := range t.Comments {
		if t.Comments[i].HiddenFromMe() {
			t.Comments[i].PictureID = nil
		}
	}
	t.Comments, t.More = nextPage(t.Comments, limit, func(r Comment) int64 { return r.ID })
	var err error
	t.Restriction, err = postingRestriction(db, userID)
	return t, err
}

// ownPost selects a post the user wrote, has not deleted, and can still see
// (a member of its room), locking it for update.
func ownPost(tx *gorm.DB, userID, postID int64) (*BoardPost, error) {
	var p BoardPost
	res := tx.Raw(`SELECT p.* FROM board_posts p
		JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?
		WHERE p.id = ? AND p.author_id = ? AND p.deleted_at IS NULL AND p.removed_at IS NULL
		FOR UPDATE OF p`, userID, postID, userID).Scan(&p)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errNoPost
	}
	return &p, nil
}

// PostToEdit returns a post the user wrote, for its edit and delete forms.
// Errors: NotFound when there is no such post, someone else wrote it, it is
// deleted, or the user is not a member of its room.
func PostToEdit(ctx context.Context, db *gorm.DB, userID, postID int64) (*BoardPost, error) {
	return ownPost(db.WithContext(ctx), userID, postID)
}

// UpdatePost replaces the title and body of a post the user wrote.
// Errors: NotFound as for PostToEdit, Restricted when their account may not
// post now, Invalid (fields title, body).
func UpdatePost(ctx context.Context, db *gorm.DB, userID, postID int64, in PostInput) (*BoardPost, error) {
	var p *BoardPost
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if p, err = ownPost(tx, userID, postID); err != nil {
			return err
		}
		if err := ensureAllowed(tx, userID, ScopePosting, "posting"); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		p.Title, p.Body, p.UpdatedAt = in.Title, in.Body, time.Now()
		if err := tx.Model(p).Select("title", "body", "updated_at").Updates(p).Error; err != nil {
			return err
		}
		return runRules(tx, writeEvent(SubjectPost, p.ID, userID, p.UpdatedAt))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DeletePost deletes a post the user wrote: everyone then sees "deleted" in
// its place; its comments stay. Errors: NotFound as for PostToEdit.
func DeletePost(ctx context.Context, db *gorm.DB, userID, postID int64) (*BoardPost, error) {
	var p *BoardPost
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if p, err = ownPost(tx, userID, postID); err != nil {
			return err
		}
		now := time.Now()
		p.DeletedAt = &now
		return tx.Model(p).Update("deleted_at", now).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
