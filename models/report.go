package models

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ReportReason is one of the Reasons for Reporting.
type ReportReason string

// ReasonInfo is a reason's label and the severity that orders the queue.
type ReasonInfo struct {
	Code     ReportReason
	Label    string
	Severity int
}

// Reasons are the Reasons for Reporting, in the order the Report pop-up
// shows them.
var Reasons = []ReasonInfo{
	{"sexual_exploitation", "Child sexual exploitation or illegally filmed content", 5},
	{"threat", "Threats, violence or terrorism", 4},
	{"self_harm", "Suicide or self-harm", 4},
	{"personal_info", "Leaking someone's personal information", 3},
	{"obscene", "Obscene or sexual content", 3},
	{"illegal_gambling", "Illegal gambling, drugs or other illegal goods", 3},
	{"fraud", "Fraud, phishing or account theft", 3},
	{"harassment", "Abuse, harassment or defamation", 2},
	{"hate", "Hate speech or discrimination", 2},
	{"harmful_to_minors", "Harmful to minors", 2},
	{"spam", "Spam, advertising or flooding", 1},
	{ReasonOther, "Other (describe)", 1},
}

// ReasonOther needs a sentence in the report's text box.
const ReasonOther ReportReason = "other"

func (r ReportReason) info() (ReasonInfo, bool) {
	for _, i := range Reasons {
		if i.Code == r {
			return i, true
		}
	}
	return ReasonInfo{}, false
}

// Valid reports whether r is a known reason.
func (r ReportReason) Valid() bool { _, ok := r.info(); return ok }

// Label is the reason as the pop-up words it.
func (r ReportReason) Label() string {
	if i, ok := r.info(); ok {
		return i.Label
	}
	return string(r)
}

// Severity orders the queue: 5 is the worst.
func (r ReportReason) Severity() int { i, _ := r.info(); return i.Severity }

// ReasonList is a report's reasons, stored as a PostgreSQL text[].
type ReasonList []ReportReason

// Value writes the list as an array literal; codes need no quoting.
func (l ReasonList) Value() (driver.Value, error) {
	parts := make([]string, len(l))
	for i, r := range l {
		if !r.Valid() {
			return nil, fmt.Errorf("unknown report reason %q", r)
		}
		parts[i] = string(r)
	}
	return "{" + strings.Join(parts, ",") + "}", nil
}

// Scan reads an array literal such as {spam,other}.
func (l *ReasonList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("report reasons: cannot scan %T", src)
	}
	s = strings.Trim(s, "{}")
	*l = (*l)[:0]
	if s == "" {
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		*l = append(*l, ReportReason(strings.Trim(p, `"`)))
	}
	return nil
}

// SubjectType is what a report is about.
type SubjectType string

// The subjects of reports.
const (
	SubjectPost    SubjectType = "post"
	SubjectComment SubjectType = "comment"
	SubjectMessage SubjectType = "message"
)

// Valid reports whether s is a known subject type.
func (s SubjectType) Valid() bool {
	return s == SubjectPost || s == SubjectComment || s == SubjectMessage
}

// Label names the subject type for people.
func (s SubjectType) Label() string {
	switch s {
	case SubjectPost:
		return "Board post"
	case SubjectComment:
		return "Comment"
	}
	return "Chat message"
}

// ReportState is where a report stands, as stored.
type ReportState string

// Report states.
const (
	ReportReceived    ReportState = "received"
	ReportUnderReview ReportState = "under_review"
	ReportUpheld      ReportState = "upheld"
	ReportRejected    ReportState = "rejected"
	ReportFalse       ReportState = "false"
)

// Report is one user's report of one subject.
type Report struct {
	ID             int64
	ReporterID     int64
	ReportedUserID int64
	SubjectType    SubjectType
	SubjectID      int64
	CaseID         int64
	Reasons        ReasonList `gorm:"type:text[]"`
	Detail         string
	State          ReportState
	AlsoBlocked    bool
	CreatedAt      time.Time
	DecidedAt      *time.Time
}

// Report rules' numbers.
const (
	MaxReportDetail      = 1000
	ReportsPerHour       = 20
	EvidenceContext      = 5 // messages kept before and after a reported one
	reportAdvisoryLockNS = 7401
)

// ErrFriendNotReportable is the answer to reporting a friend's message: a
// friend (hidden or not) must first be deleted or blocked.
var ErrFriendNotReportable = &Error{Code: Forbidden,
	Message: "You can't report a message from your friends. Delete or block the friend first, then report the message."}

