package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
)

// NoticeKind says what a notice tells its reader; the words a person reads
// are the view's, chosen by kind.
type NoticeKind string

// The kinds of notices.
const (
	NoticeReportOutcome     NoticeKind = "report_outcome"     // to a reporter: action taken or no violation
	NoticeContentRemoved    NoticeKind = "content_removed"    // to the author: removed by moderation
	NoticeWarning           NoticeKind = "warning"            // to the reported user
	NoticeRestricted        NoticeKind = "restricted"         // to the restricted user: scope, why, until when, how to appeal
	NoticeRestrictionLifted NoticeKind = "restriction_lifted" // lifted early or on appeal
	NoticeRestrictionEnded  NoticeKind = "restriction_ended"  // its end came: the scope is the user's again
	NoticeAppealDecided     NoticeKind = "appeal_decided"     // the appeal was upheld or the restriction lifted
	NoticeTicketReply       NoticeKind = "ticket_reply"       // Customer Service replied
	NoticeTicketResolved    NoticeKind = "ticket_resolved"    // Customer Service resolved a ticket
	NoticeDecisionReversed  NoticeKind = "decision_reversed"  // to the reported user: a decision on their content was reversed
	NoticeReportReopened    NoticeKind = "report_reopened"    // to a reporter: the decision on their report was reversed; reviewed again
	// NoticeFalseReportWarning warns a reporter whose reports were found
	// false twice in 30 days, explaining the policy, before any restriction.
	NoticeFalseReportWarning NoticeKind = "false_report_warning"
	// NoticeContentHidden tells an author their post or comment is hidden
	// from others while it is reviewed.
	NoticeContentHidden NoticeKind = "content_hidden"
	// Legal requests (legal.go): to the requester, that it was received,
	// its deadline extended, its outcome; to requester and author, that
	// the content is temporarily blocked; to the author, that a block
	// ended with the content back. Never naming the other side.
	NoticeLegalReceived NoticeKind = "legal_received"
	NoticeLegalExtended NoticeKind = "legal_extended"
	NoticeLegalOutcome  NoticeKind = "legal_outcome"
	NoticeLegalBlocked  NoticeKind = "legal_blocked"
	NoticeLegalRestored NoticeKind = "legal_restored"
	// NoticeComplaintDecided tells a complainant their complaint was
	// granted or rejected (complaint.go).
	NoticeComplaintDecided NoticeKind = "complaint_decided"
)

// Valid reports whether k is a known kind.
func (k NoticeKind) Valid() bool {
	switch k {
	case NoticeReportOutcome, NoticeContentRemoved, NoticeWarning, NoticeRestricted,
		NoticeRestrictionLifted, NoticeRestrictionEnded, NoticeAppealDecided, NoticeTicketReply, NoticeTicketResolved,
		NoticeDecisionReversed, NoticeReportReopened, NoticeFalseReportWarning, NoticeContentHidden,
		NoticeLegalReceived, NoticeLegalExtended, NoticeLegalOutcome, NoticeLegalBlocked, NoticeLegalRestored,
		NoticeComplaintDecided:
		return true
	}
	return false
}

// Notice is one message to a user from the portal. It never names the
// reporter or the staff member who acted. Its words are the view's, chosen
// by Kind from the data it points to, so that each reader reads it in their
// own language: Title holds only people's own words (a ticket's subject),
// "" for the other kinds (rows written before kept an English line there,
// which no page shows any more); Body is the staff's note to the user, if
// any.
type Notice struct {
	ID             int64
	UserID         int64
	Kind           NoticeKind
	Title          string
	Body           string
	ReportID       *int64
	RestrictionID  *int64
	CaseID         *int64 // the case decided, for its policy reason
	TicketID       *int64 // the Customer Service ticket it is about
	LegalRequestID *int64 // the legal request it is about
	Automated      bool   // the decision it tells of was an automated rule's
	ReadAt         *time.Time
	ComplaintID    *int64 // the complaint it answers
	CreatedAt      time.Time
}

// notify adds a notice for n.UserID inside tx.
func notify(tx *gorm.DB, n *Notice) error {
	if !n.Kind.Valid() {
		return Errorf(Internal, "unknown notice kind %q", n.Kind)
	}
	return tx.Omit("ID", "ReadAt", "CreatedAt").Create(n).Error
}

