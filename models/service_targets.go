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

// TargetFigure is how the items of one target fared: those answered in the
// period in time (Met) or late (Late), and those open now past the target
// (Overdue) or still within it (Pending).
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

// openTargetQueries count the items open now past their target and within
// it; each reads a partial index of what is open.
var openTargetQueries = map[ServiceTarget]string{
	TargetSevereDecided: `SELECT
			count(*) FILTER (WHERE now() > created_at + make_interval(secs => @within)) AS overdue,
			count(*) FILTER (WHERE now() <= created_at + make_interval(secs => @within)) AS pending
		FROM cases WHERE state <> 'resolved' AND severity >= ` + itoa(SevereFrom),
	TargetFirstResponse: `SELECT
			count(*) FILTER (WHERE now() > created_at + make_interval(secs => @within)) AS overdue,
			count(*) FILTER (WHERE now() <= created_at + make_interval(secs => @within)) AS pending
		FROM tickets WHERE state <> 'resolved' AND first_response_at IS NULL`,
}

// openTargets adds to answered (keys "target.met", "target.late", from the
// "target" part) the items open now. A ticket resolved without a reply (its
// user withdrew it) counts for neither side.
func openTargets(db *gorm.DB, answered map[string]int64) ([]TargetFigure, error) {
	out := make([]TargetFigure, 0, len(ServiceTargets))
	for _, t := range ServiceTargets {
		var f TargetFigure
		if err := db.Raw(openTargetQueries[t], map[string]any{"within": t.Within().Seconds()}).Scan(&f).Error; err != nil {
			return nil, err
		}
		f.Target = t
		f.Met, f.Late = answered[string(t)+".met"], answered[string(t)+".late"]
		out = append(out, f)
	}
	return out, nil
}

// ServiceTargetFigures is how each target fared over the stats page's
// window in the default time zone: the items answered in it (from the
// rollups and the rows since) and those open now. The metrics read it at
// each scrape.
func ServiceTargetFigures(ctx context.Context, db *gorm.DB) ([]TargetFigure, error) {
	db = db.WithContext(ctx)
	loc, err := time.LoadLocation(DefaultTimeZone)
	if err != nil {
		return nil, err
	}
	now := time.Now().In(loc)
	sums, err := windowSums(db, loc, startOfDay(now).AddDate(0, 0, -(StatsDays-1)), now, "target")
	if err != nil {
		return nil, err
	}
	return openTargets(db, sums.byMetric["target"])
}
