package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
)

func (a *App) showHome(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return a.render(c, http.StatusOK, views.LandingPage())
	}
	if u.Role != models.RoleUser {
		return a.render(c, http.StatusOK, views.HomePage(u, nil, nil))
	}
	list, chats, err := a.myRestrictions(c)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.HomePage(u, list, chats))
}