// ReportTarget is a subject as the Report pop-up shows it.
type ReportTarget struct {
	Type       SubjectType
	ID         int64
	AuthorID   int64
	AuthorName string // as the reporter sees them
	Excerpt    string
	RoomID     int64 // the chat room of a message, or the Open Chat room of a post or comment
	PostID     int64 // the post of a post or a comment
	Title      string
	Body       string
	WrittenAt  time.Time
}

// ReportTargetFor returns the subject reporterID wants to report, with the
// rules that do not depend on the form already applied. Errors: NotFound
// (no such subject, or one the reporter cannot see), Invalid (their own),
// ErrFriendNotReportable, Conflict (reported already), Restricted.
func ReportTargetFor(ctx context.Context, db *gorm.DB, reporterID int64, typ SubjectType, id int64) (*ReportTarget, error) {
	var t *targetRow
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		t, err = reportTarget(tx, reporterID, typ, id)
		return err
	})
	if t == nil {
		return nil, err
	}
	return &t.ReportTarget, err
}

// targetRow is a subject with what the rules need to know about it.
type targetRow struct {
	ReportTarget
	FriendState FriendState // the reporter's view of the author
	Done        int64       // the reporter's reports of this subject
	LastHour    int64       // the reporter's reports in the last hour
	// The reporter's restriction from reporting in force, if any.
	Restricted       bool
	RestrictedReason string
	RestrictedUntil  *time.Time
	ReporterTimeZone string
}

// targetChecks are the columns every target query adds for the rules.
const targetChecks = `, coalesce(fr.state, '') AS friend_state,
	(SELECT count(*) FROM reports r WHERE r.reporter_id = @rep AND r.subject_type = @typ AND r.subject_id = @id) AS done,
	(SELECT count(*) FROM reports r WHERE r.reporter_id = @rep AND r.created_at > now() - interval '1 hour') AS last_hour,
	rs.id IS NOT NULL AS restricted, coalesce(rs.policy_reason, '') AS restricted_reason, rs.ends_at AS restricted_until,
	(SELECT time_zone FROM users WHERE id = @rep) AS reporter_time_zone`

// targetRestriction joins the reporter's restriction from reporting.
const targetRestriction = `
	LEFT JOIN LATERAL (SELECT id, policy_reason, ends_at FROM restrictions
		WHERE user_id = @rep AND scope IN ('reporting', 'service') AND lifted_at IS NULL
			AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now())
		ORDER BY ends_at DESC NULLS FIRST LIMIT 1) rs ON true`

var targetQueries = map[SubjectType]string{
	SubjectMessage: `SELECT c.sender_id AS author_id, c.room_id, c.body, c.created_at AS written_at,
			CASE WHEN hp.user_id IS NULL THEN u.display_name ELSE u.name END AS author_name` + targetChecks + `
		FROM chat_messages c
		JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = @rep AND m.active
		JOIN users u ON u.id = c.sender_id
		LEFT JOIN friendships hp ON hp.user_id = c.sender_id AND hp.friend_id = m.user_id AND hp.state = 'blocked' AND hp.hide_profile
		LEFT JOIN friendships fr ON fr.user_id = @rep AND fr.friend_id = c.sender_id` + targetRestriction + `
		WHERE c.id = @id AND c.id > m.cleared_through AND (c.delivered OR c.sender_id = m.user_id)`,
	SubjectPost: `SELECT p.author_id, p.room_id, p.id AS post_id, p.title, p.body, p.created_at AS written_at,
			u.display_name AS author_name` + targetChecks + `
		FROM board_posts p
		JOIN open_chat_members om ON om.room_id = p.room_id AND om.user_id = @rep
		JOIN users u ON u.id = p.author_id
		LEFT JOIN friendships fr ON fr.user_id = @rep AND fr.friend_id = p.author_id` + targetRestriction + `
		WHERE p.id = @id AND p.deleted_at IS NULL`,
	SubjectComment: `SELECT c.author_id, p.room_id, p.id AS post_id, p.title, c.body, c.created_at AS written_at,
			u.display_name AS author_name` + targetChecks + `
		FROM board_comments c
		JOIN board_posts p ON p.id = c.post_id AND p.deleted_at IS NULL
		JOIN open_chat_members om ON om.room_id = p.room_id AND om.user_id = @rep
		JOIN users u ON u.id = c.author_id
		LEFT JOIN friendships fr ON fr.user_id = @rep AND fr.friend_id = c.author_id` + targetRestriction + `
		WHERE c.id = @id AND c.deleted_at IS NULL`,
}

