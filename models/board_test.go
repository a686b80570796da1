package models_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/testdb"
)

// boardWorld is a room with two members (ana, ben) and an outsider (cy).
type boardWorld struct {
	t            *testing.T
	ctx          context.Context
	db           *gorm.DB
	room         int64
	ana, ben, cy int64
}

func newBoardWorld(t *testing.T) *boardWorld {
	t.Helper()
	w := &boardWorld{db: testdb.New(t), ctx: context.Background(), t: t}
	w.ana, w.ben, w.cy = w.user("anna"), w.user("benji"), w.user("cyrus")
	w.room = w.newRoom("Hiking")
	w.join(w.ana, w.room)
	w.join(w.ben, w.room)
	return w
}

func (w *boardWorld) user(name string) int64 {
	w.t.Helper()
	pw := "password for " + name
	u, err := models.CreateUser(w.ctx, w.db, models.SignUp{Name: name, Password: pw, Confirm: pw})
	if err != nil {
		w.t.Fatal(err)
	}
	return u.ID
}

func (w *boardWorld) newRoom(name string) int64 {
	w.t.Helper()
	r := models.OpenChatRoom{Name: name, Description: "About " + name}
	if err := w.db.Create(&r).Error; err != nil {
		w.t.Fatal(err)
	}
	return r.ID
}

func (w *boardWorld) join(userID, roomID int64) {
	w.t.Helper()
	if _, _, err := models.JoinOpenChat(w.ctx, w.db, userID, roomID); err != nil {
		w.t.Fatal(err)
	}
}

func (w *boardWorld) post(userID int64, title string) int64 {
	w.t.Helper()
	p, err := models.CreatePost(w.ctx, w.db, userID, w.room, models.PostInput{Title: title, Body: "Body of " + title})
	if err != nil {
		w.t.Fatal(err)
	}
	return p.ID
}

func (w *boardWorld) comment(userID, postID int64, body string) int64 {
	w.t.Helper()
	c, err := models.CreateComment(w.ctx, w.db, userID, postID, models.CommentInput{Body: body})
	if err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}

func TestJoinLeaveOpenChat(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	members := func() int64 {
		return count(t, w.db, "SELECT count(*) FROM open_chat_members WHERE room_id = ? AND user_id = ?", w.room, w.cy)
	}
	t.Run("OK", func(t *testing.T) {
		room, joined, err := models.JoinOpenChat(w.ctx, w.db, w.cy, w.room)
		if err != nil || !joined || room.Name != "Hiking" || members() != 1 {
			t.Fatalf("JoinOpenChat = %+v, %v, %v; members %d", room, joined, err, members())
		}
	})
	t.Run("OKJoinTwice", func(t *testing.T) {
		_, joined, err := models.JoinOpenChat(w.ctx, w.db, w.cy, w.room)
		if err != nil || joined || members() != 1 {
			t.Fatalf("second JoinOpenChat = %v, %v; members %d", joined, err, members())
		}
	})
	t.Run("OKLeaveKeepsPosts", func(t *testing.T) {
		w.post(w.cy, "Before I go")
		_, left, err := models.LeaveOpenChat(w.ctx, w.db, w.cy, w.room)
		if err != nil || !left || members() != 0 {
			t.Fatalf("LeaveOpenChat = %v, %v; members %d", left, err, members())
		}
		if n := count(t, w.db, "SELECT count(*) FROM board_posts WHERE author_id = ? AND deleted_at IS NULL", w.cy); n != 1 {
			t.Errorf("%d posts of cy after leaving, want 1", n)
		}
	})
	t.Run("OKLeaveTwice", func(t *testing.T) {
		_, left, err := models.LeaveOpenChat(w.ctx, w.db, w.cy, w.room)
		if err != nil || left {
			t.Fatalf("second LeaveOpenChat = %v, %v", left, err)
		}
	})
	t.Run("ErrNoRoom", func(t *testing.T) {
		_, _, err := models.JoinOpenChat(w.ctx, w.db, w.cy, 999999)
		wantCode(t, err, models.NotFound)
		_, _, err = models.LeaveOpenChat(w.ctx, w.db, w.cy, 999999)
		wantCode(t, err, models.NotFound)
	})
}

