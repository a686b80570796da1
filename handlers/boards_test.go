package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// boardFixture is a room with two members, alma and bora, and cato, who is
// not a member.
type boardFixture struct {
	en               *env
	room             int64
	alma, bora, cato *models.User
}

func newBoardFixture(t *testing.T) *boardFixture {
	t.Helper()
	return boardFixtureOn(t, newEnv(t))
}

// boardFixtureOn builds the board fixture in en.
func boardFixtureOn(t *testing.T, en *env) *boardFixture {
	t.Helper()
	f := &boardFixture{en: en, alma: en.user("alma", models.RoleUser), bora: en.user("bora", models.RoleUser),
		cato: en.user("cato", models.RoleUser)}
	room := models.OpenChatRoom{Name: "Seoul Hiking Club", Description: "Weekend hikes around Seoul."}
	if err := en.db.Create(&room).Error; err != nil {
		t.Fatal(err)
	}
	f.room = room.ID
	for _, u := range []*models.User{f.alma, f.bora} {
		if _, _, err := models.JoinOpenChat(context.Background(), en.db, u.ID, f.room); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *boardFixture) post(u *models.User, title, body string) int64 {
	f.en.t.Helper()
	p, err := models.CreatePost(context.Background(), f.en.db, u.ID, f.room, models.PostInput{Title: title, Body: body})
	if err != nil {
		f.en.t.Fatal(err)
	}
	return p.ID
}

func (f *boardFixture) comment(u *models.User, postID int64, body string) int64 {
	f.en.t.Helper()
	c, err := models.CreateComment(context.Background(), f.en.db, u.ID, postID, models.CommentInput{Body: body})
	if err != nil {
		f.en.t.Fatal(err)
	}
	return c.ID
}

func (f *boardFixture) exec(sql string, args ...any) {
	f.en.t.Helper()
	if err := f.en.db.Exec(sql, args...).Error; err != nil {
		f.en.t.Fatalf("%s: %v", sql, err)
	}
}

// rows counts what sql selects.
func (f *boardFixture) rows(sql string, args ...any) int64 {
	f.en.t.Helper()
	var n int64
	if err := f.en.db.Raw(sql, args...).Scan(&n).Error; err != nil {
		f.en.t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func (f *boardFixture) roomPath(suffix string) string {
	return fmt.Sprintf("/openchat/%d%s", f.room, suffix)
}

func postPath(id int64, suffix string) string    { return fmt.Sprintf("/posts/%d%s", id, suffix) }
func commentPath(id int64, suffix string) string { return fmt.Sprintf("/comments/%d%s", id, suffix) }

// wantFlash follows a redirect and checks the flash on the page it leads to.
func wantFlash(t *testing.T, c *client, r *response, want string) *response {
	t.Helper()
	page := c.get(r.header.Get("Location"))
	wantStatus(t, page, http.StatusOK)
	if got := page.doc.Find(`[data-testid="flash"]`).Text(); !strings.Contains(got, want) {
		t.Fatalf("flash %q, want %q", got, want)
	}
	return page
}

func wantFieldError(t *testing.T, r *response, field, want string) {
	t.Helper()
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-` + field + `"]`).Text(); !strings.Contains(got, want) {
		t.Fatalf("error beside %s = %q, want %q\n%s", field, got, want, r.text())
	}
}

func TestOpenChatList(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("dana", models.RoleUser)
	c := en.login("dana")
	r := c.get("/openchat")
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find(`[data-testid="no-rooms"]`).Length() != 1 {
		t.Fatalf("no empty state:\n%s", r.text())
	}

	f := newBoardFixture(t)
	c = f.en.login("cato")
	r = c.get("/openchat")
	room := r.doc.Find(`[data-testid="room"]`)
	if room.Length() != 1 || !strings.Contains(room.Text(), "Seoul Hiking Club") || !strings.Contains(room.Text(), "2 members") ||
		room.Find(`[data-testid="joined"]`).Length() != 0 || room.Find(`button:contains("Join")`).Length() != 1 {
		t.Fatalf("room line: %q", room.Text())
	}
	member := func() int64 {
		return f.rows("SELECT count(*) FROM open_chat_members WHERE room_id = ? AND user_id = ?", f.room, f.cato.ID)
	}

	t.Run("OKJoin", func(t *testing.T) {
		r := c.submit(f.roomPath("/join"), nil)
		wantRedirect(t, r, f.roomPath(""))
		wantFlash(t, c, r, "You joined Seoul Hiking Club.")
		if member() != 1 {
			t.Fatal("no membership row")
		}
		list := c.get("/openchat").doc.Find(`[data-testid="room"]`)
		if !strings.Contains(list.Text(), "3 members") || list.Find(`[data-testid="joined"]`).Length() != 1 || list.Find(`button:contains("Leave")`).Length() != 1 {
			t.Fatalf("after joining: %q", list.Text())
		}
	})
	t.Run("OKJoinTwice", func(t *testing.T) {
		r := c.submit(f.roomPath("/join"), nil)
		wantFlash(t, c, r, "You are already a member of Seoul Hiking Club.")
		if member() != 1 {
			t.Fatal("membership rows changed")
		}
	})
	t.Run("OKLeave", func(t *testing.T) {
		r := c.submit(f.roomPath("/leave"), nil)
		wantRedirect(t, r, "/openchat")
		wantFlash(t, c, r, "You left Seoul Hiking Club.")
		if member() != 0 {
			t.Fatal("membership row still there")
		}
	})
	t.Run("OKLeaveTwice", func(t *testing.T) {
		r := c.submit(f.roomPath("/leave"), nil)
		wantFlash(t, c, r, "You were not a member of Seoul Hiking Club.")
	})
	t.Run("ErrUnknownRoom", func(t *testing.T) {
		wantStatus(t, c.submit("/openchat/999999/join", nil), http.StatusNotFound)
		wantStatus(t, c.submit("/openchat/999999/leave", nil), http.StatusNotFound)
		wantStatus(t, c.submit("/openchat/abc/join", nil), http.StatusNotFound)
		wantStatus(t, c.get("/openchat/999999"), http.StatusNotFound)
		wantStatus(t, c.get("/openchat/abc"), http.StatusNotFound)
		wantStatus(t, c.get("/openchat/-1"), http.StatusNotFound)
	})
}

func TestBoardPage(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	var ids []int64
	for i := range 25 {
		ids = append(ids, f.post(f.alma, fmt.Sprintf("Trail note %02d", i), "Body"))
	}

	t.Run("ErrNonMemberSeesNoPosts", func(t *testing.T) {
		r := f.en.login("cato").get(f.roomPath(""))
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.text(), "Seoul Hiking Club") || !strings.Contains(r.text(), "Weekend hikes around Seoul.") ||
			r.doc.Find(`button:contains("Join")`).Length() == 0 || r.doc.Find(`[data-testid="join-to-read"]`).Length() != 1 {
			t.Fatalf("outsider's room page:\n%s", r.text())
		}
		if strings.Contains(r.body, "Trail note") || r.doc.Find(`[data-testid="post"]`).Length() != 0 {
			t.Fatal("an outsider sees posts")
		}
	})
	t.Run("OKPages", func(t *testing.T) {
		c := f.en.login("bora")
		r := c.get(f.roomPath(""))
		wantStatus(t, r, http.StatusOK)
		first := r.doc.Find(`[data-testid="post"]`)
		if first.Length() != 20 || !strings.Contains(first.First().Text(), "Trail note 24") ||
			!strings.Contains(first.First().Text(), "alma") || !strings.Contains(first.First().Text(), "0 comments") {
			t.Fatalf("first page: %d posts, first %q", first.Length(), first.First().Text())
		}
		older, _ := r.doc.Find(`a:contains("Older posts")`).Attr("href")
		if older != f.roomPath(fmt.Sprintf("?before=%d", ids[5])) {
			t.Fatalf("older link %q", older)
		}
		r = c.get(older)
		second := r.doc.Find(`[data-testid="post"]`)
		if second.Length() != 5 || !strings.Contains(second.Last().Text(), "Trail note 00") || r.doc.Find(`a:contains("Older posts")`).Length() != 0 {
			t.Fatalf("second page: %d posts\n%s", second.Length(), r.text())
		}
		if r.doc.Find(`a:contains("Write a post")`).Length() != 1 {
			t.Error("no link to write a post")
		}
	})
	t.Run("OKEmptyBoard", func(t *testing.T) {
		f.exec("DELETE FROM board_posts")
		r := f.en.login("bora").get(f.roomPath(""))
		if r.doc.Find(`[data-testid="no-posts"]`).Length() != 1 {
			t.Fatalf("no empty state:\n%s", r.text())
		}
	})
}

func TestCreatePost(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	c := f.en.login("alma")
	posts := func() int64 { return f.rows("SELECT count(*) FROM board_posts") }

	t.Run("OK", func(t *testing.T) {
		wantStatus(t, c.get(f.roomPath("/posts/new")), http.StatusOK)
		r := c.submit(f.roomPath("/posts"), url.Values{"title": {"  Bukhansan on Saturday "}, "body": {"Meet at 8.\r\nBring water."}})
		var id int64
		if err := f.en.db.Raw("SELECT id FROM board_posts WHERE title = 'Bukhansan on Saturday' AND body = ? AND author_id = ?",
			"Meet at 8.\nBring water.", f.alma.ID).Scan(&id).Error; err != nil || id == 0 {
			t.Fatalf("no post row: %v", err)
		}
		wantRedirect(t, r, postPath(id, ""))
		page := wantFlash(t, c, r, "Your post is up.")
		if got := page.doc.Find(`[data-testid="post-body"]`).Text(); got != "Meet at 8.\nBring water." {
			t.Fatalf("body shown %q: line breaks lost?", got)
		}
		if page.doc.Find("h1").Text() != "Bukhansan on Saturday" || page.doc.Find(`[data-testid="author"]`).Text() != "alma" {
			t.Fatalf("post page:\n%s", page.text())
		}
	})
	t.Run("ErrTitleEmpty", func(t *testing.T) {
		n := posts()
		r := c.submit(f.roomPath("/posts"), url.Values{"title": {"   "}, "body": {"Kept body"}})
		wantFieldError(t, r, "title", "Write a title.")
		if r.doc.Find(`textarea[name="body"]`).Text() != "Kept body" {
			t.Error("the body was not kept")
		}
		if posts() != n {
			t.Fatal("a post was saved")
		}
	})
	t.Run("ErrBodyTooLong", func(t *testing.T) {
		n := posts()
		r := c.submit(f.roomPath("/posts"), url.Values{"title": {"Kept title"}, "body": {strings.Repeat("x", 10001)}})
		wantFieldError(t, r, "body", "at most 10,000 characters")
		if v, _ := r.doc.Find(`input[name="title"]`).Attr("value"); v != "Kept title" {
			t.Errorf("title kept as %q", v)
		}
		if posts() != n {
			t.Fatal("a post was saved")
		}
	})
	t.Run("ErrBodyEmpty", func(t *testing.T) {
		wantFieldError(t, c.submit(f.roomPath("/posts"), url.Values{"title": {"Hi"}, "body": {""}}), "body", "Write something.")
	})
	t.Run("ErrNonMember", func(t *testing.T) {
		n := posts()
		cato := f.en.login("cato")
		wantStatus(t, cato.get(f.roomPath("/posts/new")), http.StatusNotFound)
		wantStatus(t, cato.submit(f.roomPath("/posts"), url.Values{"title": {"Hi"}, "body": {"Let me in"}}), http.StatusNotFound)
		if posts() != n {
			t.Fatal("an outsider posted")
		}
	})
	t.Run("ErrUnknownRoom", func(t *testing.T) {
		wantStatus(t, c.get("/openchat/999999/posts/new"), http.StatusNotFound)
		wantStatus(t, c.submit("/openchat/999999/posts", url.Values{"title": {"Hi"}, "body": {"Hi"}}), http.StatusNotFound)
		wantStatus(t, c.submit("/openchat/x/posts", url.Values{"title": {"Hi"}, "body": {"Hi"}}), http.StatusNotFound)
	})
}

func TestPostPage(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.alma, "Gear swap", "Spare poles.")
	f.comment(f.bora, post, "I'd love them.\nSunday?")
	mine := f.en.login("alma").get(postPath(post, ""))
	theirs := f.en.login("bora").get(postPath(post, ""))
	wantStatus(t, mine, http.StatusOK)
	wantStatus(t, theirs, http.StatusOK)

	t.Run("OKMenus", func(t *testing.T) {
		postMenu := mine.doc.Find(`[data-testid="post"] details.menu`)
		if postMenu.Find(`a:contains("Edit")`).Length() != 1 || postMenu.Find(`a:contains("Delete")`).Length() != 1 {
			t.Fatalf("author's post menu: %q", postMenu.Text())
		}
		if m := theirs.doc.Find(`[data-testid="post"] details.menu`); m.Find("a").Length() != 2 || m.Find(`a:contains("Report")`).Length() != 1 ||
			m.Find(`a:contains("Request deletion (legal)")`).Length() != 1 {
			t.Errorf("another member's post menu: %q, want Report and the legal request", m.Text())
		}
		if m := mine.doc.Find(`[data-testid="comment"] details.menu`); m.Find("a").Length() != 2 || m.Find(`a:contains("Report")`).Length() != 1 ||
			m.Find(`a:contains("Request deletion (legal)")`).Length() != 1 {
			t.Errorf("someone else's comment menu: %q, want Report and the legal request", m.Text())
		}
		if postMenu.Find(`a:contains("Report")`).Length() != 0 {
			t.Error("Report on one's own post")
		}
		if theirs.doc.Find(`[data-testid="comment"] details.menu a:contains("Edit")`).Length() != 1 {
			t.Error("no Edit on one's comment")
		}
		if got := theirs.doc.Find(`[data-testid="comment-body"]`).Text(); got != "I'd love them.\nSunday?" {
			t.Errorf("comment body %q", got)
		}
	})
	t.Run("ErrNonMember", func(t *testing.T) {
		r := f.en.login("cato").get(postPath(post, ""))
		wantStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, "Gear swap") || strings.Contains(r.body, "Spare poles") {
			t.Fatal("the 404 shows the post")
		}
	})
	t.Run("ErrUnknown", func(t *testing.T) {
		c := f.en.login("alma")
		wantStatus(t, c.get("/posts/999999"), http.StatusNotFound)
		wantStatus(t, c.get("/posts/abc"), http.StatusNotFound)
		wantStatus(t, c.get("/posts/0"), http.StatusNotFound)
	})
	t.Run("OKCommentPages", func(t *testing.T) {
		var last int64
		for i := range 55 {
			last = f.comment(f.alma, post, fmt.Sprintf("Reply %02d", i))
		}
		c := f.en.login("bora")
		r := c.get(postPath(post, ""))
		if n := r.doc.Find(`[data-testid="comment"]`).Length(); n != 50 {
			t.Fatalf("%d comments on the first page, want 50", n)
		}
		more, ok := r.doc.Find(`a:contains("More comments")`).Attr("href")
		if !ok {
			t.Fatal("no link to more comments")
		}
		r = c.get(more)
		got := r.doc.Find(`[data-testid="comment"]`)
		if got.Length() != 6 || got.Last().AttrOr("id", "") != fmt.Sprintf("comment-%d", last) || !strings.Contains(r.text(), "56 comments") {
			t.Fatalf("second page: %d comments\n%s", got.Length(), r.text())
		}
	})
}

