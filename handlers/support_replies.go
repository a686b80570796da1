package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// Saved replies: support reads them, admins edit them.

func (a *App) showSavedReplies(c echo.Context) error {
	u := currentUser(c)
	replies, err := models.SavedReplies(c.Request().Context(), a.db, u)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.SavedRepliesPage(replies, u.Role.CanEditSavedReplies()))
}

func (a *App) newSavedReply(c echo.Context) error {
	return a.render(c, http.StatusOK, views.SavedReplyFormPage(0, components.Form{Values: map[string]string{"language": currentUser(c).Language}}))
}

func (a *App) showEditSavedReply(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, err := models.SavedReplyByID(c.Request().Context(), a.db, currentUser(c), id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.SavedReplyFormPage(id, components.Form{Values: map[string]string{"title": r.Title, "body": r.Body, "language": r.Language}}))
}

func (a *App) createSavedReply(c echo.Context) error { return a.saveReply(c, 0) }

func (a *App) updateSavedReply(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return a.saveReply(c, id)
}

func (a *App) saveReply(c echo.Context, id int64) error {
	title, body, language := c.FormValue("title"), c.FormValue("body"), c.FormValue("language")
	_, err := models.SaveReply(c.Request().Context(), a.db, currentUser(c), id, title, body, language)
	if f, ok := failed(err, map[string]string{"title": title, "body": body, "language": language}, models.Conflict); ok {
		return a.render(c, f.status, views.SavedReplyFormPage(id, f.form))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.SavedRepliesPath, "success", models.NewMsg("flash.support.reply_saved"))
}

func (a *App) deleteSavedReply(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := models.DeleteSavedReply(c.Request().Context(), a.db, currentUser(c), id); err != nil {
		return err
	}
	return a.redirect(c, views.SavedRepliesPath, "success", models.NewMsg("flash.support.reply_deleted"))
}
