package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// MaxMessageLen is the longest chat message, in characters.
const MaxMessageLen = 4000

// ChatRoom is a 1:1 room; UserLow < UserHigh, one room per pair.
type ChatRoom struct {
	ID        int64
	UserLow   int64
	UserHigh  int64
	CreatedAt time.Time
}

// ChatMember is one member's copy of a room. Messages with an id up to
// ClearedThrough are gone from this member's side; an inactive member has
// left the room (or reported from it) and does not list it.
type ChatMember struct {
	RoomID         int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID         int64 `gorm:"primaryKey;autoIncrement:false"`
	OtherID        int64
	Active         bool
	ClearedThrough int64
	LastMessageID  *int64
	LastActiveAt   time.Time
}

// ChatMessage is one message. Delivered is false when the recipient had
// blocked the sender: the recipient never sees it.
type ChatMessage struct {
	ID        int64
	RoomID    int64
	SenderID  int64
	Body      string
	Delivered bool
	CreatedAt time.Time
	PictureID *int64  // the picture it carries, if any (nil once removed)
	Removed   bool    `gorm:"->"` // removed by moderation: Body is empty
	SendKey   *string // the send form's key (SendOnce), if it had one
	// Picture is the picture as an export names it (StreamMessages only).
	Picture *ExportPicture `gorm:"-"`
}

// ExportPicture is a message's picture as an export names and packs it.
type ExportPicture struct {
	ID          int64
	SHA256      []byte
	BlobKey     string
	ContentType string
}

// ChatSummary is one line of the Chats list.
type ChatSummary struct {
	RoomID       int64
	OtherID      int64
	OtherName    string
	OtherDisplay string
	State        FriendState // my view of the other person; "" for strangers
	LastBody     *string     // the newest message delivered to me; nil when none
	LastRemoved  bool        // the newest message was removed by moderation: LastBody is empty
	LastSenderID *int64
	LastActiveAt time.Time
	Unread       int64 // messages from the other person after what I read
}

// ChatCursor is where a page of the Chats list continues.
type ChatCursor struct {
	At     time.Time
	RoomID int64
}

// otherPersonSQL selects the other member as I may see them: when they
// blocked me and hid their profile, only their user name.
const otherPersonSQL = `o.name AS other_name,
	CASE WHEN hp.user_id IS NULL THEN o.display_name ELSE o.name END AS other_display,
	coalesce(f.state, '') AS state`

const otherPersonJoins = `JOIN users o ON o.id = m.other_id
	LEFT JOIN friendships f ON f.user_id = m.user_id AND f.friend_id = m.other_id
	LEFT JOIN friendships hp ON hp.user_id = m.other_id AND hp.friend_id = m.user_id AND hp.state = 'blocked' AND hp.hide_profile`

// ChatList returns a page of userID's rooms, most recently active first,
// each with its unread count, continuing after cursor (nil: from the top),
// and the cursor of the next page (nil on the last). A query keeps the
// rooms whose other person's user name or name (as I see it) contains it.
func ChatList(ctx context.Context, db *gorm.DB, userID int64, query string, cursor *ChatCursor, limit int) ([]ChatSummary, *ChatCursor, error) {
	q := db.WithContext(ctx).Table("chat_members m").
		Select("m.room_id, m.other_id, "+otherPersonSQL+`, CASE WHEN c.removed_at IS NULL THEN c.body ELSE '' END AS last_body,
			c.removed_at IS NOT NULL AS last_removed, c.sender_id AS last_sender_id, m.last_active_at, `+
			unreadSQL+" AS unread").
		Joins(otherPersonJoins).
		Joins("LEFT JOIN chat_messages c ON c.id = m.last_message_id").
		Where("m.user_id = ? AND m.active", userID).
		Order("m.last_active_at DESC, m.room_id DESC").Limit(limit + 1)
	if cursor != nil {
		q = q.Where("(m.last_active_at, m.room_id) < (?, ?)", cursor.At, cursor.RoomID)
	}
	if query = strings.TrimSpace(query); query != "" {
		like := "%" + escapeLike(strings.ToLower(query)) + "%"
		q = q.Where(`(o.name LIKE ? OR lower(CASE WHEN hp.user_id IS NULL THEN o.display_name ELSE o.name END) LIKE ?)`, like, like)
	}
	var out []ChatSummary
	if err := q.Scan(&out).Error; err != nil {
		return nil, nil, err
	}
	if len(out) <= limit {
		return out, nil, nil
	}
	out = out[:limit]
	last := out[limit-1]
	return out, &ChatCursor{At: last.LastActiveAt, RoomID: last.RoomID}, nil
}

