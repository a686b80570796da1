package models

import (
	"time"
)

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
	PictureID *int64
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
	PictureID *int64
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt *time.Time
}

// The lengths a board accepts, in characters.
const (
	MaxPostTitleLen = 200
	MaxPostBodyLen  = 10000
	MaxCommentLen   = 2000
)

// RoomSummary is an Open Chat room as one user sees it in the list.
type RoomSummary struct {
	OpenChatRoom
	MemberCount int64
	Joined      bool // the user is a member
}

// PostSummary is a post in a board's list. Title is empty when Deleted.
type PostSummary struct {
	ID           int64
	RoomID       int64
	AuthorID     int64
	AuthorName   string
	Title        string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Deleted      bool
	Removed      bool       // removed by moderation: Title is empty
	Hidden       bool       // hidden pending review: Title is empty but for its author
	BlockedUntil *time.Time // a temporary block (임시조치) in force until then: Hidden says so too
	Mine         bool       // the reader wrote it
	CommentCount int64      // comments not deleted
	PictureID    *int64     // its picture, if any (nil once gone, or hidden from the reader)
}

// Edited reports whether the post changed after it was written.
func (p PostSummary) Edited() bool { return !p.Gone() && p.UpdatedAt.After(p.CreatedAt) }

// Gone reports whether the post's text is gone for the reader: deleted,
// removed by moderation, or hidden pending review from all but its author.
func (p PostSummary) Gone() bool { return p.Deleted || p.Removed || p.HiddenFromMe() }

// HiddenFromMe reports whether the post is hidden pending review and the
// reader is not its author: they see "Hidden while it is reviewed".
func (p PostSummary) HiddenFromMe() bool { return p.Hidden && !p.Mine && !p.Deleted && !p.Removed }

// HiddenForOthers reports whether the reader is the author of a post
// hidden pending review: they still read it, under a banner.
func (p PostSummary) HiddenForOthers() bool { return p.Hidden && p.Mine && !p.Deleted && !p.Removed }

// Post is a post as a member reads it. Title and Body are empty when
// Deleted; Mine says the reader wrote it.
type Post struct {
	PostSummary
	RoomName string
	Body     string
	Reported bool // the reader reported it already
}

// Editable reports whether the reader may edit and delete the post.
func (p Post) Editable() bool { return p.Mine && !p.Gone() }

// CanReport reports whether the reader may report the post: anyone's but
// their own, while it is not deleted.
func (p Post) CanReport() bool { return !p.Mine && !p.Gone() }

// Comment is a comment as a member reads it. Body is empty when Deleted;
// Mine says the reader wrote it.
type Comment struct {
	ID           int64
	PostID       int64
	AuthorID     int64
	AuthorName   string
	Body         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Deleted      bool
	Removed      bool       // removed by moderation: Body is empty
	Hidden       bool       // hidden pending review: Body is empty but for its author
	BlockedUntil *time.Time // a temporary block (임시조치) in force until then: Hidden says so too
	PictureID    *int64     // its picture, if any (nil once gone, or hidden from the reader)
	Mine         bool
	Reported     bool // the reader reported it already
}

// Edited reports whether the comment changed after it was written.
func (c Comment) Edited() bool { return !c.Gone() && c.UpdatedAt.After(c.CreatedAt) }

// Gone reports whether the comment's text is gone for the reader: deleted,
// removed by moderation, or hidden pending review from all but its author.
func (c Comment) Gone() bool { return c.Deleted || c.Removed || c.HiddenFromMe() }

// HiddenFromMe reports whether the comment is hidden pending review and the
// reader is not its author.
func (c Comment) HiddenFromMe() bool { return c.Hidden && !c.Mine && !c.Deleted && !c.Removed }

// HiddenForOthers reports whether the reader is the author of a comment
// hidden pending review: they still read it, under a banner.
func (c Comment) HiddenForOthers() bool { return c.Hidden && c.Mine && !c.Deleted && !c.Removed }

// Editable reports whether the reader may edit and delete the comment.
func (c Comment) Editable() bool { return c.Mine && !c.Gone() }

// CanReport reports whether the reader may report the comment: anyone's
// but their own, while it is not deleted.
func (c Comment) CanReport() bool { return !c.Mine && !c.Gone() }

// Board is an Open Chat room's board as one user sees it.
type Board struct {
	Room        RoomSummary
	Posts       []PostSummary // newest first; none for a non-member
	Older       int64         // the id to page back from; 0 on the last page
	Restriction *Error        // why the user may not post now (Restricted); nil when they may
}

// Thread is a post with one page of its comments, as a member reads it.
type Thread struct {
	Post        Post
	Comments    []Comment // oldest first
	More        int64     // the id to page on from; 0 on the last page
	Restriction *Error    // why the user may not comment now (Restricted); nil when they may
}
