package models

import (
	"context"

	"gorm.io/gorm"
)

// roomSummaries selects rooms with their member count and whether userID
// joined them.
func roomSummaries(db *gorm.DB, userID int64) *gorm.DB {
	return db.Table("open_chat_rooms r").
		Select(`r.*, (SELECT count(*) FROM open_chat_members m WHERE m.room_id = r.id) AS member_count,
			EXISTS (SELECT 1 FROM open_chat_members m WHERE m.room_id = r.id AND m.user_id = ?) AS joined`, userID)
}

// OpenChatRooms lists every Open Chat room by name, with its member count
// and whether the user joined it.
func OpenChatRooms(ctx context.Context, db *gorm.DB, userID int64) ([]RoomSummary, error) {
	var rooms []RoomSummary
	err := roomSummaries(db.WithContext(ctx), userID).Order("r.name, r.id").Scan(&rooms).Error
	return rooms, err
}

// roomSummary returns one room as userID sees it. Errors: NotFound.
func roomSummary(db *gorm.DB, userID, roomID int64) (*RoomSummary, error) {
	var room RoomSummary
	res := roomSummaries(db, userID).Where("r.id = ?", roomID).Scan(&room)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, errNoRoom
	}
	return &room, nil
}

var errNoRoom = Coded(NotFound, "openchat.not_found")

// JoinOpenChat makes the user a member of the room; joined is false when they
// were a member already (joining twice changes nothing). Errors: NotFound.
func JoinOpenChat(ctx context.Context, db *gorm.DB, userID, roomID int64) (room *OpenChatRoom, joined bool, err error) {
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		room = &OpenChatRoom{}
		if err := tx.Take(room, roomID).Error; err != nil {
			return notFound(err, "openchat.not_found")
		}
		res := tx.Exec(`INSERT INTO open_chat_members (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, roomID, userID)
		joined = res.RowsAffected == 1
		return res.Error
	})
	if err != nil {
		return nil, false, err
	}
	return room, joined, nil
}

// LeaveOpenChat ends the user's membership of the room; their posts and
// comments stay on its board. left is false when they were not a member
// (leaving then changes nothing). Errors: NotFound when there is no such room.
func LeaveOpenChat(ctx context.Context, db *gorm.DB, userID, roomID int64) (room *OpenChatRoom, left bool, err error) {
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		room = &OpenChatRoom{}
		if err := tx.Take(room, roomID).Error; err != nil {
			return notFound(err, "openchat.not_found")
		}
		res := tx.Where("room_id = ? AND user_id = ?", roomID, userID).Delete(&OpenChatMember{})
		left = res.RowsAffected == 1
		return res.Error
	})
	if err != nil {
		return nil, false, err
	}
	return room, left, nil
}

// OpenChatBoard returns the room as the user sees it and, when they are a
// member, up to limit of its posts, newest first, older than the post id
// before (0: from the newest). A non-member gets the room without posts.
// Errors: NotFound when there is no such room.
func OpenChatBoard(ctx context.Context, db *gorm.DB, userID, roomID, before int64, limit int) (*Board, error) {
	db = db.WithContext(ctx)
	limit = max(limit, 1)
	room, err := roomSummary(db, userID, roomID)
	if err != nil {
		return nil, err
	}
	b := &Board{Room: *room}
	if !room.Joined {
		return b, nil
	}
	q := db.Table("board_posts p").Select(postSummaryColumns, userID, userID).
		Joins("JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?", userID).
		Joins("JOIN users u ON u.id = p.author_id").
		Where("p.room_id = ?", roomID).Order("p.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("p.id < ?", before)
	}
	if err := q.Scan(&b.Posts).Error; err != nil {
		return nil, err
	}
	for i := range b.Posts {
		if b.Posts[i].HiddenFromMe() {
			b.Posts[i].PictureID = nil
		}
	}
	b.Posts, b.Older = nextPage(b.Posts, limit, func(r PostSummary) int64 { return r.ID })
	b.Restriction, err = postingRestriction(db, userID)
	return b, err
}

// postSummaryColumns never select the title of a post deleted or removed
// by moderation, nor of one hidden pending review but for its author. Its
// two arguments are the reader's id.
const postSummaryColumns = `p.id, p.room_id, p.author_id, u.display_name AS author_name,
	CASE WHEN p.deleted_at IS NULL AND p.removed_at IS NULL AND (p.author_id = ? OR NOT ` + postHiddenSQL + `) THEN p.title ELSE '' END AS title,
	p.created_at, p.updated_at, p.deleted_at IS NOT NULL AS deleted, p.removed_at IS NOT NULL AS removed,
	CASE WHEN p.deleted_at IS NULL AND p.removed_at IS NULL THEN p.picture_id END AS picture_id,
	` + postHiddenSQL + ` AS hidden, p.author_id = ? AS mine, ` + postBlockedSQL + ` AS blocked_until,
	(SELECT count(*) FROM board_comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL) AS comment_count`