// ChatRoomView is a room as its member sees it.
type ChatRoomView struct {
	RoomID       int64
	OtherID      int64
	OtherName    string
	OtherDisplay string
	State        FriendState
}

// IsFriend reports whether the other member is my friend (hidden or not).
func (r *ChatRoomView) IsFriend() bool {
	return r.State.IsFriend()
}

// OffersReport reports whether m shows a Report action to me: the other
// member's messages do (reporting a friend's is then explained, not
// filed); my own do not.
func (r *ChatRoomView) OffersReport(m ChatMessage) bool { return m.SenderID == r.OtherID }

// ChatRoomFor returns room roomID as userID sees it. Errors: NotFound when
// userID is not an active member: the query itself is scoped by the user.
func ChatRoomFor(ctx context.Context, db *gorm.DB, userID, roomID int64) (*ChatRoomView, error) {
	var r ChatRoomView
	err := db.WithContext(ctx).Table("chat_members m").
		Select("m.room_id, m.other_id, "+otherPersonSQL).
		Joins(otherPersonJoins).
		Where("m.room_id = ? AND m.user_id = ? AND m.active", roomID, userID).Take(&r).Error
	if err != nil {
		return nil, notFound(err, "chat.not_found")
	}
	return &r, nil
}

// StartChat opens userID's room with the user named name, creating it the
// first time, and returns its id. A room userID left opens again, without
// what was cleared. ip is the client address ("" when there is none), for
// the look-up limit. Errors: Invalid (field "name") for an unknown name or
// oneself; Throttled (field "name") after too many look-ups by name from
// the account or the address.
func StartChat(ctx context.Context, db *gorm.DB, userID int64, name, ip string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, fieldError("name", "chat.name_empty")
	}
	if err := countLookup(ctx, db, userID, ip); err != nil {
		return 0, err
	}
	other, err := UserByName(ctx, db, name)
	if ErrorCode(err) == NotFound || (err == nil && other.Role != RoleUser) {
		return 0, fieldError("name", "user.no_user_named", NormalizeName(name))
	}
	if err != nil {
		return 0, err
	}
	if other.ID == userID {
		return 0, fieldError("name", "chat.not_yourself")
	}
	low, high := min(userID, other.ID), max(userID, other.ID)
	var roomID int64
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Exec("INSERT INTO chat_rooms (user_low, user_high) VALUES (?, ?) ON CONFLICT (user_low, user_high) DO NOTHING",
			low, high).Error
		if err != nil {
			return err
		}
		if err := tx.Raw("SELECT id FROM chat_rooms WHERE user_low = ? AND user_high = ?", low, high).Scan(&roomID).Error; err != nil {
			return err
		}
		err = tx.Exec(`INSERT INTO chat_members (room_id, user_id, other_id, active) VALUES (?, ?, ?, true)
			ON CONFLICT (room_id, user_id) DO UPDATE SET active = true,
				last_active_at = CASE WHEN chat_members.active THEN chat_members.last_active_at ELSE now() END`,
			roomID, userID, other.ID).Error
		if err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO chat_members (room_id, user_id, other_id, active) VALUES (?, ?, ?, false)
			ON CONFLICT (room_id, user_id) DO NOTHING`, roomID, other.ID, userID).Error
	})
	return roomID, err
}

// LeaveChat removes roomID from userID's list together with userID's copy of
// its messages; the other member keeps theirs. Errors: NotFound.
func LeaveChat(ctx context.Context, db *gorm.DB, userID, roomID int64) error {
	res := db.WithContext(ctx).Exec(`UPDATE chat_members SET `+leaveRoomSet+`
		WHERE room_id = ? AND user_id = ? AND active`, roomID, userID)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return Coded(NotFound, "chat.not_found")
	}
	return nil
}