func TestEditDeletePost(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.alma, "Rain plan", "Sunday instead.")
	f.comment(f.bora, post, "Works for me.")
	unchanged := func(t *testing.T) {
		t.Helper()
		if f.rows("SELECT count(*) FROM board_posts WHERE id = ? AND title = 'Rain plan' AND deleted_at IS NULL", post) != 1 {
			t.Fatal("the post changed")
		}
	}

	t.Run("ErrSomeoneElses", func(t *testing.T) {
		for _, who := range []string{"bora", "cato"} {
			c := f.en.login(who)
			wantStatus(t, c.get(postPath(post, "/edit")), http.StatusNotFound)
			wantStatus(t, c.submit(postPath(post, "/edit"), url.Values{"title": {"Mine now"}, "body": {"Mine"}}), http.StatusNotFound)
			wantStatus(t, c.get(postPath(post, "/delete")), http.StatusNotFound)
			wantStatus(t, c.submit(postPath(post, "/delete"), nil), http.StatusNotFound)
		}
		unchanged(t)
	})
	c := f.en.login("alma")
	t.Run("ErrInvalid", func(t *testing.T) {
		r := c.get(postPath(post, "/edit"))
		if v, _ := r.doc.Find(`input[name="title"]`).Attr("value"); v != "Rain plan" || r.doc.Find("textarea").Text() != "Sunday instead." {
			t.Fatalf("edit form not filled:\n%s", r.body)
		}
		r = c.submit(postPath(post, "/edit"), url.Values{"title": {strings.Repeat("t", 201)}, "body": {"New body"}})
		wantFieldError(t, r, "title", "at most 200 characters")
		if r.doc.Find("textarea").Text() != "New body" {
			t.Error("the body was not kept")
		}
		unchanged(t)
	})
	t.Run("OKEdit", func(t *testing.T) {
		r := c.submit(postPath(post, "/edit"), url.Values{"title": {"Rain plan (updated)"}, "body": {"Sunday 9:00."}})
		wantRedirect(t, r, postPath(post, ""))
		page := wantFlash(t, c, r, "Your post is updated.")
		if !strings.Contains(page.text(), "edited") {
			t.Error("no edited mark")
		}
		if f.rows("SELECT count(*) FROM board_posts WHERE id = ? AND title = 'Rain plan (updated)' AND body = 'Sunday 9:00.'", post) != 1 {
			t.Fatal("the post did not change")
		}
	})
	t.Run("OKDelete", func(t *testing.T) {
		confirm := c.get(postPath(post, "/delete"))
		wantStatus(t, confirm, http.StatusOK)
		if confirm.doc.Find(`form[action="`+postPath(post, "/delete")+`"] button:contains("Delete post")`).Length() != 1 {
			t.Fatalf("no confirmation button:\n%s", confirm.text())
		}
		r := c.submit(postPath(post, "/delete"), nil)
		wantRedirect(t, r, f.roomPath(""))
		board := wantFlash(t, c, r, "Your post is deleted.")
		if f.rows("SELECT count(*) FROM board_posts WHERE id = ? AND deleted_at IS NOT NULL", post) != 1 {
			t.Fatal("not deleted in the database")
		}
		other := f.en.login("bora")
		for _, page := range []*response{board, other.get(f.roomPath("")), other.get(postPath(post, ""))} {
			if !strings.Contains(page.text(), "This post was deleted.") || strings.Contains(page.body, "Rain plan") || strings.Contains(page.body, "Sunday 9:00") {
				t.Fatalf("deleted post shown:\n%s", page.text())
			}
		}
		if got := other.get(postPath(post, "")).doc.Find(`[data-testid="comment-body"]`).Text(); got != "Works for me." {
			t.Errorf("comments of a deleted post: %q", got)
		}
		wantStatus(t, c.get(postPath(post, "/edit")), http.StatusNotFound)
		wantStatus(t, c.submit(postPath(post, "/delete"), nil), http.StatusNotFound)
	})
	t.Run("ErrCommentOnDeleted", func(t *testing.T) {
		r := f.en.login("bora").submit(postPath(post, "/comments"), url.Values{"body": {"Hello?"}})
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.text(), "takes no new comments") || f.rows("SELECT count(*) FROM board_comments WHERE body = 'Hello?'") != 0 {
			t.Fatalf("comment on a deleted post:\n%s", r.text())
		}
	})
}

