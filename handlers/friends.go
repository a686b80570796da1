package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

func (a *App) showFriends(c echo.Context) error {
	return a.renderFriends(c, http.StatusOK, components.Form{})
}

func (a *App) renderFriends(c echo.Context, status int, add components.Form) error {
	q := c.QueryParam("q")
	friends, err := models.Friends(c.Request().Context(), a.db, currentUser(c).ID, q)
	if err != nil {
		return err
	}
	return a.render(c, status, views.FriendsPage(friends, q, add))
}

func (a *App) createFriend(c echo.Context) error {
	name := c.FormValue("name")
	u, err := models.AddFriend(c.Request().Context(), a.db, currentUser(c).ID, name, c.RealIP())
	if code := models.ErrorCode(err); code == models.Invalid || code == models.Throttled {
		return a.renderFriends(c, formStatus(code), components.FormFromError(map[string]string{"name": name}, err))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.FriendsPath, "success", u.DisplayName+" is now your friend.")
}

func (a *App) hideFriend(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.HideFriend(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.redirect(c, views.FriendsPath, "success",
		p.DisplayName+" is hidden. Their messages still reach you; find them under Settings → Manage Friends → Hidden Friends.")
}

func (a *App) newBlock(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.PersonFor(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.BlockPage(p, nextOr(c.QueryParam("next"), views.FriendsPath)))
}

func (a *App) createBlock(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.BlockUser(c.Request().Context(), a.db, currentUser(c).ID, id, c.FormValue("hide_profile") == "1")
	if err != nil {
		return err
	}
	return a.redirect(c, nextOr(c.FormValue("next"), views.BlockedPath), "success",
		p.DisplayName+" is blocked. You can unblock them under Settings → Manage Friends → Blocked Friends.")
}

func (a *App) showSettings(c echo.Context) error {
	u := currentUser(c)
	return a.render(c, http.StatusOK, views.SettingsPage(components.Form{
		Values: map[string]string{"time_zone": u.TimeZone, "language": u.Language}}))
}

func (a *App) updateSettings(c echo.Context) error {
	tz, lang := c.FormValue("time_zone"), c.FormValue("language")
	err := models.UpdatePreferences(c.Request().Context(), a.db, currentUser(c).ID, tz, lang)
	if models.ErrorCode(err) == models.Invalid {
		f := components.FormFromError(map[string]string{"time_zone": tz, "language": lang}, err)
		return a.render(c, http.StatusUnprocessableEntity, views.SettingsPage(f))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.SettingsPath, "success", "Your settings are saved.")
}

func (a *App) showHiddenFriends(c echo.Context) error {
	hidden, err := models.HiddenFriends(c.Request().Context(), a.db, currentUser(c).ID)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.HiddenFriendsPage(hidden))
}

func (a *App) showBlockedFriends(c echo.Context) error {
	blocked, err := models.BlockedUsers(c.Request().Context(), a.db, currentUser(c).ID)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.BlockedFriendsPage(blocked))
}

func (a *App) unhideFriend(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.UnhideFriend(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.redirect(c, views.HiddenPath, "success", p.DisplayName+" is back on your Friends list.")
}

func (a *App) newDeleteFriend(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.HiddenFriend(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeleteFriendPage(p))
}

func (a *App) deleteFriend(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.DeleteFriend(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.redirect(c, views.HiddenPath, "success", p.DisplayName+" is no longer your friend.")
}

func (a *App) deleteBlock(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.UnblockUser(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.redirect(c, nextOr(c.FormValue("next"), views.BlockedPath), "success",
		p.DisplayName+" is unblocked. You are not friends again, and what they sent while blocked stays undelivered.")
}

// nextOr returns next when it is a path on this site, else fallback.
func nextOr(next, fallback string) string {
	if next == "" || safeNext(next) != next {
		return fallback
	}
	return next
}
