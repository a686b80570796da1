package models

import "time"

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
}
