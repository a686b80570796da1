package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ServiceTarget is one of DOMAIN's service-level targets.
type ServiceTarget string

// The targets, each a time within which an item must be answered.
const (
	TargetSevereDecided ServiceTarget = "severe_decided" // severe reports (worst severity 4-5) decided within 24 hours
	TargetFirstResponse ServiceTarget = "first_response" // a ticket's first response within 24 hours
)

// ServiceTargets are the targets in the order the stats page shows them.
var ServiceTargets = []ServiceTarget{TargetSevereDecided, TargetFirstResponse}

// SevereDecisionTarget is how soon a severe case must be decided.
const SevereDecisionTarget = 24 * time.Hour

// SevereFrom is the worst severity from which a case is severe.
const SevereFrom = 4

// Within is the time the target gives.
func (t ServiceTarget) Within() time.Duration {
	if t == TargetFirstResponse {
		return FirstResponseTarget
	}
	return SevereDecisionTarget
}

// TargetFigure is how the items of one target that arrived in a period
// fared: answered in time (Met), answered late (Late), still unanswered
// past the target (Overdue), and still within it (Pending).
type TargetFigure struct {
	Target                      ServiceTarget
	Met, Late, Overdue, Pending int64
}

// Missed is every item that missed the target: answered late or overdue.
func (f TargetFigure) Missed() int64 { return f.Late + f.Overdue }

// MetPercent is the share of the items past their target time that met it,
// in whole percent; ok is false when none has reached it yet.
func (f TargetFigure) MetPercent() (pct int64, ok bool) {
	done := f.Met + f.Missed()
	if done == 0 {
		return 0, false
	}
	return f.Met * 100 / done, true
}

// serviceTargetQueries count, for items that arrived since ?, those answered
// within ? seconds, late, overdue and pending; each is one range scan of an
// index on the arrival time.
var serviceTargetQueries = map[ServiceTarget]string{
	TargetSevereDecided: `SELECT
			count(*) FILTER (WHERE state = 'resolved' AND resolved_at <= created_at + make_interval(secs => @within)) AS met,
			count(*) FILTER (WHERE state = 'resolved' AND resolved_at > created_at + make_interval(secs => @within)) AS late,
			count(*) FILTER (WHERE state <> 'resolved' AND now() > created_at + make_interval(secs => @within)) AS overdue,
			count(*) FILTER (WHERE state <> 'resolved' AND now() <= created_at + make_interval(secs => @within)) AS pending
		FROM cases WHERE severity >= ` + itoa(SevereFrom) + ` AND created_at >= @since`,
	TargetFirstResponse: `SELECT
			count(*) FILTER (WHERE first_response_at <= created_at + make_interval(secs => @within)) AS met,
			count(*) FILTER (WHERE first_response_at > created_at + make_interval(secs => @within)) AS late,
			count(*) FILTER (WHERE first_response_at IS NULL AND state <> 'resolved' AND now() > created_at + make_interval(secs => @within)) AS overdue,
			count(*) FILTER (WHERE first_response_at IS NULL AND state <> 'resolved' AND now() <= created_at + make_interval(secs => @within)) AS pending
		FROM tickets WHERE created_at >= @since`,
}

// ServiceTargetFigures counts how each target fared for the items that
// arrived since since. A ticket resolved without a reply (its user withdrew
// it) counts for neither side.
func ServiceTargetFigures(ctx context.Context, db *gorm.DB, since time.Time) ([]TargetFigure, error) {
	out := make([]TargetFigure, 0, len(ServiceTargets))
	for _, t := range ServiceTargets {
		var f TargetFigure
		if err := db.WithContext(ctx).Raw(serviceTargetQueries[t],
			map[string]any{"since": since, "within": t.Within().Seconds()}).Scan(&f).Error; err != nil {
			return nil, err
		}
		f.Target = t
		out = append(out, f)
	}
	return out, nil
}
