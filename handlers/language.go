package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
)

// langCookie keeps the interface language a visitor chose on the page; an
// account's Language setting comes first.
const langCookie = "talksafe_lang"

// updateLanguage is the page's language switch: it keeps the choice in a
// cookie for a year, saves it as a logged-in account's language (which
// comes first), and goes back to next.
func (a *App) updateLanguage(c echo.Context) error {
	lang := c.FormValue("lang")
	if lang != "en" && lang != "ko" {
		lang = "en"
	}
	if u := currentUser(c); u != nil && u.Language != lang {
		if err := models.UpdateLanguage(c.Request().Context(), a.db, u.ID, lang); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: a.cfg.SecureCookies})
	return c.Redirect(http.StatusSeeOther, nextOr(c.FormValue("next"), views.HomePath))
}
