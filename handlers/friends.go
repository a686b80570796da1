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
	if f, ok := failed(err, map[string]string{"name": name}); ok {
		return a.renderFriends(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, nextOr(c.FormValue("next"), views.FriendsPath), "success", models.NewMsg("flash.now_friend", u.DisplayName))
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
	undo := &components.FlashAction{Label: models.NewMsg("flash.undo"), Path: views.UnhidePath(p.ID), Fields: map[string]string{"next": views.FriendsPath}}
	return a.redirectWith(c, views.FriendsPath, "success",
		models.NewMsg("flash.hidden", p.DisplayName), undo)
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
		models.NewMsg("flash.blocked", p.DisplayName))
}

// showSettings is a user's Settings: Manage Friends, My exports, and the
// way to the Account page (language, time zone, password).
func (a *App) showSettings(c echo.Context) error {
	return a.render(c, http.StatusOK, views.SettingsPage())
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
	return a.redirect(c, nextOr(c.FormValue("next"), views.HiddenPath), "success", models.NewMsg("flash.unhidden", p.DisplayName))
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
	return a.redirect(c, views.HiddenPath, "success", models.NewMsg("flash.deleted_friend", p.DisplayName))
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
	next := nextOr(c.FormValue("next"), views.BlockedPath)
	// The friendship is not restored by itself: offer it.
	add := &components.FlashAction{Label: models.NewMsg("flash.add_as_friend"), Path: views.FriendsPath, Fields: map[string]string{"name": p.Name, "next": next}}
	return a.redirectWith(c, next, "success",
		models.NewMsg("flash.unblocked", p.DisplayName), add)
}

// nextOr returns next when it is a path on this site, else fallback.
func nextOr(next, fallback string) string {
	if next == "" || safeNext(next) != next {
		return fallback
	}
	return next
}
