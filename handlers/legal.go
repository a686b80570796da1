package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// Legal requests (models/legal.go): the requester's form and list, the
// author's objection to a temporary block, and the moderator's actions on
// the case page's legal panel.

// showLegalForm is the request form about a board post or comment; for a
// 1:1 chat message, the page that says the law covers public content.
func (a *App) showLegalForm(c echo.Context) error {
	typ, id, err := reportSubject(c)
	if err != nil {
		return err
	}
	ctx, uid := c.Request().Context(), currentUser(c).ID
	if typ == models.SubjectMessage {
		return a.renderLegalPrivateChat(c, http.StatusOK, id)
	}
	t, err := models.LegalTargetFor(ctx, a.db, uid, typ, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.LegalRequestPage(t, components.Form{Values: map[string]string{}}))
}

func (a *App) renderLegalPrivateChat(c echo.Context, status int, messageID int64) error {
	room, err := models.LegalChatRoom(c.Request().Context(), a.db, currentUser(c).ID, messageID)
	if err != nil {
		return err
	}
	return a.render(c, status, views.LegalPrivateChatPage(room))
}

func (a *App) createLegalRequest(c echo.Context) error {
	typ, id, err := reportSubject(c)
	if err != nil {
		return err
	}
	in := models.LegalInput{Type: typ, ID: id, ContentKind: c.FormValue("content_kind"), Explanation: c.FormValue("explanation")}
	_, t, err := models.FileLegalRequest(c.Request().Context(), a.db, currentUser(c).ID, in)
	if errors.Is(err, models.ErrLegalPrivateChat) {
		return a.renderLegalPrivateChat(c, http.StatusUnprocessableEntity, id)
	}
	if f, ok := failed(err, map[string]string{"content_kind": in.ContentKind, "explanation": in.Explanation}, models.Conflict); ok && t != nil {
		return a.render(c, f.status, views.LegalRequestPage(t, f.form))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.LegalRequestsPath, "success", models.NewMsg("flash.legal.filed"))
}

const legalPageSize = 30

func (a *App) showLegalRequests(c echo.Context) error {
	list, next, err := models.MyLegalRequests(c.Request().Context(), a.db, currentUser(c).ID, cursorParam(c, "before"), legalPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.LegalRequestsPage(list, views.OlderLegalRequestsPath(next)))
}

// showObjection is the author's objection form to the block in force on
// their post or comment.
func (a *App) showObjection(c echo.Context) error {
	return a.renderObjection(c, http.StatusOK, components.Form{Values: map[string]string{}})
}

func (a *App) renderObjection(c echo.Context, status int, f components.Form) error {
	typ, id, err := reportSubject(c)
	if err != nil {
		return err
	}
	r, err := models.BlockOf(c.Request().Context(), a.db, currentUser(c).ID, typ, id)
	if err != nil {
		return err
	}
	return a.render(c, status, views.LegalObjectionPage(r, f))
}

func (a *App) createObjection(c echo.Context) error {
	typ, id, err := reportSubject(c)
	if err != nil {
		return err
	}
	text := c.FormValue("objection")
	err = models.ObjectToBlock(c.Request().Context(), a.db, currentUser(c).ID, typ, id, text)
	if f, ok := failed(err, map[string]string{"objection": text}); ok {
		return a.renderObjection(c, f.status, f.form)
	}
	if models.ErrorCode(err) == models.Conflict {
		return a.redirect(c, views.NoticesPath, "error", models.AsError(err).Msg)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.LegalObjectionPath(typ, id), "success", models.NewMsg("flash.legal.objected"))
}

// legalAction runs a moderator's action on request :id and goes back to
// the case page with its flash; a refusal comes back as the flash.
func (a *App) legalAction(c echo.Context, act func(*models.User, int64) error, done string) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	caseID, err := models.LegalRequestCase(c.Request().Context(), a.db, currentUser(c), id)
	if err != nil {
		return err
	}
	err = act(currentUser(c), id)
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.ModCasePath(caseID), "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.ModCasePath(caseID), "success", models.NewMsg(done))
}

func (a *App) hideForLegalRequest(c echo.Context) error {
	return a.legalAction(c, func(u *models.User, id int64) error {
		return models.HideForLegalRequest(c.Request().Context(), a.db, u, id)
	}, "flash.legal.hidden")
}

func (a *App) extendLegalDeadline(c echo.Context) error {
	return a.legalAction(c, func(u *models.User, id int64) error {
		return models.ExtendLegalDeadline(c.Request().Context(), a.db, u, id, c.FormValue("reason"))
	}, "flash.legal.extended")
}

func (a *App) blockForLegalRequest(c echo.Context) error {
	return a.legalAction(c, func(u *models.User, id int64) error {
		return models.BlockTemporarily(c.Request().Context(), a.db, u, id, c.FormValue("days"))
	}, "flash.legal.blocked")
}
