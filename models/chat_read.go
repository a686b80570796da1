package models

import (
	"context"

	"gorm.io/gorm"
)

// Reading a room: each member's copy remembers how far they have read
// (chat_members.read_through). The Chats list counts what came after it
// from the other person; the room draws a "new messages" line there.

// unreadSQL counts, for the chat_members row m, the messages the member has
// (memberSeesMessage) from the other person after what they have read.
const unreadSQL = `(SELECT count(*) FROM chat_messages c
	WHERE c.room_id = m.room_id AND c.id > m.read_through AND c.sender_id <> m.user_id AND ` + memberSeesMessage + `)`

// RoomPage is a page of a room's messages as its member opens it.
type RoomPage struct {
	Messages []ChatMessage // oldest first
	Older    int64         // the before cursor of the older page; 0 on the oldest
	// ReadThrough is the last message the member had read before this
	// page was shown: the "new messages" line goes after it.
	ReadThrough int64
	reader      int64
}

// FirstUnread is the id of the first message on the page that the reader
// had not read (from the other person, after ReadThrough); 0 when none.
func (p *RoomPage) FirstUnread() int64 {
	for _, m := range p.Messages {
		if m.ID > p.ReadThrough && m.SenderID != p.reader {
			return m.ID
		}
	}
	return 0
}

// ReadMessages returns the page of userID's messages in roomID older than
// before (0: the newest), like Messages, with how far they had read; the
// newest page also marks every message in it as read. Errors: NotFound
// when userID has no such room.
func ReadMessages(ctx context.Context, db *gorm.DB, userID, roomID, before int64, limit int) (*RoomPage, error) {
	page := &RoomPage{reader: userID}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Raw(`SELECT read_through FROM chat_members WHERE room_id = ? AND user_id = ? AND active FOR UPDATE`,
			roomID, userID).Scan(&page.ReadThrough)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return Coded(NotFound, "chat.not_found")
		}
		var err error
		if page.Messages, page.Older, err = Messages(ctx, tx, userID, roomID, before, limit); err != nil {
			return err
		}
		if before > 0 || len(page.Messages) == 0 {
			return nil
		}
		return markRead(tx, userID, roomID, page.Messages[len(page.Messages)-1].ID)
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// markRead moves userID's read mark in roomID forward to through.
func markRead(tx *gorm.DB, userID, roomID, through int64) error {
	return tx.Exec(`UPDATE chat_members SET read_through = ? WHERE room_id = ? AND user_id = ? AND read_through < ?`,
		through, roomID, userID, through).Error
}
