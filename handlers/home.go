package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/views"
)

func (a *App) showHome(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return a.render(c, http.StatusOK, views.LandingPage())
	}
	return a.render(c, http.StatusOK, views.HomePage(u))
}