func TestOpenChatRooms(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	other := w.newRoom("Art")
	w.join(w.cy, other)
	rooms, err := models.OpenChatRooms(w.ctx, w.db, w.ana)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(len(rooms))
	for _, r := range rooms {
		got += fmt.Sprintf(" %s:%d:%v", r.Name, r.MemberCount, r.Joined)
	}
	if want := "2 Art:1:false Hiking:2:true"; got != want {
		t.Fatalf("rooms = %s, want %s", got, want)
	}
}

func TestOpenChatBoardPages(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	const total, limit = 45, 20
	made := map[int64]bool{}
	for i := range total {
		made[w.post([]int64{w.ana, w.ben}[i%2], fmt.Sprintf("Post %d", i))] = true
	}
	t.Run("OK", func(t *testing.T) {
		seen := map[int64]bool{}
		var before, last int64
		var sizes []int
		for page := 0; page < 5; page++ {
			b, err := models.OpenChatBoard(w.ctx, w.db, w.ana, w.room, before, limit)
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(b.Posts))
			for _, p := range b.Posts {
				if seen[p.ID] {
					t.Fatalf("post %d on two pages", p.ID)
				}
				if last != 0 && p.ID >= last {
					t.Fatalf("post %d after %d: not newest first", p.ID, last)
				}
				if p.Title == "" || p.AuthorName == "" {
					t.Fatalf("post without title or author: %+v", p)
				}
				seen[p.ID], last = true, p.ID
			}
			if b.Older == 0 {
				break
			}
			before = b.Older
		}
		if fmt.Sprint(sizes) != "[20 20 5]" || len(seen) != total {
			t.Fatalf("page sizes %v, %d posts seen, want [20 20 5] and %d", sizes, len(seen), total)
		}
		for id := range made {
			if !seen[id] {
				t.Errorf("post %d never shown", id)
			}
		}
	})
	t.Run("OKExactPage", func(t *testing.T) {
		b, err := models.OpenChatBoard(w.ctx, w.db, w.ana, w.room, 0, total)
		if err != nil || len(b.Posts) != total || b.Older != 0 {
			t.Fatalf("one page of all: %d posts, older %d, %v", len(b.Posts), b.Older, err)
		}
	})
	t.Run("ErrNotMemberSeesNoPosts", func(t *testing.T) {
		b, err := models.OpenChatBoard(w.ctx, w.db, w.cy, w.room, 0, limit)
		if err != nil || b.Room.Joined || len(b.Posts) != 0 || b.Room.Name != "Hiking" || b.Room.MemberCount != 2 {
			t.Fatalf("outsider's board = %+v, %v", b, err)
		}
	})
	t.Run("ErrNoRoom", func(t *testing.T) {
		_, err := models.OpenChatBoard(w.ctx, w.db, w.ana, 999999, 0, limit)
		wantCode(t, err, models.NotFound)
	})
}

func TestPostThread(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	post := w.post(w.ana, "Trail report")
	var comments []int64
	for i := range 7 {
		comments = append(comments, w.comment([]int64{w.ben, w.ana}[i%2], post, fmt.Sprintf("Comment %d", i)))
	}
	t.Run("OK", func(t *testing.T) {
		var got []int64
		var after int64
		for {
			th, err := models.PostThread(w.ctx, w.db, w.ben, post, after, 3)
			if err != nil {
				t.Fatal(err)
			}
			if th.Post.Title != "Trail report" || th.Post.Body != "Body of Trail report" || th.Post.Mine || th.Post.RoomName != "Hiking" || th.Post.CommentCount != 7 {
				t.Fatalf("post = %+v", th.Post)
			}
			for _, c := range th.Comments {
				got = append(got, c.ID)
				if c.Mine != (c.AuthorID == w.ben) {
					t.Errorf("comment %d: Mine = %v", c.ID, c.Mine)
				}
			}
			if th.More == 0 {
				break
			}
			after = th.More
		}
		if fmt.Sprint(got) != fmt.Sprint(comments) {
			t.Fatalf("comments %v, want %v (oldest first, each once)", got, comments)
		}
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		_, err := models.PostThread(w.ctx, w.db, w.cy, post, 0, 10)
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrUnknownPost", func(t *testing.T) {
		_, err := models.PostThread(w.ctx, w.db, w.ana, 999999, 0, 10)
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrLeftRoom", func(t *testing.T) {
		if _, _, err := models.LeaveOpenChat(w.ctx, w.db, w.ana, w.room); err != nil {
			t.Fatal(err)
		}
		_, err := models.PostThread(w.ctx, w.db, w.ana, post, 0, 10)
		wantCode(t, err, models.NotFound)
		_, err = models.PostToEdit(w.ctx, w.db, w.ana, post)
		wantCode(t, err, models.NotFound)
	})
}

