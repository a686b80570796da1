package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// MyReport is one line of a reporter's My reports.
type MyReport struct {
	ID          int64
	SubjectType SubjectType
	Reasons     ReasonList
	CreatedAt   time.Time
	State       ReportState
	CaseState   CaseState
	DecidedAt   *time.Time      // the decision that stands on its case
	SecondLook  *ComplaintState // the reporter's complaint about "no violation", if any
}

// Status is the report's state as its reporter may know it: received,
// under review, action taken or no violation found. Never the penalty.
func (r MyReport) Status() string {
	switch r.State {
	case ReportUpheld:
		return "Action taken"
	case ReportRejected, ReportFalse:
		return "No violation found"
	}
	if r.State == ReportUnderReview || r.CaseState.InReview() {
		return "Under review"
	}
	return "Received"
}

// MyReports returns up to limit of reporterID's reports older than before
// (0: the newest), newest first, and the id to page on from (0: no more).
func MyReports(ctx context.Context, db *gorm.DB, reporterID, before int64, limit int) ([]MyReport, int64, error) {
	q := db.WithContext(ctx).Table("reports r").
		Select(`r.id, r.subject_type, r.reasons, r.created_at, r.state, c.state AS case_state, d.created_at AS decided_at,
			(SELECT x.state FROM complaints x WHERE x.report_id = r.id) AS second_look`).
		Joins("JOIN cases c ON c.id = r.case_id").Joins("LEFT JOIN decisions d ON d.id = c.decision_id").
		Where("r.reporter_id = ?", reporterID).Order("r.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("r.id < ?", before)
	}
	var out []MyReport
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r MyReport) int64 { return r.ID })
	return out, next, nil
}

// MyReportByID returns one of reporterID's reports. Errors: NotFound.
func MyReportByID(ctx context.Context, db *gorm.DB, reporterID, reportID int64) (*Report, error) {
	var r Report
	if err := db.WithContext(ctx).Where("id = ? AND reporter_id = ?", reportID, reporterID).Take(&r).Error; err != nil {
		return nil, notFound(err, "report.not_found")
	}
	return &r, nil
}

// ReportedBoard is the Open Chat room of the post or comment report r is
// about, so the reporter can go back to it; nil for a chat message (or a
// room gone since). It returns only database errors.
func ReportedBoard(ctx context.Context, db *gorm.DB, r *Report) (*OpenChatRoom, error) {
	if r.SubjectType != SubjectPost && r.SubjectType != SubjectComment {
		return nil, nil
	}
	var rooms []OpenChatRoom
	err := db.WithContext(ctx).Raw(`SELECT o.* FROM open_chat_rooms o WHERE o.id = CASE ?
			WHEN 'post' THEN (SELECT room_id FROM board_posts WHERE id = ?)
			ELSE (SELECT p.room_id FROM board_comments m JOIN board_posts p ON p.id = m.post_id WHERE m.id = ?) END`,
		r.SubjectType, r.SubjectID, r.SubjectID).Scan(&rooms).Error
	if err != nil || len(rooms) == 0 {
		return nil, err
	}
	return &rooms[0], nil
}
