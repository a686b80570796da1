package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// Open Chat boards: the room list, a room's board, posts and comments.

// boardRefusals are the refusals a board's forms show with their page
// again, beside fields to correct: a restricted account, a deleted post.
var boardRefusals = []models.Code{models.Restricted, models.Conflict}

const (
	postsPageSize    = 20
	commentsPageSize = 50
)

func (a *App) showOpenChats(c echo.Context) error {
	rooms, err := models.OpenChatRooms(c.Request().Context(), a.db, currentUser(c).ID)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.OpenChatsPage(rooms))
}

func (a *App) createOpenChatMember(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	room, joined, err := models.JoinOpenChat(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	if !joined {
		return a.redirect(c, views.OpenChatPath(room.ID), "info", models.NewMsg("flash.board.already_member", room.Name))
	}
	return a.redirect(c, views.OpenChatPath(room.ID), "success", models.NewMsg("flash.board.joined", room.Name))
}

func (a *App) deleteOpenChatMember(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	room, left, err := models.LeaveOpenChat(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	if !left {
		return a.redirect(c, views.OpenChatsPath, "info", models.NewMsg("flash.board.not_member", room.Name))
	}
	return a.redirect(c, views.OpenChatsPath, "success", models.NewMsg("flash.board.left", room.Name))
}

func (a *App) showOpenChat(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	before := cursorParam(c, "before")
	b, err := models.OpenChatBoard(c.Request().Context(), a.db, currentUser(c).ID, id, before, postsPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.BoardPage(b, before))
}

func (a *App) newPost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return a.renderNewPost(c, http.StatusOK, id, components.Form{})
}

func (a *App) renderNewPost(c echo.Context, status int, roomID int64, f components.Form) error {
	b, err := models.RoomToPostIn(c.Request().Context(), a.db, currentUser(c).ID, roomID)
	if err != nil {
		return err
	}
	return a.render(c, status, views.NewPostPage(b, f))
}

func (a *App) createPost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := models.PostInput{Title: c.FormValue("title"), Body: c.FormValue("body")}
	var p *models.BoardPost
	if in.Picture, err = a.pictureUpload(c); err == nil {
		p, err = models.CreatePost(c.Request().Context(), a.db, currentUser(c).ID, id, in)
	}
	if f, ok := failed(err, postValues(in), boardRefusals...); ok {
		return a.renderNewPost(c, f.status, id, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.PostPath(p.ID), "success", models.NewMsg("flash.board.post_created"))
}

func postValues(in models.PostInput) map[string]string {
	return map[string]string{"title": in.Title, "body": in.Body}
}

func (a *App) showPost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return a.renderPost(c, http.StatusOK, id, cursorParam(c, "after"), components.Form{})
}

func (a *App) renderPost(c echo.Context, status int, postID, after int64, f components.Form) error {
	t, err := models.PostThread(c.Request().Context(), a.db, currentUser(c).ID, postID, after, commentsPageSize)
	if err != nil {
		return err
	}
	return a.render(c, status, views.PostPage(t, after, f))
}

func (a *App) showEditPost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return a.renderEditPost(c, http.StatusOK, id, nil)
}

// renderEditPost shows the edit form of the user's post id: with f, the
// values and errors of a submit; without, the post as it is.
func (a *App) renderEditPost(c echo.Context, status int, id int64, f *components.Form) error {
	p, err := models.PostToEdit(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = &components.Form{Values: postValues(models.PostInput{Title: p.Title, Body: p.Body})}
	}
	return a.render(c, status, views.EditPostPage(p, *f))
}

func (a *App) updatePost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := models.PostInput{Title: c.FormValue("title"), Body: c.FormValue("body")}
	p, err := models.UpdatePost(c.Request().Context(), a.db, currentUser(c).ID, id, in)
	if f, ok := failed(err, postValues(in), boardRefusals...); ok {
		return a.renderEditPost(c, f.status, id, &f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.PostPath(p.ID), "success", models.NewMsg("flash.board.post_updated"))
}

func (a *App) showDeletePost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.PostToEdit(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeletePostPage(p))
}

func (a *App) deletePost(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.DeletePost(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.redirect(c, views.OpenChatPath(p.RoomID), "success", models.NewMsg("flash.board.post_deleted"))
}

func (a *App) createComment(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := models.CommentInput{Body: c.FormValue("body")}
	var cm *models.BoardComment
	if in.Picture, err = a.pictureUpload(c); err == nil {
		cm, err = models.CreateComment(c.Request().Context(), a.db, currentUser(c).ID, id, in)
	}
	if f, ok := failed(err, map[string]string{"body": in.Body}, boardRefusals...); ok {
		return a.renderPost(c, f.status, id, 0, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.CommentOnPostPath(cm.PostID, cm.ID), "success", models.NewMsg("flash.board.comment_created"))
}

func (a *App) showEditComment(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return a.renderEditComment(c, http.StatusOK, id, nil)
}

// renderEditComment shows the edit form of the user's comment id: with f,
// the values and errors of a submit; without, the comment as it is.
func (a *App) renderEditComment(c echo.Context, status int, id int64, f *components.Form) error {
	cm, err := models.CommentToEdit(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = &components.Form{Values: map[string]string{"body": cm.Body}}
	}
	return a.render(c, status, views.EditCommentPage(cm, *f))
}

func (a *App) updateComment(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := models.CommentInput{Body: c.FormValue("body")}
	cm, err := models.UpdateComment(c.Request().Context(), a.db, currentUser(c).ID, id, in)
	if f, ok := failed(err, map[string]string{"body": in.Body}, boardRefusals...); ok {
		return a.renderEditComment(c, f.status, id, &f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.CommentOnPostPath(cm.PostID, cm.ID), "success", models.NewMsg("flash.board.comment_updated"))
}

func (a *App) showDeleteComment(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	cm, err := models.CommentToEdit(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeleteCommentPage(cm))
}

func (a *App) deleteComment(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	cm, err := models.DeleteComment(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.redirect(c, views.PostPath(cm.PostID), "success", models.NewMsg("flash.board.comment_deleted"))
}
