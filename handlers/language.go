package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/views"
)

// langCookie keeps the interface language a visitor chose on the page; an
// account's Language setting comes first.
const langCookie = "talksafe_lang"

// updateLanguage is the page's language switch: it keeps the choice in a
// cookie for a year and goes back to next.
func (a *App) updateLanguage(c echo.Context) error {
	lang := c.FormValue("lang")
	if lang != "en" && lang != "ko" {
		lang = "en"
	}
	c.SetCookie(&http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.cfg.SecureCookies})
	return c.Redirect(http.StatusSeeOther, nextOr(c.FormValue("next"), views.HomePath))
}