func reportTarget(tx *gorm.DB, reporterID int64, typ SubjectType, id int64) (*targetRow, error) {
	if !typ.Valid() {
		return nil, Errorf(NotFound, "There is nothing like that to report.")
	}
	var t targetRow
	res := tx.Raw(targetQueries[typ], map[string]any{"rep": reporterID, "typ": string(typ), "id": id}).Scan(&t)
	if res.Error != nil {
		return nil, res.Error
	}
	t.Type, t.ID = typ, id
	alreadyReported := Errorf(Conflict, "You already reported this. You can follow it under My reports.")
	if res.RowsAffected == 0 {
		if err := ensureAllowed(tx, reporterID, ScopeReporting, "reporting"); err != nil {
			return nil, err
		}
		// A reported chat message is gone from the reporter's side: say why.
		var done int64
		if err := tx.Model(&Report{}).Where("reporter_id = ? AND subject_type = ? AND subject_id = ?", reporterID, typ, id).
			Count(&done).Error; err != nil {
			return nil, err
		}
		if done > 0 {
			return nil, alreadyReported
		}
		return nil, Errorf(NotFound, "That %s does not exist, or it is not one you can see.", strings.ToLower(typ.Label()))
	}
	switch {
	case t.Restricted:
		return nil, restrictedError("reporting", t.RestrictedReason, t.RestrictedUntil, (&User{TimeZone: t.ReporterTimeZone}).Location())
	case t.Done > 0:
		return nil, alreadyReported
	case t.AuthorID == reporterID:
		return nil, Errorf(Invalid, "You cannot report yourself.")
	case typ == SubjectMessage && (t.FriendState == FriendStateFriend || t.FriendState == FriendStateHidden):
		return &t, ErrFriendNotReportable
	}
	t.Excerpt = firstLineOf(t.Body, 140)
	return &t, nil
}

func firstLineOf(s string, n int) string {
	line, _, more := strings.Cut(s, "\n")
	if r := []rune(line); len(r) > n {
		return string(r[:n]) + "…"
	}
	if more {
		return line + " …"
	}
	return line
}

// ReportInput is a filled-in Report pop-up.
type ReportInput struct {
	Type      SubjectType
	ID        int64
	Reasons   []string
	Detail    string
	AlsoBlock bool // posts and comments: also block the author
}

func (in *ReportInput) validate() (ReasonList, error) {
	f := FieldErrors{}
	in.Detail = strings.TrimSpace(in.Detail)
	var reasons ReasonList
	seen := map[ReportReason]bool{}
	for _, r := range in.Reasons {
		rr := ReportReason(r)
		if !rr.Valid() {
			f.Add("reasons", "Choose from the Reasons for Reporting listed.")
			continue
		}
		if !seen[rr] {
			seen[rr] = true
			reasons = append(reasons, rr)
		}
	}
	if len(in.Reasons) == 0 {
		f.Add("reasons", "Check at least one of the Reasons for Reporting.")
	}
	if n := utf8.RuneCountInString(in.Detail); n > MaxReportDetail {
		f.Add("detail", fmt.Sprintf("Use at most 1,000 characters; this has %d.", n))
	} else if seen[ReasonOther] && in.Detail == "" {
		f.Add("detail", "Other needs a sentence: describe what is wrong.")
	}
	return reasons, f.Err()
}

// FiledReport says what filing a report did.
type FiledReport struct {
	ReportID    int64
	CaseID      int64
	Type        SubjectType
	Blocked     bool   // the reported person is now blocked for the reporter
	BlockedName string // as the reporter sees them
	RoomDeleted bool   // a chat report deleted the room from the reporter's side
}

// FileReport files reporterID's report, all in one transaction: the
// evidence snapshot, the report, the case it joins and, for a chat message,
// the room and its messages deleted from the reporter's side and the sender
// blocked for them. A second submit of the same report changes nothing.
// Errors: those of ReportTargetFor, Invalid (with fields), Throttled (more
// than 20 reports in an hour).
func FileReport(ctx context.Context, db *gorm.DB, reporterID int64, in ReportInput) (*FiledReport, error) {
	reasons, err := in.validate()
	if err != nil {
		return nil, err
	}
	var out *FiledReport
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// One reporter's filings queue up: the hourly count and the
		// one-report-per-subject rule hold under concurrent submits.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?, ?)", reportAdvisoryLockNS, int32(reporterID)).Error; err != nil {
			return err
		}
		t, err := reportTarget(tx, reporterID, in.Type, in.ID)
		if err != nil {
			return err
		}
		if t.LastHour >= ReportsPerHour {
			return Errorf(Throttled, "You have filed %d reports in the last hour, the most we take. Please try again later; if you are in danger, contact Customer Service or the police.", t.LastHour)
		}
		out, err = fileReport(tx, reporterID, &t.ReportTarget, reasons, in)
		return err
	})
	return out, err
}

