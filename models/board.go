package models

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
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
	CommentCount int64 // comments not deleted
}

// Edited reports whether the post changed after it was written.
func (p PostSummary) Edited() bool { return !p.Deleted && p.UpdatedAt.After(p.CreatedAt) }

// Post is a post as a member reads it. Title and Body are empty when
// Deleted; Mine says the reader wrote it.
type Post struct {
	PostSummary
	RoomName string
	Body     string
	Mine     bool
}

// Editable reports whether the reader may edit and delete the post.
func (p Post) Editable() bool { return p.Mine && !p.Deleted }

// Comment is a comment as a member reads it. Body is empty when Deleted;
// Mine says the reader wrote it.
type Comment struct {
	ID         int64
	PostID     int64
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Deleted    bool
	Mine       bool
}

// Edited reports whether the comment changed after it was written.
func (c Comment) Edited() bool { return !c.Deleted && c.UpdatedAt.After(c.CreatedAt) }

// Editable reports whether the reader may edit and delete the comment.
func (c Comment) Editable() bool { return c.Mine && !c.Deleted }

// Board is an Open Chat room's board as one user sees it.
type Board struct {
	Room        RoomSummary
	Posts       []PostSummary // newest first; none for a non-member
	Older       int64         // the id to page back from; 0 on the last page
	Restriction string        // why the user may not post now; "" when they may
}

// Thread is a post with one page of its comments, as a member reads it.
type Thread struct {
	Post        Post
	Comments    []Comment // oldest first
	More        int64     // the id to page on from; 0 on the last page
	Restriction string    // why the user may not comment now; "" when they may
}

// PostInput is what a user writes in a post.
type PostInput struct {
	Title string
	Body  string
}

// Validate checks the input and normalizes it: trimmed, one line of title,
// line breaks as "\n".
func (in *PostInput) Validate() error {
	f := FieldErrors{}
	in.Title = strings.Join(strings.Fields(cleanText(in.Title)), " ")
	in.Body = strings.TrimSpace(cleanText(in.Body))
	checkLength(f, "title", in.Title, MaxPostTitleLen, "Write a title.")
	checkLength(f, "body", in.Body, MaxPostBodyLen, "Write something.")
	return f.Err()
}

// CommentInput is what a user writes in a comment.
type CommentInput struct {
	Body string
}

// Validate checks the input and normalizes it: trimmed, line breaks as "\n".
func (in *CommentInput) Validate() error {
	f := FieldErrors{}
	in.Body = strings.TrimSpace(cleanText(in.Body))
	checkLength(f, "body", in.Body, MaxCommentLen, "Write something.")
	return f.Err()
}

// cleanText makes s storable text: valid UTF-8, no NUL, "\n" line breaks.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func checkLength(f FieldErrors, field, s string, limit int, empty string) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		f.Add(field, empty)
	case n > limit:
		f.Add(field, "Use at most "+thousands(limit)+" characters; this has "+thousands(n)+".")
	}
}

// thousands writes n with comma separators: 10000 → "10,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

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

var errNoRoom = Errorf(NotFound, "There is no such Open Chat room.")

// JoinOpenChat makes the user a member of the room; joined is false when they
// were a member already (joining twice changes nothing). Errors: NotFound.
func JoinOpenChat(ctx context.Context, db *gorm.DB, userID, roomID int64) (room *OpenChatRoom, joined bool, err error) {
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		room = &OpenChatRoom{}
		if err := tx.Take(room, roomID).Error; err != nil {
			return notFound(err, errNoRoom.Message)
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
			return notFound(err, errNoRoom.Message)
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
	q := db.Table("board_posts p").Select(postSummaryColumns).
		Joins("JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?", userID).
		Joins("JOIN users u ON u.id = p.author_id").
		Where("p.room_id = ?", roomID).Order("p.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("p.id < ?", before)
	}
	if err := q.Scan(&b.Posts).Error; err != nil {
		return nil, err
	}
	if len(b.Posts) > limit {
		b.Posts = b.Posts[:limit]
		b.Older = b.Posts[limit-1].ID
	}
	b.Restriction, err = postingRestriction(db, userID)
	return b, err
}

// postSummaryColumns never select a deleted post's title.
const postSummaryColumns = `p.id, p.room_id, p.author_id, u.display_name AS author_name,
	CASE WHEN p.deleted_at IS NULL THEN p.title ELSE '' END AS title,
	p.created_at, p.updated_at, p.deleted_at IS NOT NULL AS deleted,
	(SELECT count(*) FROM board_comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL) AS comment_count`

// postingRestriction returns the message of the restriction that keeps the
// user from posting now, or "".
func postingRestriction(db *gorm.DB, userID int64) (string, error) {
	err := ensureAllowed(db, userID, ScopePosting, "posting")
	if e := AsError(err); e != nil && e.Code == Restricted {
		return e.Message, nil
	}
	return "", err
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
		return tx.Create(p).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

var errNoPost = Errorf(NotFound, "There is no such post, or it is in an Open Chat room you have not joined.")

// PostThread returns a post of a room the user is a member of, with up to
// limit of its comments, oldest first, after the comment id after (0: from
// the first). Errors: NotFound when there is no such post or the user is not
// a member of its room.
func PostThread(ctx context.Context, db *gorm.DB, userID, postID, after int64, limit int) (*Thread, error) {
	db = db.WithContext(ctx)
	limit = max(limit, 1)
	t := &Thread{}
	res := db.Table("board_posts p").
		Select(postSummaryColumns+`, r.name AS room_name, p.author_id = ? AS mine,
			CASE WHEN p.deleted_at IS NULL THEN p.body ELSE '' END AS body`, userID).
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
			CASE WHEN c.deleted_at IS NULL THEN c.body ELSE '' END AS body,
			c.created_at, c.updated_at, c.deleted_at IS NOT NULL AS deleted, c.author_id = ? AS mine`, userID).
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
	if len(t.Comments) > limit {
		t.Comments = t.Comments[:limit]
		t.More = t.Comments[limit-1].ID
	}
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
		WHERE p.id = ? AND p.author_id = ? AND p.deleted_at IS NULL
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
		return tx.Model(p).Select("title", "body", "updated_at").Updates(p).Error
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
			return Errorf(Conflict, "This post was deleted, so it takes no new comments.")
		}
		if err := ensureAllowed(tx, userID, ScopePosting, "posting"); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		now := time.Now()
		c = &BoardComment{PostID: postID, AuthorID: userID, Body: in.Body, CreatedAt: now, UpdatedAt: now}
		return tx.Create(c).Error
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

var errNoComment = Errorf(NotFound, "There is no such comment, or it is in an Open Chat room you have not joined.")

// ownComment selects a comment the user wrote, has not deleted, and can
// still see (a member of its post's room), locking it for update.
func ownComment(tx *gorm.DB, userID, commentID int64) (*BoardComment, error) {
	var c BoardComment
	res := tx.Raw(`SELECT c.* FROM board_comments c
		JOIN board_posts p ON p.id = c.post_id
		JOIN open_chat_members m ON m.room_id = p.room_id AND m.user_id = ?
		WHERE c.id = ? AND c.author_id = ? AND c.deleted_at IS NULL
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
		return tx.Model(c).Select("body", "updated_at").Updates(c).Error
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
