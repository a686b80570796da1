package handlers

import (
	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/static"
)

// routes is the one map of the site: every URL and who may use it.
//
//	public    anyone, logged in or not
//	loggedIn  any account
//	users     role user (the messenger's people)
//	admins    role admin
func (a *App) routes(e *echo.Echo) {
	e.Use(a.recoverPanic, a.requestLogger, securityHeaders, bodyLimit(a.cfg.BodyLimit))

	e.GET("/healthz", a.showHealth)
	e.GET("/readyz", a.showReady)
	e.GET("/static/*", echo.WrapHandler(static.Handler()))

	pages := e.Group("", a.loadSession, a.csrf())
	loggedIn := requireRole(models.Roles...)
	users := requireRole(models.RoleUser)
	admins := requireRole(models.RoleAdmin)

	// public
	pages.GET("/", a.showHome)
	pages.GET("/login", a.showLogin)
	pages.POST("/login", a.createLogin)
	pages.GET("/signup", a.showSignup)
	pages.POST("/signup", a.createSignup)

	// loggedIn
	pages.POST("/logout", a.deleteLogin, loggedIn)
	pages.GET("/account/password", a.showPassword, loggedIn)
	pages.POST("/account/password", a.updatePassword, loggedIn)

	_ = users // every messenger route below uses it

	// users: friends and settings (friends.go)

	// users: 1:1 chats (chats.go)

	// users: Open Chat boards (boards.go)

	// admins
	pages.GET("/admin/staff", a.showStaff, admins)
	pages.POST("/admin/staff", a.createStaff, admins)
	pages.GET("/admin/audit", a.showAudit, admins)
}
