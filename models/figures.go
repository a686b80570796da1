package models

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
)

// OpenCaseCount is how many unresolved cases are in one state at one worst
// severity.
type OpenCaseCount struct {
	State    string
	Severity int
	N        int64
}

// QueueFigures are the figures an on-call engineer alerts on.
type QueueFigures struct {
	OpenCases         []OpenCaseCount
	OldestOpenCaseAge time.Duration // 0: no open case
	OverdueTickets    int64         // past FirstResponseTarget with no first response
	// OldestOpenLegalRequestAge is the age of the oldest legal request
	// (illegal-filming or temporary measure) waiting for a moderator's
	// decision (0: none).
	OldestOpenLegalRequestAge time.Duration
	LegalHolds                int64          // in force
	Targets                   []TargetFigure // the service-level targets over the stats page's window
}

// ReadQueueFigures reads the queue figures in one snapshot.
func ReadQueueFigures(ctx context.Context, db *gorm.DB) (*QueueFigures, error) {
	f := &QueueFigures{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if f.OpenCases, err = openCaseCounts(tx); err != nil {
			return err
		}
		var row struct {
			Age     float64
			Legal   float64
			Overdue int64
			Holds   int64
		}
		if err := tx.Raw(`SELECT
			coalesce(extract(epoch FROM now() - (SELECT min(created_at) FROM cases WHERE state <> 'resolved')), 0) AS age,
			coalesce(extract(epoch FROM now() - (SELECT min(created_at) FROM legal_requests WHERE state = 'pending')), 0) AS legal,
			(SELECT count(*) FROM tickets WHERE first_response_at IS NULL AND state <> 'resolved' AND created_at < ?) AS overdue,
			(SELECT count(*) FROM legal_holds WHERE released_at IS NULL) AS holds`,
			time.Now().Add(-FirstResponseTarget)).Scan(&row).Error; err != nil {
			return err
		}
		f.OldestOpenCaseAge = time.Duration(row.Age * float64(time.Second))
		f.OldestOpenLegalRequestAge = time.Duration(row.Legal * float64(time.Second))
		f.OverdueTickets, f.LegalHolds = row.Overdue, row.Holds
		f.Targets, err = ServiceTargetFigures(ctx, tx)
		return err
	}, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	return f, err
}
