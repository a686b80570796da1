package views

import (
	"net/url"
	"strings"

	"talksafe/models"
)

// Every URL the site builds is built here, for handlers and templates alike;
// handlers/routes.go is the one map of the routes these paths lead to.
// A path builder takes ids and returns the path; a list's page link takes
// the cursor and returns "" when there is no further page.

// withCursor appends ?key=cursor to path, or returns "" for a zero cursor
// (no further page).
func withCursor(path, key string, cursor int64) string {
	if cursor <= 0 {
		return ""
	}
	return path + "?" + key + "=" + id(cursor)
}

// listPath is a list's path under the filter query q, with key=cursor for
// a positive cursor.
func listPath(path string, q url.Values, key string, cursor int64) string {
	if cursor > 0 {
		q.Set(key, id(cursor))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// Public pages and accounts.
const (
	HomePath        = "/"
	LoginPath       = "/login"
	SignupPath      = "/signup"
	LogoutPath      = "/logout"
	PolicyPath      = "/policy"
	SafetyGuidePath = "/safety"
	AccountPath     = "/account"
	PasswordPath    = "/account/password"
	// AccountPasswordPath is the Account page at its password form.
	AccountPasswordPath = AccountPath + "#password"
	FriendsPath         = "/friends"
	SettingsPath        = "/settings"
	HiddenPath          = "/settings/friends/hidden"
	BlockedPath         = "/settings/friends/blocked"
	ChatsPath           = "/chats"
	OpenChatsPath       = "/openchat"
	MyReportsPath       = "/reports"
	AdminStaffPath      = "/admin/staff"
	AdminAuditPath      = "/admin/audit"
	AdminBanksPath      = "/admin/banks"
	SupportNewPath      = "/support/new"
)

// LoginNextPath is the log-in page that leads back to next afterwards.
func LoginNextPath(next string) string {
	if next == "" {
		return LoginPath
	}
	return LoginPath + "?next=" + url.QueryEscape(next)
}

// Friends and Settings → Manage Friends.

func HideFriendPath(friendID int64) string   { return "/friends/" + id(friendID) + "/hide" }
func BlockPath(userID int64) string          { return "/friends/" + id(userID) + "/block" }
func UnhidePath(friendID int64) string       { return "/settings/friends/" + id(friendID) + "/unhide" }
func DeleteFriendPath(friendID int64) string { return "/settings/friends/" + id(friendID) + "/delete" }
func UnblockPath(userID int64) string        { return "/settings/friends/" + id(userID) + "/unblock" }

// BlockNextPath is the Block page of userID that leads back to the site
// path next afterwards.
func BlockNextPath(userID int64, next string) string {
	return BlockPath(userID) + "?next=" + queryPath.Replace(next)
}

// queryPath escapes a site path for a query value, keeping its slashes
// readable.
var queryPath = strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", " ", "%20", "?", "%3F", "=", "%3D")

// 1:1 chats.

func ChatPath(roomID int64) string         { return "/chats/" + id(roomID) }
func ChatMessagesPath(roomID int64) string { return ChatPath(roomID) + "/messages" }
func ChatExportPath(roomID int64) string   { return ChatPath(roomID) + "/export" }
func ChatLeavePath(roomID int64) string    { return ChatPath(roomID) + "/leave" }

// ChatDownloadPath is the export download of a room in format (and lang,
// when not empty).
func ChatDownloadPath(roomID int64, format, lang string) string {
	q := url.Values{}
	if format != "" {
		q.Set("format", format)
	}
	if lang != "" {
		q.Set("lang", lang)
	}
	p := ChatExportPath(roomID) + "/download"
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// NewMessagesPath is what a room's poller asks for: the messages after
// message id after, day being the last day heading it showed.
func NewMessagesPath(roomID, after int64, day string) string {
	return ChatMessagesPath(roomID) + "?after=" + id(after) + "&day=" + url.QueryEscape(day)
}

// ChatSendPath is a room's page at its send form.
func ChatSendPath(roomID int64) string { return ChatPath(roomID) + "#send" }

// OlderMessagesPath is the page of a room's messages before message id before.
func OlderMessagesPath(roomID, before int64) string {
	return withCursor(ChatPath(roomID), "before", before)
}

// Open Chat boards.

func OpenChatPath(roomID int64) string         { return "/openchat/" + id(roomID) }
func JoinOpenChatPath(roomID int64) string     { return OpenChatPath(roomID) + "/join" }
func LeaveOpenChatPath(roomID int64) string    { return OpenChatPath(roomID) + "/leave" }
func NewPostPath(roomID int64) string          { return OpenChatPath(roomID) + "/posts/new" }
func CreatePostPath(roomID int64) string       { return OpenChatPath(roomID) + "/posts" }
func PostPath(postID int64) string             { return "/posts/" + id(postID) }
func EditPostPath(postID int64) string         { return PostPath(postID) + "/edit" }
func DeletePostPath(postID int64) string       { return PostPath(postID) + "/delete" }
func CommentsPath(postID int64) string         { return PostPath(postID) + "/comments" }
func EditCommentPath(commentID int64) string   { return commentPath(commentID) + "/edit" }
func DeleteCommentPath(commentID int64) string { return commentPath(commentID) + "/delete" }

// commentPath is what a comment's paths start with; no page is a comment
// alone (it is shown on its post's page, CommentOnPostPath).
func commentPath(commentID int64) string { return "/comments/" + id(commentID) }

// OlderPostsPath is the page of a board's posts before post id before.
func OlderPostsPath(roomID, before int64) string {
	return withCursor(OpenChatPath(roomID), "before", before)
}

// CommentOnPostPath is a comment in place on its post's page.
func CommentOnPostPath(postID, commentID int64) string {
	return PostPath(postID) + "#" + commentAnchor(commentID)
}

// commentAnchor is the id of a comment's element on its post's page.
func commentAnchor(commentID int64) string { return "comment-" + id(commentID) }

// MoreCommentsPath is the page of a post's comments after comment id after.
func MoreCommentsPath(postID, after int64) string {
	return withCursor(PostPath(postID), "after", after)
}

// Reporting.

// ReportPath is the Report pop-up (or page) of a subject.
func ReportPath(typ models.SubjectType, subjectID int64) string {
	return "/report/" + string(typ) + "/" + id(subjectID)
}

// ReportReceivedPath is the confirmation after filing report id.
func ReportReceivedPath(reportID int64) string { return "/reports/" + id(reportID) + "/received" }

// MyReportPath is report id's row in My reports.
func MyReportPath(reportID int64) string { return MyReportsPath + "#" + myReportAnchor(reportID) }

// myReportAnchor is the id of report id's row in My reports.
func myReportAnchor(reportID int64) string { return "report-" + id(reportID) }

// OlderMyReportsPath is the page of My reports before report id before.
func OlderMyReportsPath(before int64) string { return withCursor(MyReportsPath, "before", before) }

// NotifySupportPath opens a Customer Service ticket about report id.
func NotifySupportPath(reportID int64) string { return SupportNewPath + "?report=" + id(reportID) }

// Legal requests (models/legal.go).

// LegalRequestsPath is My requests, with how to file one.
const LegalRequestsPath = "/legal"

// LegalRequestPath is the legal request form about a subject (for a chat
// message, the page that says the law covers public content).
func LegalRequestPath(typ models.SubjectType, subjectID int64) string {
	return LegalRequestsPath + "/new/" + string(typ) + "/" + id(subjectID)
}

// OlderLegalRequestsPath is the page of My requests before request id before.
func OlderLegalRequestsPath(before int64) string {
	return withCursor(LegalRequestsPath, "before", before)
}

// LegalObjectionPath is the author's objection to a temporary block of their post or comment.
func LegalObjectionPath(typ models.SubjectType, subjectID int64) string {
	return LegalRequestsPath + "/objection/" + string(typ) + "/" + id(subjectID)
}

// ModLegalHidePath hides request id's content at once, pending the decision.
func ModLegalHidePath(requestID int64) string { return "/mod/legal/" + id(requestID) + "/hide" }

// ModLegalExtendPath extends request id's deadline once.
func ModLegalExtendPath(requestID int64) string { return "/mod/legal/" + id(requestID) + "/extend" }

// ModLegalBlockPath decides a temporary block of request id's content.
func ModLegalBlockPath(requestID int64) string { return "/mod/legal/" + id(requestID) + "/block" }

// Export records and Verify an export.

// VerifyPath is the public page that checks a file against the export records.
const VerifyPath = "/verify"

// MyExportsPath lists the user's exports in Settings.
const MyExportsPath = "/settings/exports"

// OlderMyExportsPath is the page of My exports before export id before.
func OlderMyExportsPath(before int64) string { return withCursor(MyExportsPath, "before", before) }

// ExportCertificatePath is the printable certificate of export id.
func ExportCertificatePath(exportID int64) string { return MyExportsPath + "/" + id(exportID) }

// Customer Service: the user's tickets (SupportNewPath opens one).

const (
	MyTicketsPath     = "/support/tickets"
	SupportDeskPath   = "/support"
	SavedRepliesPath  = "/support/replies"
	NewSavedReplyPath = "/support/replies/new"
)

func MyTicketPath(ticketID int64) string         { return MyTicketsPath + "/" + id(ticketID) }
func MyTicketMessagesPath(ticketID int64) string { return MyTicketPath(ticketID) + "/messages" }
func MyTicketReopenPath(ticketID int64) string   { return MyTicketPath(ticketID) + "/reopen" }

// OlderMyTicketsPath is the page of My tickets before ticket id before.
func OlderMyTicketsPath(before int64) string { return withCursor(MyTicketsPath, "before", before) }

// Customer Service: the support desk.

func DeskTicketPath(ticketID int64) string     { return "/support/desk/" + id(ticketID) }
func DeskClaimPath(ticketID int64) string      { return DeskTicketPath(ticketID) + "/claim" }
func DeskAssignPath(ticketID int64) string     { return DeskTicketPath(ticketID) + "/assign" }
func DeskTakeOverPath(ticketID int64) string   { return DeskTicketPath(ticketID) + "/take-over" }
func DeskReplyPath(ticketID int64) string      { return DeskTicketPath(ticketID) + "/reply" }
func DeskNotePath(ticketID int64) string       { return DeskTicketPath(ticketID) + "/notes" }
func DeskModerationPath(ticketID int64) string { return DeskTicketPath(ticketID) + "/moderation" }
func DeskResolvePath(ticketID int64) string    { return DeskTicketPath(ticketID) + "/resolve" }

// DeskRevealPath is where support reveals a linked report's severe evidence
// (the report's id goes in the form).
func DeskRevealPath(ticketID int64) string { return DeskTicketPath(ticketID) + "/evidence/reveal" }

// DeskEvidencePath is the evidence of report reportID linked to a ticket.
func DeskEvidencePath(ticketID, reportID int64) string {
	return DeskTicketPath(ticketID) + "/evidence?report=" + id(reportID)
}

// DeskInsertReplyPath is where the reply form posts, without JavaScript,
// to have a saved reply appended to what was typed.
func DeskInsertReplyPath(ticketID int64) string { return DeskReplyPath(ticketID) + "/insert" }

// DeskQueuePath is the desk's queue under filter f, from cursor (0: the
// first page).
func DeskQueuePath(f models.DeskFilter, cursor int64) string {
	return listPath(SupportDeskPath, f.Values(), "cursor", cursor)
}

// NextDeskPath is the queue's next page under f, or "" when there is none.
func NextDeskPath(f models.DeskFilter, next int64) string {
	if next <= 0 {
		return ""
	}
	return DeskQueuePath(f, next)
}

func EditSavedReplyPath(replyID int64) string { return SavedRepliesPath + "/" + id(replyID) + "/edit" }
func DeleteSavedReplyPath(replyID int64) string {
	return SavedRepliesPath + "/" + id(replyID) + "/delete"
}

// OlderAuditFilterPath is the page of the audit log under filter f before
// event id before; "" when there is none.
func OlderAuditFilterPath(f models.AuditFilter, before int64) string {
	if before <= 0 {
		return ""
	}
	return listPath(AdminAuditPath, f.Values(), "before", before)
}

func StaffRolePath(userID int64) string { return AdminStaffPath + "/" + id(userID) + "/role" }
func StaffDeactivatePath(userID int64) string {
	return AdminStaffPath + "/" + id(userID) + "/deactivate"
}

// StaffReactivatePath is where an admin reactivates a staff account.
func StaffReactivatePath(userID int64) string {
	return AdminStaffPath + "/" + id(userID) + "/reactivate"
}

// Moderation: the queue, cases, appeals, stats; notices and restrictions.

const (
	ModQueuePath     = "/mod"
	ModStartPath     = "/mod/start"
	ModBulkPath      = "/mod/bulk"
	ModAppealsPath   = "/mod/appeals"
	ModStatsPath     = "/mod/stats"
	NoticesPath      = "/notices"
	NoticesReadPath  = "/notices/read"
	RestrictionsPath = "/restrictions"
)

func ModCasePath(caseID int64) string    { return "/mod/cases/" + id(caseID) }
func ModClaimPath(caseID int64) string   { return ModCasePath(caseID) + "/claim" }
func ModReleasePath(caseID int64) string { return ModCasePath(caseID) + "/release" }
func ModDecidePath(caseID int64) string  { return ModCasePath(caseID) + "/decide" }
func ModRevealPath(caseID int64) string  { return ModCasePath(caseID) + "/reveal" }
func ModReversePath(caseID int64) string { return ModCasePath(caseID) + "/reverse" }

// ModPictureRevealPath is where a moderator reveals one evidence picture of
// a case.
func ModPictureRevealPath(caseID, pictureID int64) string {
	return ModCasePath(caseID) + "/pictures/" + id(pictureID) + "/reveal"
}

// PicturePath is a picture, served to those who may see it; PictureThumbPath
// its thumbnail.
func PicturePath(pictureID int64) string      { return "/pictures/" + id(pictureID) }
func PictureThumbPath(pictureID int64) string { return PicturePath(pictureID) + "/thumb" }
func ModAppealPath(appealID int64) string {
	return ModAppealsPath + "/" + id(appealID)
}
func LiftRestrictionPath(restrictionID int64) string {
	return "/mod/restrictions/" + id(restrictionID) + "/lift"
}
func AppealRestrictionPath(restrictionID int64) string {
	return RestrictionsPath + "/" + id(restrictionID) + "/appeal"
}

// ModReviewPath is a case opened by Start reviewing: deciding it opens the next.
func ModReviewPath(caseID int64) string { return ModCasePath(caseID) + "?review=1" }

// ModQueueFilterPath is the queue under filter f, from the case id after (0:
// the first page).
func ModQueueFilterPath(f models.QueueFilter, after int64) string {
	return listPath(ModQueuePath, f.Values(), "after", after)
}

// ModBulkFilterPath is the bulk decision's action from the queue under
// filter f, which it shows again afterwards.
func ModBulkFilterPath(f models.QueueFilter) string {
	return listPath(ModBulkPath, f.Values(), "after", 0)
}

// ModQueueNextPath is the queue's next page, "" when there is none.
func ModQueueNextPath(f models.QueueFilter, after int64) string {
	if after <= 0 {
		return ""
	}
	return ModQueueFilterPath(f, after)
}

// MoreAppealsPath is the appeals queue after appeal id after, "" for none.
func MoreAppealsPath(after int64) string { return withCursor(ModAppealsPath, "after", after) }

// OlderNoticesPath is the page of notices before notice id before.
func OlderNoticesPath(before int64) string { return withCursor(NoticesPath, "before", before) }

// Korean interface, accessibility and phones (issue 12).

// SearchChatsPath is the page of the Chats list found by search s that
// continues at next; "" when there is none.
func SearchChatsPath(s models.ChatSearch, next *models.ChatCursor) string {
	if next == nil {
		return ""
	}
	q := s.Values()
	q.Set("after", next.String())
	return ChatsPath + "?" + q.Encode()
}

// LanguagePath takes the page's language switch (a POST).
const LanguagePath = "/language"

// BankPath is a text bank's page.
func BankPath(bankID int64) string { return AdminBanksPath + "/" + id(bankID) }

// BankPagePath is a text bank's page from its entries older than before.
func BankPagePath(bankID, before int64) string { return withCursor(BankPath(bankID), "before", before) }

// BankEntriesPath is where an admin adds entries to a bank.
func BankEntriesPath(bankID int64) string { return BankPath(bankID) + "/entries" }

// BankEntryDeletePath is where an admin deletes an entry of a bank.
func BankEntryDeletePath(bankID, entryID int64) string {
	return BankEntriesPath(bankID) + "/" + id(entryID) + "/delete"
}

// AdminStatementsPath lists the statements of reasons (admins).
const AdminStatementsPath = "/admin/transparency/statements"

// StatementsDownloadPath is the download of batch (from 1) of f's period.
func StatementsDownloadPath(f models.StatementFilter, batch int) string {
	q := f.Values()
	q.Set("batch", id(int64(batch)))
	return AdminStatementsPath + "/download?" + q.Encode()
}

// OlderStatementsPath is the page of statements under f before id before;
// "" when there is none.
func OlderStatementsPath(f models.StatementFilter, before int64) string {
	if before <= 0 {
		return ""
	}
	return listPath(AdminStatementsPath, f.Values(), "before", before)
}

// Complaints (DSA Art. 20) and designated organisations (issue 23).

// ComplaintPath is the complaint page of what on id names: a decision on
// the reader's content or account, a hide of their post or comment, or
// their report (a second look at "no violation"); a POST files it.
func ComplaintPath(on models.ComplaintOn, onID int64) string {
	return "/complaints/" + string(on) + "/" + id(onID)
}

// ModComplaintPath is where a moderator grants or rejects a complaint.
func ModComplaintPath(complaintID int64) string { return "/mod/complaints/" + id(complaintID) }

// MoreComplaintsPath is the appeals queue with the complaints after
// complaint id after, "" for none.
func MoreComplaintsPath(after int64) string {
	return withCursor(ModAppealsPath, "complaints_after", after)
}

// AdminOrganisationsPath lists the designated organisations and designates one.
const AdminOrganisationsPath = "/admin/organisations"

// EndDesignationPath is where an admin ends account userID's designation.
func EndDesignationPath(userID int64) string {
	return AdminOrganisationsPath + "/" + id(userID) + "/end"
}
