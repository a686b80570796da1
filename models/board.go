package models

import "time"

// OpenChatRoom is a public room with a board of posts.
type OpenChatRoom struct {
	ID          int64
	Name        string
	Description string
	CreatedBy   *int64
	CreatedAt   time.Time
}

// OpenChatMember is a user who joined an Open Chat room.
type OpenChatMember struct {
	RoomID   int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID   int64 `gorm:"primaryKey;autoIncrement:false"`
	JoinedAt time.Time
}

// BoardPost is a post on an Open Chat room's board.
type BoardPost struct {
	ID        int64
	RoomID    int64
	AuthorID  int64
	Title     string
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt *time.Time
}

// BoardComment is a comment on a board post.
type BoardComment struct {
	ID        int64
	PostID    int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt *time.Time
}