// NoticeItem is a notice with what its reader may know of the decision
// behind it: the outcome of their report, the policy, the restriction's
// scope and end, and whether they may still appeal. Never who reported or
// who decided.
type NoticeItem struct {
	Notice
	ReportState *ReportState // report_outcome: the report's decided state
	Policy      string       // the policy reason of the case or restriction
	Scope       *Scope
	EndsAt      *time.Time
	Permanent   bool // a restriction without end
	InForce     bool // the restriction still takes its scope away
	AppealState *AppealState
	SubjectType *SubjectType // what was reported or decided: a post, a comment, a message
	PostTitle   string       // the decided post's title, for its author's notice
	// The reader's report it is about: when it was filed and, for a post or a
	// comment, the Open Chat room it was in.
	ReportedAt *time.Time
	ReportRoom string
	// Statement is the statement of reasons of the decision the notice
	// tells its reader of (a removal, hide, temporary block or
	// restriction of theirs); Kind "" when none.
	Statement NoticeStatement `gorm:"embedded;embeddedPrefix:sor_"`
	// The legal request it is about, as its reader may know it: never who
	// asked (to the author) nor who decided.
	LegalKind        *LegalKind
	LegalContentKind *LegalContentKind
	LegalOutcome     *LegalOutcome
	LegalDeadline    *time.Time
	LegalBlockUntil  *time.Time
	LegalRequester   bool // the reader asked
	// What the reader may complain about from this notice (complaint.go):
	// the decision on their case that still stands, or the hide in force of
	// their post or comment; and where a complaint stands.
	DecisionID          *int64
	DecisionAt          *time.Time
	ComplaintHideID     *int64
	ComplaintState      *ComplaintState // complaint_decided: the complaint's; else the reader's complaint about it, if any
	ComplaintByReporter bool
}

// ComplaintOn is what the notice's "Appeal this decision" leads to, as
// the subject and id of the complaint page (the page itself sends a
// decision whose restriction is in force to its appeal); "" when the
// notice offers none: it is not about a restrictive decision or hide of
// the reader's, one was filed already, or ComplaintMonths have passed.
func (n NoticeItem) ComplaintOn(now time.Time) (ComplaintOn, int64) {
	if n.ComplaintState != nil {
		return "", 0
	}
	switch n.Kind {
	case NoticeContentRemoved, NoticeWarning, NoticeRestricted:
		if n.DecisionID != nil && n.DecisionAt != nil && !now.After(n.DecisionAt.AddDate(0, ComplaintMonths, 0)) {
			if n.Kind == NoticeRestricted && n.InForce && n.AppealState == nil {
				return "", 0 // Appealable: the restriction's own appeal is the complaint
			}
			if n.AppealState != nil {
				return "", 0
			}
			return ComplainDecision, *n.DecisionID
		}
	case NoticeContentHidden:
		if n.ComplaintHideID != nil {
			return ComplainHide, *n.ComplaintHideID
		}
	}
	return "", 0
}

// NoticeStatement is a statement of reasons as its affected user reads it.
type NoticeStatement struct {
	Kind      StatementKind
	Category  string
	Ground    string
	Reason    string // the policy code, or a legal request's content kind
	Source    string
	Automated string
	Detection bool
	Until     string // the end of the restriction or block (YYYY-MM-DD); "": none
}

// noticeStatementSQL finds the statement of reasons of notice n's decision
// for its reader: the restriction's, the removal's or hide's on the
// notice's case, or the temporary block's of its legal request (the
// author's; the requester's notice of it carries none).
const noticeStatementSQL = `LEFT JOIN LATERAL (SELECT st.kind AS sor_kind, st.category AS sor_category, st.decision_ground AS sor_ground,
		st.reason AS sor_reason, st.source_type AS sor_source, st.automated_decision AS sor_automated, st.automated_detection AS sor_detection,
		coalesce(st.body->>'end_date_visibility_restriction', st.body->>'end_date_account_restriction', st.body->>'end_date_service_restriction', '') AS sor_until
	FROM statements st WHERE st.user_id = n.user_id AND (st.restriction_id = n.restriction_id
		OR (n.kind = 'content_removed' AND st.kind = 'remove' AND st.case_id = n.case_id)
		OR (n.kind = 'content_hidden' AND st.kind = 'hide' AND st.case_id = n.case_id)
		OR (n.kind = 'legal_blocked' AND st.kind = 'temporary_block' AND st.legal_request_id = n.legal_request_id))
	ORDER BY st.id DESC LIMIT 1) sor ON true`

// ActionTaken reports whether a report_outcome notice says action was taken.
func (n NoticeItem) ActionTaken() bool { return n.ReportState != nil && *n.ReportState == ReportUpheld }

// NeedsCrisisHelp reports whether the notice tells its reader that what
// they wrote about suicide or self-harm was removed: they get the crisis
// help with it (DOMAIN "Penalties", "Crisis help").
func (n NoticeItem) NeedsCrisisHelp() bool {
	return n.Kind == NoticeContentRemoved && n.Policy == string(ReasonSelfHarm)
}

// NoticesNeedCrisisHelp reports whether any of list does.
func NoticesNeedCrisisHelp(list []NoticeItem) bool {
	return slices.ContainsFunc(list, NoticeItem.NeedsCrisisHelp)
}

// Appealable reports whether the reader may appeal the notice's restriction.
func (n NoticeItem) Appealable() bool {
	return n.Kind == NoticeRestricted && n.InForce && n.AppealState == nil
}

