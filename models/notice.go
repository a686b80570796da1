package models

import (
	"context"
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
	NoticeAppealDecided     NoticeKind = "appeal_decided"     // the appeal was upheld or the restriction lifted
	NoticeTicketReply       NoticeKind = "ticket_reply"       // Customer Service replied
	NoticeTicketResolved    NoticeKind = "ticket_resolved"    // Customer Service resolved a ticket
)

// Valid reports whether k is a known kind.
func (k NoticeKind) Valid() bool {
	switch k {
	case NoticeReportOutcome, NoticeContentRemoved, NoticeWarning, NoticeRestricted,
		NoticeRestrictionLifted, NoticeAppealDecided, NoticeTicketReply, NoticeTicketResolved:
		return true
	}
	return false
}

// Notice is one message to a user from the portal. It never names the
// reporter or the staff member who acted. Title is a short subject line
// (what it is about); Body is the staff's note to the user, if any.
type Notice struct {
	ID            int64
	UserID        int64
	Kind          NoticeKind
	Title         string
	Body          string
	ReportID      *int64
	RestrictionID *int64
	ReadAt        *time.Time
	CreatedAt     time.Time
}

// notify adds a notice for n.UserID inside tx.
func notify(tx *gorm.DB, n *Notice) error {
	if !n.Kind.Valid() {
		return Errorf(Internal, "unknown notice kind %q", n.Kind)
	}
	return tx.Omit("ID", "ReadAt", "CreatedAt").Create(n).Error
}

// Notices returns up to limit of userID's notices older than before (0:
// the newest), newest first, and the id to page on from (0: no more).
func Notices(ctx context.Context, db *gorm.DB, userID, before int64, limit int) ([]Notice, int64, error) {
	q := db.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var out []Notice
	if err := q.Find(&out).Error; err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[limit-1].ID
	}
	return out, next, nil
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
