package handlers

import (
	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/static"
	"talksafe/views"
)

// routes is the one map of the site: every URL and who may use it.
//
//	public    anyone, logged in or not
//	loggedIn  any account
//	users     role user (the messenger's people), unless their whole account is restricted
//	restricted role user, even with the whole account restricted (restrictions, appeal, Customer
//	          Service, exporting one's own chats)
//	moderators role moderator (they decide)
//	modReaders role moderator or admin (admins may read the moderation pages)
//	admins    role admin
//	support   role support (Customer Service staff work tickets)
//	desk      role support, and admins, who read the support desk
func (a *App) routes(e *echo.Echo) {
	e.Use(a.recoverPanic, a.countRequests, a.requestLogger, securityHeaders, bodyLimit(a.cfg.BodyLimit))

	e.GET("/healthz", a.showHealth)
	e.GET("/readyz", a.showReady)
	e.GET("/static/*", echo.WrapHandler(static.Handler()))

	pages := e.Group("", a.loadSession, a.passwordGate, a.csrf(), checkText)
	loggedIn := requireRole(models.Roles...)
	restricted := requireRole(models.RoleUser)
	users := func(next echo.HandlerFunc) echo.HandlerFunc { return restricted(a.serviceGate(next)) }
	admins := requireRole(models.RoleAdmin)
	support := requireRole(models.RoleSupport)
	desk := requireRole(models.RoleSupport, models.RoleAdmin)
	moderators := requireRole(models.RoleModerator)
	modReaders := requireRole(models.RoleModerator, models.RoleAdmin)

	// public
	pages.GET("/", a.showHome)
	pages.GET("/login", a.showLogin)
	pages.POST("/login", a.createLogin)
	pages.GET("/signup", a.showSignup)
	pages.POST("/signup", a.createSignup)
	pages.GET("/policy", a.showPolicy)
	pages.GET("/safety", a.showSafetyGuide)

	// public: the interface language a visitor chooses on the page (language.go)
	pages.POST(views.LanguagePath, a.updateLanguage)

	// public: Verify an export (verify.go); a file upload streams past the
	// body limit and CSRF middleware, and its handler checks both itself
	pages.GET(views.VerifyPath, a.showVerify)
	pages.POST(views.VerifyPath, a.createVerification)

	// loggedIn: every account's Account page: language, time zone, password (auth.go)
	pages.POST("/logout", a.deleteLogin, loggedIn)
	pages.GET(views.AccountPath, a.showAccount, loggedIn)
	pages.POST(views.AccountPath, a.updateAccount, loggedIn)
	pages.GET(views.PasswordPath, a.showPassword, loggedIn)
	pages.POST(views.PasswordPath, a.updatePassword, loggedIn)

	// users: friends and Settings (friends.go)
	pages.GET("/friends", a.showFriends, users)
	pages.POST("/friends", a.createFriend, users)
	pages.POST("/friends/:id/hide", a.hideFriend, users)
	pages.GET("/friends/:id/block", a.newBlock, users)
	pages.POST("/friends/:id/block", a.createBlock, users)
	pages.GET("/settings", a.showSettings, users)
	pages.GET("/settings/friends/hidden", a.showHiddenFriends, users)
	pages.GET("/settings/friends/blocked", a.showBlockedFriends, users)
	pages.POST("/settings/friends/:id/unhide", a.unhideFriend, users)
	pages.GET("/settings/friends/:id/delete", a.newDeleteFriend, users)
	pages.POST("/settings/friends/:id/delete", a.deleteFriend, users)
	pages.POST("/settings/friends/:id/unblock", a.deleteBlock, users)

	// users: 1:1 chats (chats.go)
	pages.GET("/chats", a.showChats, users)
	pages.POST("/chats", a.createChat, users)
	pages.GET("/chats/:id", a.showChat, users)
	pages.GET("/chats/:id/messages", a.showNewMessages, users)
	pages.POST("/chats/:id/messages", a.createMessage, users)
	// restricted: a user keeps exporting their own chats under a 'service' restriction (export.go)
	pages.GET("/chats/:id/export", a.showExport, restricted)
	pages.GET("/chats/:id/export/download", a.downloadExport, restricted)
	pages.GET("/chats/:id/leave", a.newLeaveChat, users)
	pages.POST("/chats/:id/leave", a.deleteChat, users)

	// restricted: My exports in Settings, with a certificate each (verify.go)
	pages.GET(views.MyExportsPath, a.showMyExports, restricted)
	pages.GET(views.MyExportsPath+"/:id", a.showExportCertificate, restricted)

	// loggedIn: a picture, to those who may see it: a user through its message or post, staff
	// as evidence, blurred until revealed (pictures.go)
	pages.GET("/pictures/:id", a.showPicture, loggedIn)
	pages.GET("/pictures/:id/thumb", a.showPictureThumb, loggedIn)

	// users: reporting (reports.go)
	pages.GET("/report/:type/:id", a.newReport, users)
	pages.POST("/report/:type/:id", a.createReport, users)
	pages.GET("/reports", a.showMyReports, users)
	pages.GET("/reports/:id/received", a.showReportReceived, users)

	// users: legal requests, and an author's objection to a temporary block (legal.go)
	pages.GET(views.LegalRequestsPath, a.showLegalRequests, users)
	pages.GET(views.LegalRequestsPath+"/new/:type/:id", a.showLegalForm, users)
	pages.POST(views.LegalRequestsPath+"/new/:type/:id", a.createLegalRequest, users)
	pages.GET(views.LegalRequestsPath+"/objection/:type/:id", a.showObjection, users)
	pages.POST(views.LegalRequestsPath+"/objection/:type/:id", a.createObjection, users)

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

	// restricted: Customer Service tickets (support.go), reachable under a 'service' restriction
	pages.GET("/support/new", a.newTicket, restricted)
	pages.POST("/support/tickets", a.createTicket, restricted)
	pages.GET("/support/tickets", a.showMyTickets, restricted)
	pages.GET("/support/tickets/:id", a.showMyTicket, restricted)
	pages.POST("/support/tickets/:id/messages", a.createMyTicketMessage, restricted)
	pages.POST("/support/tickets/:id/reopen", a.reopenMyTicket, restricted)

	// desk and support: the support desk (support_desk.go, saved replies in support_replies.go); admins read it and edit saved replies
	pages.GET("/support", a.showDesk, desk)
	pages.GET("/support/desk/:id", a.showDeskTicket, desk)
	pages.GET("/support/desk/:id/evidence", a.showTicketEvidence, desk)
	pages.POST("/support/desk/:id/evidence/reveal", a.revealTicketEvidence, desk)
	pages.POST("/support/desk/:id/claim", a.claimTicket, support)
	pages.POST("/support/desk/:id/assign", a.assignTicket, support)
	pages.POST("/support/desk/:id/take-over", a.takeOverTicket, support)
	pages.POST("/support/desk/:id/reply", a.replyToTicket, support)
	pages.POST("/support/desk/:id/reply/insert", a.insertSavedReply, support)
	pages.POST("/support/desk/:id/notes", a.createTicketNote, support)
	pages.POST("/support/desk/:id/moderation", a.sendTicketToModeration, support)
	pages.POST("/support/desk/:id/resolve", a.resolveTicket, support)
	pages.GET("/support/replies", a.showSavedReplies, desk)
	pages.GET("/support/replies/new", a.newSavedReply, admins)
	pages.POST("/support/replies", a.createSavedReply, admins)
	pages.GET("/support/replies/:id/edit", a.showEditSavedReply, admins)
	pages.POST("/support/replies/:id/edit", a.updateSavedReply, admins)
	pages.POST("/support/replies/:id/delete", a.deleteSavedReply, admins)
	// loggedIn: notices (mod_notices.go)
	pages.GET("/notices", a.showNotices, loggedIn)
	pages.POST("/notices/read", a.markNoticesRead, loggedIn)

	// restricted: a restricted user's restrictions and appeals (mod_notices.go)
	pages.GET("/restrictions", a.showRestrictions, restricted)
	pages.POST("/restrictions/:id/appeal", a.createAppeal, restricted)
	// restricted: complaints (DSA Art. 20) about a decision, a hide or a report's outcome (complaints.go)
	pages.GET("/complaints/:on/:id", a.showComplaint, restricted)
	pages.POST("/complaints/:on/:id", a.createComplaint, restricted)

	// moderators and modReaders: the moderation queue (mod.go)
	pages.GET("/mod", a.showModQueue, modReaders)
	pages.POST("/mod/start", a.createModStart, moderators)
	pages.POST("/mod/bulk", a.createModBulk, moderators)
	pages.GET("/mod/cases/:id", a.showModCase, modReaders)
	pages.POST("/mod/cases/:id/claim", a.claimModCase, moderators)
	pages.POST("/mod/cases/:id/release", a.releaseModCase, moderators)
	pages.POST("/mod/cases/:id/decide", a.decideModCase, moderators)
	pages.POST("/mod/cases/:id/reveal", a.revealModCase, modReaders)
	pages.POST("/mod/cases/:id/pictures/:picture/reveal", a.revealModPicture, modReaders)
	pages.POST("/mod/cases/:id/reverse", a.reverseModCase, moderators)
	pages.POST("/mod/cases/:id/unhide", a.unhideModCase, moderators)
	pages.POST("/mod/restrictions/:id/lift", a.liftRestriction, moderators)
	pages.POST("/mod/legal/:id/hide", a.hideForLegalRequest, moderators)
	pages.POST("/mod/legal/:id/extend", a.extendLegalDeadline, moderators)
	pages.POST("/mod/legal/:id/block", a.blockForLegalRequest, moderators)
	pages.GET("/mod/appeals", a.showModAppeals, modReaders)
	pages.POST("/mod/appeals/:id", a.decideModAppeal, moderators)
	pages.POST("/mod/complaints/:id", a.decideModComplaint, moderators)
	pages.GET("/mod/stats", a.showModStats, modReaders)

	// admins
	pages.GET("/admin/staff", a.showStaff, admins)
	pages.POST("/admin/staff", a.createStaff, admins)
	pages.POST("/admin/staff/:id/role", a.updateStaffRole, admins)
	pages.GET("/admin/staff/:id/deactivate", a.showDeactivateStaff, admins)
	pages.POST("/admin/staff/:id/deactivate", a.deactivateStaff, admins)
	pages.POST("/admin/staff/:id/reactivate", a.reactivateStaff, admins)
	pages.GET("/admin/audit", a.showAudit, admins)
	// admins: designated organisations (complaints.go)
	pages.GET(views.AdminOrganisationsPath, a.showOrganisations, admins)
	pages.POST(views.AdminOrganisationsPath, a.createDesignation, admins)
	pages.POST(views.AdminOrganisationsPath+"/:id/end", a.endDesignation, admins)
	// modReaders and admins: text banks, read by moderators, changed by admins (banks.go)
	pages.GET("/admin/banks", a.showBanks, modReaders)
	pages.POST("/admin/banks", a.createBank, admins)
	pages.GET("/admin/banks/:id", a.showBank, modReaders)
	pages.POST("/admin/banks/:id/entries", a.createBankEntries, admins)
	pages.POST("/admin/banks/:id/entries/:entry/delete", a.deleteBankEntry, admins)
	// admins: retention and legal holds, background jobs (admin_ops.go)
	pages.GET("/admin/retention", a.showRetention, admins)
	pages.POST("/admin/holds", a.placeHold, admins)
	pages.POST("/admin/holds/:id/release", a.releaseHold, admins)
	pages.GET("/admin/jobs", a.showJobs, admins)
	// admins: the transparency report, its CSV downloads, its person in charge (transparency.go)
	pages.GET(views.AdminTransparencyPath, a.showTransparency, admins)
	pages.GET(views.AdminTransparencyPath+"/csv/:table", a.transparencyCSV, admins)
	pages.POST(views.TransparencyPersonPath, a.setPersonInCharge, admins)
	// admins: statements of reasons, EU DSA Art. 17 (statements.go)
	pages.GET(views.AdminStatementsPath, a.showStatements, admins)
	pages.GET(views.AdminStatementsPath+"/download", a.downloadStatements, admins)
	// modReaders and admins: automation rules (rules.go); moderators read them
	pages.GET("/admin/rules", a.showRules, modReaders)
	pages.POST("/admin/rules", a.createRule, admins)
	pages.GET("/admin/rules/:id", a.showRule, modReaders)
	pages.POST("/admin/rules/:id", a.updateRule, admins)
	pages.POST("/admin/rules/:id/state", a.updateRuleState, admins)
	pages.POST("/admin/jobs/:id/retry", a.retryJob, admins)
	// admins and modReaders: hash banks of known abuse pictures; moderators read them (hashbanks.go)
	pages.GET(views.AdminHashBanksPath, a.showHashBanks, modReaders)
	pages.POST(views.AdminHashBanksPath, a.createHashBank, admins)
	pages.GET(views.AdminHashBanksPath+"/:id", a.showHashBank, modReaders)
	pages.POST(views.AdminHashBanksPath+"/:id", a.updateHashBank, admins)
	pages.POST(views.AdminHashBanksPath+"/:id/import", a.importHashes, admins)
	pages.POST(views.AdminHashBanksPath+"/:id/hashes/:entry/delete", a.deleteHashBankEntry, admins)
	pages.POST("/mod/cases/:id/hash-bank", a.addCaseHashesToBank, modReaders)
}
