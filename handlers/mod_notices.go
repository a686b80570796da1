package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

const noticesPageSize = 30

func (a *App) showNotices(c echo.Context) error {
	ctx, u := c.Request().Context(), currentUser(c)
	list, next, err := models.Notices(ctx, a.db, u.ID, cursorParam(c, "before"), noticesPageSize)
	if err != nil {
		return err
	}
	if len(list) > 0 { // the page still marks what was new when it opened
		if err := models.MarkNoticesShown(ctx, a.db, u.ID, list[len(list)-1].ID, list[0].ID); err != nil {
			return err
		}
	}
	return a.render(c, http.StatusOK, views.NoticesPage(list, next))
}

func (a *App) markNoticesRead(c echo.Context) error {
	through := parseCursor(c.FormValue("through"))
	if err := models.MarkNoticesRead(c.Request().Context(), a.db, currentUser(c).ID, through); err != nil {
		return err
	}
	return a.redirect(c, views.NoticesPath, "success", models.NewMsg("flash.notices.read"))
}

func (a *App) showRestrictions(c echo.Context) error {
	return a.renderRestrictions(c, http.StatusOK, 0, components.Form{})
}

// renderRestrictions shows the user's restrictions in force; failed is the
// restriction whose appeal form f carries back.
func (a *App) renderRestrictions(c echo.Context, status int, failed int64, f components.Form) error {
	list, chats, err := a.myRestrictions(c)
	if err != nil {
		return err
	}
	return a.render(c, status, views.RestrictionsPage(list, chats, failed, f))
}

// myRestrictions returns the logged-in user's restrictions in force and,
// when their whole account is restricted, the chats they can still export.
func (a *App) myRestrictions(c echo.Context) ([]models.MyRestriction, []models.ChatSummary, error) {
	ctx, u := c.Request().Context(), currentUser(c)
	list, err := models.MyRestrictions(ctx, a.db, u.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range list {
		if r.Scope == models.ScopeService {
			chats, _, err := models.ChatList(ctx, a.db, u.ID, "", nil, restrictedChatsShown)
			return list, chats, err
		}
	}
	return list, nil, nil
}

// restrictedChatsShown is how many chats, the latest first, a user whose
// whole account is restricted is offered to export.
const restrictedChatsShown = 100

func (a *App) createAppeal(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	_, err = models.FileAppeal(c.Request().Context(), a.db, currentUser(c).ID, id, body)
	if f, ok := failed(err, map[string]string{"body": body}, models.Conflict); ok {
		return a.renderRestrictions(c, f.status, id, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.RestrictionsPath, "success", models.NewMsg("flash.appeal.sent"))
}

// serviceGate keeps a user whose whole account is restricted to their
// notices, restrictions and appeal: every other user page sends them there.
func (a *App) serviceGate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := currentUser(c)
		if u == nil || u.Role != models.RoleUser {
			return next(c)
		}
		if u.ServiceRestricted { // read with the session (SessionUser)
			err := models.Coded(models.Restricted, "account.service_restricted")
			if c.Request().Method != http.MethodGet {
				return err
			}
			return a.redirect(c, views.RestrictionsPath, "error", err.Msg)
		}
		return next(c)
	}
}