func TestComments(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.alma, "Photos", "From Inwangsan.")
	c := f.en.login("bora")
	comments := func() int64 { return f.rows("SELECT count(*) FROM board_comments") }
	var id int64

	t.Run("OK", func(t *testing.T) {
		r := c.submit(postPath(post, "/comments"), url.Values{"body": {"Beautiful!\nWhich trail?"}})
		if err := f.en.db.Raw("SELECT id FROM board_comments WHERE post_id = ? AND author_id = ? AND body = ?",
			post, f.bora.ID, "Beautiful!\nWhich trail?").Scan(&id).Error; err != nil || id == 0 {
			t.Fatalf("no comment row: %v", err)
		}
		wantRedirect(t, r, postPath(post, fmt.Sprintf("#comment-%d", id)))
		page := wantFlash(t, c, r, "Your comment is posted.")
		if page.doc.Find(fmt.Sprintf("#comment-%d", id)).Length() != 1 || !strings.Contains(page.text(), "1 comment") {
			t.Fatalf("comment not on the page:\n%s", page.text())
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		n := comments()
		wantFieldError(t, c.submit(postPath(post, "/comments"), url.Values{"body": {" \n "}}), "body", "Write something.")
		if comments() != n {
			t.Fatal("a comment was saved")
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		n := comments()
		r := c.submit(postPath(post, "/comments"), url.Values{"body": {strings.Repeat("y", 2001)}})
		wantFieldError(t, r, "body", "at most 2,000 characters")
		if r.doc.Find("textarea").Text() != strings.Repeat("y", 2001) || r.doc.Find("h1").Text() != "Photos" {
			t.Error("the post page with the input was not shown again")
		}
		if comments() != n {
			t.Fatal("a comment was saved")
		}
	})
	t.Run("ErrNonMember", func(t *testing.T) {
		n := comments()
		cato := f.en.login("cato")
		wantStatus(t, cato.submit(postPath(post, "/comments"), url.Values{"body": {"Hi"}}), http.StatusNotFound)
		wantStatus(t, cato.submit("/posts/999999/comments", url.Values{"body": {"Hi"}}), http.StatusNotFound)
		if comments() != n {
			t.Fatal("an outsider commented")
		}
	})
	t.Run("ErrSomeoneElses", func(t *testing.T) {
		for _, who := range []string{"alma", "cato"} {
			o := f.en.login(who)
			wantStatus(t, o.get(commentPath(id, "/edit")), http.StatusNotFound)
			wantStatus(t, o.submit(commentPath(id, "/edit"), url.Values{"body": {"Hijacked"}}), http.StatusNotFound)
			wantStatus(t, o.get(commentPath(id, "/delete")), http.StatusNotFound)
			wantStatus(t, o.submit(commentPath(id, "/delete"), nil), http.StatusNotFound)
		}
		wantStatus(t, c.get("/comments/999999/edit"), http.StatusNotFound)
		wantStatus(t, c.get("/comments/abc/edit"), http.StatusNotFound)
		if f.rows("SELECT count(*) FROM board_comments WHERE id = ? AND body = ? AND deleted_at IS NULL", id, "Beautiful!\nWhich trail?") != 1 {
			t.Fatal("someone else changed the comment")
		}
	})
	t.Run("OKEdit", func(t *testing.T) {
		form := c.get(commentPath(id, "/edit"))
		if form.doc.Find("textarea").Text() != "Beautiful!\nWhich trail?" {
			t.Fatalf("edit form not filled:\n%s", form.body)
		}
		wantFieldError(t, c.submit(commentPath(id, "/edit"), url.Values{"body": {""}}), "body", "Write something.")
		r := c.submit(commentPath(id, "/edit"), url.Values{"body": {"Beautiful! Ansan?"}})
		wantRedirect(t, r, postPath(post, fmt.Sprintf("#comment-%d", id)))
		wantFlash(t, c, r, "Your comment is updated.")
		if f.rows("SELECT count(*) FROM board_comments WHERE id = ? AND body = 'Beautiful! Ansan?'", id) != 1 {
			t.Fatal("the comment did not change")
		}
	})
	t.Run("OKDelete", func(t *testing.T) {
		confirm := c.get(commentPath(id, "/delete"))
		if confirm.doc.Find(`button:contains("Delete comment")`).Length() != 1 || !strings.Contains(confirm.text(), "Beautiful! Ansan?") {
			t.Fatalf("confirmation page:\n%s", confirm.text())
		}
		r := c.submit(commentPath(id, "/delete"), nil)
		wantRedirect(t, r, postPath(post, ""))
		wantFlash(t, c, r, "Your comment is deleted.")
		if f.rows("SELECT count(*) FROM board_comments WHERE id = ? AND deleted_at IS NOT NULL", id) != 1 {
			t.Fatal("not deleted in the database")
		}
		page := f.en.login("alma").get(postPath(post, ""))
		if !strings.Contains(page.text(), "This comment was deleted.") || strings.Contains(page.body, "Ansan") || !strings.Contains(page.text(), "0 comments") {
			t.Fatalf("deleted comment shown:\n%s", page.text())
		}
	})
}

func TestRestrictedUserCannotPost(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.bora, "Open thread", "Say hi.")
	own := f.post(f.alma, "My old post", "Before.")
	f.exec(`INSERT INTO restrictions (user_id, scope, policy_reason, ends_at)
		VALUES (?, 'posting', 'Spam or advertising', now() + interval '7 days')`, f.alma.ID)
	c := f.en.login("alma")
	before := f.rows("SELECT count(*) FROM board_posts") + 1000*f.rows("SELECT count(*) FROM board_comments")
	wantMessage := func(t *testing.T, r *response) {
		t.Helper()
		wantStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.text(), "Your account is restricted from posting until") || !strings.Contains(r.text(), "Spam or advertising") {
			t.Fatalf("no restriction message:\n%s", r.text())
		}
	}

	t.Run("ErrNewPost", func(t *testing.T) {
		board := c.get(f.roomPath(""))
		if board.doc.Find(`[data-testid="restriction"]`).Length() != 1 || board.doc.Find(`a:contains("Write a post")`).Length() != 0 {
			t.Fatalf("board of a restricted user:\n%s", board.text())
		}
		wantMessage(t, c.submit(f.roomPath("/posts"), url.Values{"title": {"Cheap keys"}, "body": {"Buy now"}}))
	})
	t.Run("ErrComment", func(t *testing.T) {
		wantMessage(t, c.submit(postPath(post, "/comments"), url.Values{"body": {"Buy now"}}))
	})
	t.Run("ErrEdit", func(t *testing.T) {
		r := c.submit(postPath(own, "/edit"), url.Values{"title": {"Cheap keys"}, "body": {"Buy now"}})
		wantMessage(t, r)
		if v, _ := r.doc.Find(`input[name="title"]`).Attr("value"); v != "Cheap keys" {
			t.Errorf("input not kept: %q", v)
		}
	})
	if after := f.rows("SELECT count(*) FROM board_posts") + 1000*f.rows("SELECT count(*) FROM board_comments"); after != before ||
		f.rows("SELECT count(*) FROM board_posts WHERE title = 'Cheap keys' OR body = 'Buy now'") != 0 {
		t.Fatal("something was saved")
	}
}

func TestBoardEscapesHTML(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	const evil = "<script>alert(1)</script>"
	c := f.en.login("alma")
	r := c.submit(f.roomPath("/posts"), url.Values{"title": {evil}, "body": {`<img src=x onerror="alert(2)">`}})
	wantStatus(t, r, http.StatusSeeOther)
	wantStatus(t, c.submit(r.header.Get("Location")+"/comments", url.Values{"body": {"<b>bold</b>"}}), http.StatusSeeOther)
	post := c.get(r.header.Get("Location"))
	for _, page := range []*response{c.get(f.roomPath("")), post} {
		if strings.Contains(page.body, "<script>alert") || strings.Contains(page.body, "<img src=x") || strings.Contains(page.body, "<b>bold") {
			t.Fatalf("unescaped HTML in the page:\n%s", page.body)
		}
		if !strings.Contains(page.text(), evil) {
			t.Fatalf("the title is not shown as text:\n%s", page.text())
		}
		if page.doc.Find("script:not([src])").Length() != 0 || page.doc.Find("img[onerror], b").Length() != 0 {
			t.Fatal("user input became elements")
		}
	}
	if !strings.Contains(post.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the title is not escaped as expected")
	}
}