// Notices returns up to limit of userID's notices older than before (0:
// the newest), newest first, and the id to page on from (0: no more).
func Notices(ctx context.Context, db *gorm.DB, userID, before int64, limit int) ([]NoticeItem, int64, error) {
	q := db.WithContext(ctx).Table("notices n").
		Select(`n.*, CASE WHEN n.kind = ? THEN r.state END AS report_state,
			coalesce(s.policy_reason, c.policy_reason, '') AS policy, s.scope, s.ends_at,
			s.id IS NOT NULL AND s.ends_at IS NULL AS permanent,
			EXISTS (SELECT 1 FROM restrictions WHERE id = s.id AND `+restrictionInForce("restrictions")+`) AS in_force,
			a.state AS appeal_state, coalesce(c.subject_type, r.subject_type, lr.subject_type) AS subject_type,
			coalesce((SELECT p.title FROM board_posts p WHERE c.subject_type = 'post' AND p.id = c.subject_id), '') AS post_title,
			r.created_at AS reported_at,
			CASE WHEN n.kind IN ('content_removed', 'warning', 'restricted') THEN d.id END AS decision_id, d.created_at AS decision_at,
			(SELECT h.id FROM hidden_content h WHERE n.kind = 'content_hidden' AND h.subject_type = c.subject_type
				AND h.subject_id = c.subject_id AND h.ended_at IS NULL AND h.source <> 'legal_request') AS complaint_hide_id,
			coalesce(x.state, (SELECT y.state FROM complaints y WHERE y.user_id = n.user_id AND NOT y.by_reporter AND (
				(n.kind IN ('content_removed', 'warning', 'restricted') AND y.decision_id = d.id)
				OR (n.kind = 'content_hidden' AND y.hide_id IN (SELECT h.id FROM hidden_content h WHERE h.subject_type = c.subject_type AND h.subject_id = c.subject_id)))
				ORDER BY y.id DESC LIMIT 1)) AS complaint_state,
			coalesce(x.by_reporter, false) AS complaint_by_reporter,
			coalesce((SELECT o.name FROM board_posts p JOIN open_chat_rooms o ON o.id = p.room_id
				WHERE r.subject_type = 'post' AND p.id = r.subject_id),
				(SELECT o.name FROM board_comments m JOIN board_posts p ON p.id = m.post_id JOIN open_chat_rooms o ON o.id = p.room_id
				WHERE r.subject_type = 'comment' AND m.id = r.subject_id), '') AS report_room,
			lr.kind AS legal_kind, CASE WHEN lr.requester_id = n.user_id THEN lr.content_kind END AS legal_content_kind,
			nullif(lr.outcome, '') AS legal_outcome, lr.deadline_at AS legal_deadline, lr.block_until AS legal_block_until,
			coalesce(lr.requester_id = n.user_id, false) AS legal_requester, sor.*`,
			NoticeReportOutcome).
		Joins("LEFT JOIN reports r ON r.id = n.report_id AND r.reporter_id = n.user_id").
		Joins("LEFT JOIN restrictions s ON s.id = n.restriction_id AND s.user_id = n.user_id").
		Joins("LEFT JOIN cases c ON c.id = n.case_id AND c.reported_user_id = n.user_id").
		Joins("LEFT JOIN appeals a ON a.restriction_id = s.id").
		Joins(noticeStatementSQL).
		Joins("LEFT JOIN legal_requests lr ON lr.id = n.legal_request_id AND (lr.requester_id = n.user_id OR lr.author_id = n.user_id)").
		Joins("LEFT JOIN decisions d ON d.id = c.decision_id AND (d.kind IN ('remove', 'restrict') OR (d.kind = 'warn' AND d.removed))").
		Joins("LEFT JOIN complaints x ON x.id = n.complaint_id AND x.user_id = n.user_id").
		Where("n.user_id = ?", userID).Order("n.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("n.id < ?", before)
	}
	var out []NoticeItem
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r NoticeItem) int64 { return r.ID })
	return out, next, nil
}

// MarkNoticesShown marks as read userID's notices from id from through id
// through: the page of notices they have just opened.
func MarkNoticesShown(ctx context.Context, db *gorm.DB, userID, from, through int64) error {
	return db.WithContext(ctx).Model(&Notice{}).
		Where("user_id = ? AND id BETWEEN ? AND ? AND read_at IS NULL", userID, from, through).
		Update("read_at", gorm.Expr("now()")).Error
}

// UnreadNotices counts userID's notices not yet read.
func UnreadNotices(ctx context.Context, db *gorm.DB, userID int64) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Model(&Notice{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	return n, err
}

// MarkNoticesRead marks every notice of userID up to id through as read.
func MarkNoticesRead(ctx context.Context, db *gorm.DB, userID, through int64) error {
	return db.WithContext(ctx).Model(&Notice{}).
		Where("user_id = ? AND id <= ? AND read_at IS NULL", userID, through).
		Update("read_at", gorm.Expr("now()")).Error
}