func fileReport(tx *gorm.DB, reporterID int64, t *ReportTarget, reasons ReasonList, in ReportInput) (*FiledReport, error) {
	severity := 1
	for _, r := range reasons {
		severity = max(severity, r.Severity())
	}
	isMessage := t.Type == SubjectMessage
	blocked := isMessage || in.AlsoBlock
	var ids struct{ ReportID, CaseID int64 }
	err := tx.Raw(fileReportSQL, map[string]any{
		"rep": reporterID, "author": t.AuthorID, "typ": string(t.Type), "id": t.ID, "severity": severity,
		"reasons": reasons, "detail": in.Detail, "blocked": blocked, "message": isMessage,
		"room": t.RoomID, "title": t.Title, "body": t.Body, "at": t.WrittenAt, "n": EvidenceContext,
	}).Scan(&ids).Error
	if isUniqueViolation(err) {
		return nil, Errorf(Conflict, "You already reported this. You can follow it under My reports.")
	}
	if err != nil {
		return nil, err
	}
	return &FiledReport{ReportID: ids.ReportID, CaseID: ids.CaseID, Type: t.Type, Blocked: blocked,
		BlockedName: t.AuthorName, RoomDeleted: isMessage}, nil
}

// visibleMessagesSQL is a room's messages as the reporter has them. It is
// spelled out where used, not shared in a CTE: a CTE used twice is
// materialized, and a room may hold a million messages.
const visibleMessagesSQL = `SELECT c.id, c.sender_id, c.body, c.created_at FROM chat_messages c
	JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = @rep
	WHERE c.room_id = @room AND c.id > m.cleared_through AND (c.delivered OR c.sender_id = m.user_id)`

// fileReportSQL writes everything a report does in one statement: the case
// (joined or opened), the report, the evidence snapshot (for a message, the
// message and at most @n before and after it, as the reporter had them),
// and for a chat message the room deleted from the reporter's side; the
// author blocked when @blocked. Every part sees the data as it was before.
const fileReportSQL = `WITH
	kase AS (
		INSERT INTO cases (subject_type, subject_id, reported_user_id, severity, reporter_count)
		VALUES (@typ, @id, @author, @severity, 1)
		ON CONFLICT (subject_type, subject_id) WHERE state <> 'resolved' DO UPDATE
		SET severity = greatest(cases.severity, EXCLUDED.severity), reporter_count = cases.reporter_count + 1, updated_at = now()
		RETURNING id),
	report AS (
		INSERT INTO reports (reporter_id, reported_user_id, subject_type, subject_id, case_id, reasons, detail, also_blocked)
		SELECT @rep, @author, @typ, @id, kase.id, @reasons, @detail, @blocked FROM kase
		RETURNING id, case_id),
	snap AS (
		INSERT INTO evidence_snapshots (report_id, subject_type, room_name, title, body, author_id, written_at)
		SELECT report.id, @typ, CASE WHEN @message THEN '' ELSE coalesce((SELECT name FROM open_chat_rooms WHERE id = @room), '') END,
			@title, @body, @author, @at
		FROM report
		RETURNING id),
	context AS (
		INSERT INTO evidence_messages (snapshot_id, message_id, sender_id, body, sent_at, reported)
		SELECT snap.id, x.id, x.sender_id, x.body, x.created_at, x.id = @id FROM snap, (
			(` + visibleMessagesSQL + ` AND c.id < @id ORDER BY c.id DESC LIMIT @n)
			UNION ALL
			(` + visibleMessagesSQL + ` AND c.id >= @id ORDER BY c.id LIMIT @n + 1)) x
		WHERE @message),
	leave AS (
		UPDATE chat_members SET active = false, last_message_id = NULL,
			cleared_through = (SELECT coalesce(max(id), 0) FROM chat_messages WHERE room_id = @room)
		WHERE @message AND room_id = @room AND user_id = @rep AND active),
	block AS (
		INSERT INTO friendships (user_id, friend_id, state) SELECT @rep, @author, 'blocked' WHERE @blocked
		ON CONFLICT (user_id, friend_id) DO UPDATE SET state = 'blocked', updated_at = now())
SELECT id AS report_id, case_id FROM report`
