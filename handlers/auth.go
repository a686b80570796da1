package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

func (a *App) showLogin(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, safeNext(c.QueryParam("next")))
	}
	return a.renderLogin(c, http.StatusOK, components.Form{}, safeNext(c.QueryParam("next")))
}

// renderLogin shows the log-in form; whoever was logged out by a 'service'
// restriction on their account reads there that it is restricted and where
// to read why.
func (a *App) renderLogin(c echo.Context, status int, f components.Form, next string) error {
	restricted, err := a.sessions.EndedByRestriction(c.Request(), sessionName)
	if err != nil {
		return err
	}
	return a.render(c, status, views.LoginPage(f, next, restricted))
}

func (a *App) createLogin(c echo.Context) error {
	name, password, next := c.FormValue("name"), c.FormValue("password"), safeNext(c.FormValue("next"))
	u, err := models.Authenticate(c.Request().Context(), a.db, name, password, c.RealIP())
	if f, ok := failed(err, map[string]string{"name": name}, models.Forbidden); ok {
		return a.renderLogin(c, f.status, f.form, next)
	}
	if err != nil {
		return err
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	if u.MustChangePassword { // passwordGate would send it there from any page
		return c.Redirect(http.StatusSeeOther, views.AccountPath)
	}
	restrictions, err := models.MyRestrictions(c.Request().Context(), a.db, u.ID)
	if err != nil {
		return err
	}
	if len(restrictions) > 0 { // no welcome over the restriction that Home and the page show
		return c.Redirect(http.StatusSeeOther, next)
	}
	return a.redirect(c, next, "success", models.NewMsg("flash.welcome_back", u.DisplayName))
}

// startSession logs u in under a new session id.
func (a *App) startSession(c echo.Context, u *models.User) error {
	s, err := a.sessions.Get(c.Request(), sessionName)
	if err != nil {
		return err
	}
	s.Values = map[any]any{sessionUserKey: u.ID}
	if err := a.sessions.Renew(c.Request(), c.Response(), s); err != nil {
		return err
	}
	a.rotateCSRF(c)
	return nil
}

func (a *App) deleteLogin(c echo.Context) error {
	s, err := a.sessions.Get(c.Request(), sessionName)
	if err != nil {
		return err
	}
	s.Options.MaxAge = -1
	if err := s.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	a.rotateCSRF(c)
	return a.redirect(c, views.HomePath, "info", models.NewMsg("flash.logged_out"))
}

func (a *App) showSignup(c echo.Context) error {
	if currentUser(c) != nil {
		return c.Redirect(http.StatusSeeOther, views.HomePath)
	}
	return a.render(c, http.StatusOK, views.SignupPage(components.Form{}))
}

func (a *App) createSignup(c echo.Context) error {
	// The new account speaks the language its form was shown in (the form
	// says which; else the language this request would be shown in).
	lang := c.FormValue("language")
	if lang != "en" && lang != "ko" {
		lang = pageLang(c)
	}
	in := models.SignUp{Name: c.FormValue("name"), DisplayName: c.FormValue("display_name"),
		Password: c.FormValue("password"), Confirm: c.FormValue("confirm"), IP: c.RealIP(), Language: lang}
	u, err := models.CreateUser(c.Request().Context(), a.db, in)
	if f, ok := failed(err, map[string]string{"name": in.Name, "display_name": in.DisplayName}, models.Conflict); ok {
		return a.render(c, f.status, views.SignupPage(f.form))
	}
	if err != nil {
		return err
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return a.redirect(c, views.HomePath, "success", models.NewMsg("flash.welcome_new", u.DisplayName))
}

// showAccount is the Account page: language, time zone and password. An
// account that must set its own password sees the password form alone.
func (a *App) showAccount(c echo.Context) error {
	return a.renderAccount(c, http.StatusOK, components.Form{}, components.Form{})
}

// renderAccount shows the Account page with its two forms, prefs (language
// and time zone; the account's own values when it has none) and password.
func (a *App) renderAccount(c echo.Context, status int, prefs, password components.Form) error {
	u := currentUser(c)
	if prefs.Values == nil {
		prefs.Values = map[string]string{"time_zone": u.TimeZone, "language": u.Language, "picture_blur": u.PictureBlur}
	}
	return a.render(c, status, views.AccountPage(u, prefs, password))
}

func (a *App) updateAccount(c echo.Context) error {
	tz, lang, blur := c.FormValue("time_zone"), c.FormValue("language"), c.FormValue("picture_blur")
	u := currentUser(c)
	err := models.UpdatePreferences(c.Request().Context(), a.db, u.ID, tz, lang)
	if err == nil && u.Role.CanReadModeration() && blur != "" { // a form without the box keeps the setting
		err = models.UpdatePictureBlur(c.Request().Context(), a.db, u, blur)
	}
	if f, ok := failed(err, map[string]string{"time_zone": tz, "language": lang, "picture_blur": blur}); ok {
		return a.renderAccount(c, f.status, f.form, components.Form{})
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AccountPath, "success", models.NewMsg("flash.settings_saved"))
}

// showPassword is where the password form was before it joined the Account
// page: links and bookmarks to it lead there.
func (a *App) showPassword(c echo.Context) error {
	return c.Redirect(http.StatusSeeOther, views.AccountPasswordPath)
}

func (a *App) updatePassword(c echo.Context) error {
	s, err := a.sessions.Get(c.Request(), sessionName)
	if err != nil {
		return err
	}
	u := currentUser(c)
	err = models.ChangePassword(c.Request().Context(), a.db, u.ID, s.ID,
		c.FormValue("current"), c.FormValue("password"), c.FormValue("confirm"))
	if f, ok := failed(err, nil); ok {
		return a.renderAccount(c, f.status, components.Form{}, f.form)
	}
	if err != nil {
		return err
	}
	if u.MustChangePassword { // the account's own password at last: on to its pages
		return a.redirect(c, views.HomePath, "success", models.NewMsg("flash.password_set"))
	}
	return a.redirect(c, views.AccountPath, "success", models.NewMsg("flash.password_changed"))
}