func TestPostAuthorOnly(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	post := w.post(w.ana, "Mine")
	comment := w.comment(w.ana, post, "My comment")
	in := models.PostInput{Title: "Changed", Body: "Changed body"}
	tests := []struct {
		name string
		user int64
		call func(user int64) error
	}{
		{"ErrPostToEdit", w.ben, func(u int64) error { _, err := models.PostToEdit(w.ctx, w.db, u, post); return err }},
		{"ErrUpdatePost", w.ben, func(u int64) error { _, err := models.UpdatePost(w.ctx, w.db, u, post, in); return err }},
		{"ErrDeletePost", w.ben, func(u int64) error { _, err := models.DeletePost(w.ctx, w.db, u, post); return err }},
		{"ErrCommentToEdit", w.ben, func(u int64) error { _, err := models.CommentToEdit(w.ctx, w.db, u, comment); return err }},
		{"ErrUpdateComment", w.ben, func(u int64) error {
			_, err := models.UpdateComment(w.ctx, w.db, u, comment, models.CommentInput{Body: "x"})
			return err
		}},
		{"ErrDeleteComment", w.ben, func(u int64) error { _, err := models.DeleteComment(w.ctx, w.db, u, comment); return err }},
		{"ErrOutsiderUpdatePost", w.cy, func(u int64) error { _, err := models.UpdatePost(w.ctx, w.db, u, post, in); return err }},
		{"ErrUnknownPost", w.ana, func(u int64) error { _, err := models.UpdatePost(w.ctx, w.db, u, 999999, in); return err }},
		{"ErrUnknownComment", w.ana, func(u int64) error { _, err := models.DeleteComment(w.ctx, w.db, u, 999999); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, tt.call(tt.user), models.NotFound)
		})
	}
	if n := count(t, w.db, "SELECT count(*) FROM board_posts WHERE title = 'Mine' AND deleted_at IS NULL"); n != 1 {
		t.Fatal("someone else changed the post")
	}
	if n := count(t, w.db, "SELECT count(*) FROM board_comments WHERE body = 'My comment' AND deleted_at IS NULL"); n != 1 {
		t.Fatal("someone else changed the comment")
	}

	t.Run("OK", func(t *testing.T) {
		p, err := models.UpdatePost(w.ctx, w.db, w.ana, post, models.PostInput{Title: "  Changed \n title ", Body: "Line one\r\nLine two  "})
		if err != nil || p.Title != "Changed title" || p.Body != "Line one\nLine two" {
			t.Fatalf("UpdatePost = %+v, %v", p, err)
		}
		c, err := models.UpdateComment(w.ctx, w.db, w.ana, comment, models.CommentInput{Body: " Better comment "})
		if err != nil || c.Body != "Better comment" {
			t.Fatalf("UpdateComment = %+v, %v", c, err)
		}
		th, err := models.PostThread(w.ctx, w.db, w.ana, post, 0, 10)
		if err != nil || th.Post.Title != "Changed title" || !th.Post.Edited() || !th.Post.Editable() ||
			th.Comments[0].Body != "Better comment" || !th.Comments[0].Edited() || !th.Comments[0].Editable() {
			t.Fatalf("after the edits: %+v, %v", th, err)
		}
	})
}

func TestDeletedContentHidden(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	post := w.post(w.ana, "Secret title")
	kept := w.comment(w.ben, post, "Still here")
	gone := w.comment(w.ana, post, "Secret comment")
	if _, err := models.DeleteComment(w.ctx, w.db, w.ana, gone); err != nil {
		t.Fatal(err)
	}
	if _, err := models.DeletePost(w.ctx, w.db, w.ana, post); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		th, err := models.PostThread(w.ctx, w.db, w.ben, post, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !th.Post.Deleted || th.Post.Title != "" || th.Post.Body != "" || th.Post.Editable() || th.Post.CommentCount != 1 {
			t.Fatalf("deleted post = %+v", th.Post)
		}
		if len(th.Comments) != 2 || th.Comments[0].ID != kept || th.Comments[0].Body != "Still here" ||
			!th.Comments[1].Deleted || th.Comments[1].Body != "" {
			t.Fatalf("comments = %+v", th.Comments)
		}
		b, err := models.OpenChatBoard(w.ctx, w.db, w.ben, w.room, 0, 20)
		if err != nil || len(b.Posts) != 1 || !b.Posts[0].Deleted || b.Posts[0].Title != "" {
			t.Fatalf("board = %+v, %v", b, err)
		}
	})
	t.Run("ErrEditDeleted", func(t *testing.T) {
		_, err := models.UpdatePost(w.ctx, w.db, w.ana, post, models.PostInput{Title: "Back", Body: "Back"})
		wantCode(t, err, models.NotFound)
		_, err = models.DeletePost(w.ctx, w.db, w.ana, post)
		wantCode(t, err, models.NotFound)
		_, err = models.UpdateComment(w.ctx, w.db, w.ana, gone, models.CommentInput{Body: "Back"})
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrCommentOnDeleted", func(t *testing.T) {
		_, err := models.CreateComment(w.ctx, w.db, w.ben, post, models.CommentInput{Body: "Hello?"})
		wantCode(t, err, models.Conflict)
	})
}

func TestPostInputValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     models.PostInput
		fields string // the fields with errors, "" when valid
		want   string // a part of the error
	}{
		{"OK", models.PostInput{Title: " Hi ", Body: " text "}, "", ""},
		{"OKLongest", models.PostInput{Title: strings.Repeat("가", 200), Body: strings.Repeat("b", 10000)}, "", ""},
		{"ErrTitleEmpty", models.PostInput{Title: " \n ", Body: "text"}, "title", "Write a title."},
		{"ErrBodyEmpty", models.PostInput{Title: "Hi", Body: " \r\n\t "}, "body", "Write something."},
		{"ErrBothEmpty", models.PostInput{}, "body title", "Write"},
		{"ErrTitleLong", models.PostInput{Title: strings.Repeat("가", 201), Body: "text"}, "title", "at most 200 characters; this has 201"},
		{"ErrBodyLong", models.PostInput{Title: "Hi", Body: strings.Repeat("b", 10001)}, "body", "at most 10,000 characters; this has 10,001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			if tt.fields == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				if strings.TrimSpace(tt.in.Title) != tt.in.Title || strings.TrimSpace(tt.in.Body) != tt.in.Body {
					t.Errorf("not trimmed: %q, %q", tt.in.Title, tt.in.Body)
				}
				return
			}
			e := models.AsError(err)
			if e == nil || e.Code != models.Invalid {
				t.Fatalf("Validate() = %v, want Invalid", err)
			}
			var fields []string
			for _, f := range []string{"body", "title"} {
				if e.Fields.Has(f) {
					fields = append(fields, f)
				}
			}
			if strings.Join(fields, " ") != tt.fields || !strings.Contains(fmt.Sprint(fieldWords(e)), tt.want) {
				t.Fatalf("fields %v, want errors on %q saying %q", e.Fields, tt.fields, tt.want)
			}
		})
	}
}

func TestCommentInputValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string // the body's error, "" when valid
	}{
		{"OK", " nice \r\n ", ""},
		{"OKLongest", strings.Repeat("😊", 2000), ""},
		{"ErrEmpty", "  ", "Write something."},
		{"ErrLong", strings.Repeat("😊", 2001), "Use at most 2,000 characters; this has 2,001."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := models.CommentInput{Body: tt.body}
			err := in.Validate()
			if got := models.AsError(err); tt.want == "" && err != nil || tt.want != "" && (got == nil || fieldWords(got)["body"] != tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCreatePost(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	posts := func() int64 { return count(t, w.db, "SELECT count(*) FROM board_posts") }
	t.Run("OK", func(t *testing.T) {
		p, err := models.CreatePost(w.ctx, w.db, w.ana, w.room, models.PostInput{Title: "Hello", Body: "First\npost"})
		if err != nil || p.ID == 0 || p.AuthorID != w.ana || p.Body != "First\npost" || posts() != 1 {
			t.Fatalf("CreatePost = %+v, %v", p, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := models.CreatePost(w.ctx, w.db, w.ana, w.room, models.PostInput{Title: "", Body: strings.Repeat("x", 10001)})
		e := models.AsError(err)
		if e == nil || e.Code != models.Invalid || !e.Fields.Has("title") || !e.Fields.Has("body") || posts() != 1 {
			t.Fatalf("err = %v, want Invalid on title and body", err)
		}
	})
	t.Run("ErrNotMember", func(t *testing.T) {
		_, err := models.CreatePost(w.ctx, w.db, w.cy, w.room, models.PostInput{Title: "Hi", Body: "Let me in"})
		wantCode(t, err, models.NotFound)
		_, err = models.RoomToPostIn(w.ctx, w.db, w.cy, w.room)
		wantCode(t, err, models.NotFound)
		if posts() != 1 {
			t.Fatal("an outsider posted")
		}
	})
	t.Run("ErrNoRoom", func(t *testing.T) {
		_, err := models.CreatePost(w.ctx, w.db, w.ana, 999999, models.PostInput{Title: "Hi", Body: "Anyone?"})
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrNotMemberComment", func(t *testing.T) {
		post := w.post(w.ana, "Members only")
		_, err := models.CreateComment(w.ctx, w.db, w.cy, post, models.CommentInput{Body: "Hi"})
		wantCode(t, err, models.NotFound)
	})
}

func TestRestrictedFromPosting(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	post := w.post(w.ana, "Before the restriction")
	comment := w.comment(w.ana, post, "Before the restriction")
	before := func() [2]int64 {
		return [2]int64{count(t, w.db, "SELECT count(*) FROM board_posts"), count(t, w.db, "SELECT count(*) FROM board_comments")}
	}
	restrict := func(scope string) {
		mustExec(t, w.db, "DELETE FROM restrictions")
		mustExec(t, w.db, `INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at)
			VALUES (?, ?, 'Spam', now() - interval '1 hour', now() + interval '3 days')`, w.ana, scope)
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"CreatePost", func() error {
			_, err := models.CreatePost(w.ctx, w.db, w.ana, w.room, models.PostInput{Title: "Hi", Body: "Buy now"})
			return err
		}},
		{"CreateComment", func() error {
			_, err := models.CreateComment(w.ctx, w.db, w.ana, post, models.CommentInput{Body: "Buy now"})
			return err
		}},
		{"UpdatePost", func() error {
			_, err := models.UpdatePost(w.ctx, w.db, w.ana, post, models.PostInput{Title: "Hi", Body: "Buy now"})
			return err
		}},
		{"UpdateComment", func() error {
			_, err := models.UpdateComment(w.ctx, w.db, w.ana, comment, models.CommentInput{Body: "Buy now"})
			return err
		}},
	}
	for _, scope := range []string{"posting", "service"} {
		restrict(scope)
		for _, c := range calls {
			t.Run("ErrRestricted/"+scope+"/"+c.name, func(t *testing.T) {
				counts := before()
				err := c.call()
				wantCode(t, err, models.Restricted)
				if msg := models.AsError(err).Message; !strings.Contains(msg, "restricted from posting until") || !strings.Contains(msg, "Spam") {
					t.Errorf("message %q", msg)
				}
				if before() != counts || count(t, w.db, "SELECT count(*) FROM board_posts WHERE body = 'Buy now'") != 0 ||
					count(t, w.db, "SELECT count(*) FROM board_comments WHERE body = 'Buy now'") != 0 {
					t.Error("something was saved")
				}
			})
		}
	}
	t.Run("ErrRestrictedShownOnBoard", func(t *testing.T) {
		b, err := models.OpenChatBoard(w.ctx, w.db, w.ana, w.room, 0, 20)
		if err != nil || b.Restriction == nil || !strings.Contains(b.Restriction.Message, "restricted from posting") {
			t.Fatalf("board restriction %v, %v", b.Restriction, err)
		}
		th, err := models.PostThread(w.ctx, w.db, w.ana, post, 0, 20)
		if err != nil || th.Restriction == nil || th.Restriction.Message != b.Restriction.Message {
			t.Fatalf("thread restriction %v, %v", th.Restriction, err)
		}
	})
	t.Run("OKDeleteWhileRestricted", func(t *testing.T) {
		if _, err := models.DeleteComment(w.ctx, w.db, w.ana, comment); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OKOtherScope", func(t *testing.T) {
		restrict("messaging")
		if err := calls[0].call(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OKLifted", func(t *testing.T) {
		restrict("posting")
		mustExec(t, w.db, "UPDATE restrictions SET lifted_at = now()")
		if err := calls[1].call(); err != nil {
			t.Fatal(err)
		}
		b, err := models.OpenChatBoard(w.ctx, w.db, w.ana, w.room, 0, 20)
		if err != nil || b.Restriction != nil {
			t.Fatalf("board restriction %v, %v", b.Restriction, err)
		}
	})
}
