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
	list, next, err := models.Notices(c.Request().Context(), a.db, currentUser(c).ID, cursorParam(c, "before"), noticesPageSize)
	if err != nil {
		return err
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
	list, err := models.MyRestrictions(c.Request().Context(), a.db, currentUser(c).ID)
	if err != nil {
		return err
	}
	return a.render(c, status, views.RestrictionsPage(list, failed, f))
}

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
