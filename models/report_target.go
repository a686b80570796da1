package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ReportTarget is a subject as the Report pop-up shows it.
type ReportTarget struct {
	Type       SubjectType
	ID         int64
	AuthorID   int64
	AuthorName string // as the reporter sees them
	Excerpt    string
	RoomID     int64 // the chat room of a message, or the Open Chat room of a post or comment
	PostID     int64 // the post of a post or a comment
	// AuthorHidden says the author is the reporter's hidden friend (whose
	// message cannot be reported: see ErrFriendNotReportable).
	AuthorHidden bool
	Title        string
	Body         string
	WrittenAt    time.Time
}

// DeletesChat reports whether filing the report deletes the chat room and
// its messages from the reporter's side: true for a chat message.
func (t *ReportTarget) DeletesChat() bool { return t.Type == SubjectMessage }

// AlwaysBlocks reports whether filing the report blocks the author for the
// reporter whatever they choose (a chat message); otherwise the pop-up
// offers "Also block".
func (t *ReportTarget) AlwaysBlocks() bool { return t.Type == SubjectMessage }

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
	// What fileIfAllowed filed (nil: nothing).
	ReportID, CaseID *int64
}

// targetChecks are the columns every target query adds for the rules.
const targetChecks = `, coalesce(fr.state, '') AS friend_state,
	(SELECT count(*) FROM reports r WHERE r.reporter_id = @rep AND r.subject_type = @typ AND r.subject_id = @id) AS done,
	(SELECT count(*) FROM reports r WHERE r.reporter_id = @rep AND r.created_at > now() - interval '1 hour') AS last_hour,
	rs.id IS NOT NULL AS restricted, coalesce(rs.policy_reason, '') AS restricted_reason, rs.ends_at AS restricted_until,
	(SELECT time_zone FROM users WHERE id = @rep) AS reporter_time_zone`

// scopeList writes scopes (checked values) as an SQL list.
func scopeList(scopes []Scope) string {
	quoted := make([]string, len(scopes))
	for i, sc := range scopes {
		quoted[i] = "'" + string(sc) + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// targetRestriction joins the reporter's restriction from reporting.
var targetRestriction = `
	LEFT JOIN LATERAL (SELECT id, policy_reason, ends_at FROM restrictions
		WHERE user_id = @rep AND scope IN ` + scopeList(ScopeReporting.takenBy()) + ` AND ` + restrictionInForce("restrictions") + `
		ORDER BY ends_at DESC NULLS FIRST LIMIT 1) rs ON true`

// withTypes writes each query's subject type, a checked value, into it as
// a literal (@typ), as the queue writes its filters: each type's statement
// keeps a plan of its own instead of a generic one for all three.
func withTypes(queries map[SubjectType]string) map[SubjectType]string {
	for typ, q := range queries {
		queries[typ] = strings.ReplaceAll(q, "@typ", sqlString(string(typ)))
	}
	return queries
}

var targetQueries = withTypes(map[SubjectType]string{
	SubjectMessage: `SELECT c.sender_id AS author_id, c.room_id, 0 AS post_id, '' AS title, c.body, c.created_at AS written_at,
			CASE WHEN hp.user_id IS NULL THEN u.display_name ELSE u.name END AS author_name` + targetChecks + `
		FROM chat_messages c
		JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = @rep AND m.active
		JOIN users u ON u.id = c.sender_id
		LEFT JOIN friendships hp ON hp.user_id = c.sender_id AND hp.friend_id = m.user_id AND hp.state = 'blocked' AND hp.hide_profile
		LEFT JOIN friendships fr ON fr.user_id = @rep AND fr.friend_id = c.sender_id` + targetRestriction + `
		WHERE c.id = @id AND ` + memberSeesMessage + ` AND c.removed_at IS NULL`,
	SubjectPost: `SELECT p.author_id, p.room_id, p.id AS post_id, p.title, p.body, p.created_at AS written_at,
			u.display_name AS author_name` + targetChecks + `
		FROM board_posts p
		JOIN open_chat_members om ON om.room_id = p.room_id AND om.user_id = @rep
		JOIN users u ON u.id = p.author_id
		LEFT JOIN friendships fr ON fr.user_id = @rep AND fr.friend_id = p.author_id` + targetRestriction + `
		WHERE p.id = @id AND p.deleted_at IS NULL AND p.removed_at IS NULL`,
	SubjectComment: `SELECT c.author_id, p.room_id, p.id AS post_id, p.title, c.body, c.created_at AS written_at,
			u.display_name AS author_name` + targetChecks + `
		FROM board_comments c
		JOIN board_posts p ON p.id = c.post_id AND p.deleted_at IS NULL
		JOIN open_chat_members om ON om.room_id = p.room_id AND om.user_id = @rep
		JOIN users u ON u.id = c.author_id
		LEFT JOIN friendships fr ON fr.user_id = @rep AND fr.friend_id = c.author_id` + targetRestriction + `
		WHERE c.id = @id AND c.deleted_at IS NULL AND c.removed_at IS NULL`,
})

func reportTarget(tx *gorm.DB, reporterID int64, typ SubjectType, id int64) (*targetRow, error) {
	if !typ.Valid() {
		return nil, Coded(NotFound, "report.no_such_subject_type")
	}
	var t targetRow
	res := tx.Raw(targetQueries[typ], map[string]any{"rep": reporterID, "id": id}).Scan(&t)
	if res.Error != nil {
		return nil, res.Error
	}
	return checkTarget(tx, reporterID, typ, id, &t, res.RowsAffected > 0)
}

// checkTarget applies the rules to t, the subject typ id as its query read
// it (found false: the query had no row).
func checkTarget(tx *gorm.DB, reporterID int64, typ SubjectType, id int64, t *targetRow, found bool) (*targetRow, error) {
	t.Type, t.ID, t.AuthorHidden = typ, id, t.FriendState == FriendStateHidden
	alreadyReported := Coded(Conflict, "report.already_reported")
	if !found {
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
		return nil, Coded(NotFound, "report.subject_not_found", NewMsg("report.subject_word."+string(typ)))
	}
	switch {
	case t.Restricted:
		return nil, restrictedError("reporting", t.RestrictedReason, t.RestrictedUntil, (&User{TimeZone: t.ReporterTimeZone}).Location())
	case t.Done > 0:
		return nil, alreadyReported
	case t.AuthorID == reporterID:
		return nil, Coded(Invalid, "report.not_yourself")
	case typ == SubjectMessage && t.FriendState.IsFriend():
		return t, ErrFriendNotReportable
	}
	t.Excerpt = firstLineOf(t.Body, 140)
	return t, nil
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
