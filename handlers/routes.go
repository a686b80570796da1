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
	pages.GET("/openchat", a.showOpenChats, users)
	pages.GET("/openchat/:id", a.showOpenChat, users)
	pages.POST("/openchat/:id/join", a.createOpenChatMember, users)
	pages.POST("/openchat/:id/leave", a.deleteOpenChatMember, users)
	pages.GET("/openchat/:id/posts/new", a.newPost, users)
	pages.POST("/openchat/:id/posts", a.createPost, users)
	pages.GET("/posts/:id", a.showPost, users)
	pages.GET("/posts/:id/edit", a.showEditPost, users)
	pages.POST("/posts/:id/edit", a.updatePost, users)
	pages.GET("/posts/:id/delete", a.showDeletePost, users)
	pages.POST("/posts/:id/delete", a.deletePost, users)
	pages.POST("/posts/:id/comments", a.createComment, users)
	pages.GET("/comments/:id/edit", a.showEditComment, users)
	pages.POST("/comments/:id/edit", a.updateComment, users)
	pages.GET("/comments/:id/delete", a.showDeleteComment, users)
	pages.POST("/comments/:id/delete", a.deleteComment, users)

	// admins
	pages.GET("/admin/staff", a.showStaff, admins)
	pages.POST("/admin/staff", a.createStaff, admins)
	pages.GET("/admin/audit", a.showAudit, admins)
}
