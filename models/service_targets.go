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
	TargetLegalAnswered ServiceTarget = "legal_answered" // an illegal-filming deletion request answered within 14 days
)

// ServiceTargets are the targets in the order the stats page shows them.
var ServiceTargets = []ServiceTarget{TargetSevereDecided, TargetLegalAnswered, TargetFirstResponse}

// LegalAnswerTarget is how soon an illegal-filming deletion request must be
// answered (전기통신사업법 22-5): its deadline_at, 14 days after it was
// filed unless extended once. A request answered by its (extended)
// deadline meets the target.
const LegalAnswerTarget = 14 * 24 * time.Hour

// legalDeadline is the SQL deadline of an illegal-filming request x.
const legalDeadline = `coalesce(deadline_at, created_at + make_interval(secs => @legal))`

// SevereDecisionTarget is how soon a severe case must be decided.
const SevereDecisionTarget = 24 * time.Hour

// SevereFrom is the worst severity from which a case is severe.
const SevereFrom = 4

// Within is the time the target gives.
func (t ServiceTarget) Within() time.Duration {
	switch t {
	case TargetFirstResponse:
		return FirstResponseTarget
	case TargetLegalAnswered:
		return LegalAnswerTarget
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

// pendingTargetQueries count the items open now and still within their
// target: the recent ones, read from an index of what is open by age. The
// overdue ones are the rest of what is open.
var pendingTargetQueries = map[ServiceTarget]string{
	TargetSevereDecided: `SELECT count(*) FROM cases WHERE state IN ('open', 'claimed', 'escalated') AND severity IN (4, 5)
		AND created_at >= now() - make_interval(secs => @within)`,
	TargetFirstResponse: `SELECT count(*) FROM tickets WHERE state <> 'resolved' AND first_response_at IS NULL
		AND created_at >= now() - make_interval(secs => @within)`,
	TargetLegalAnswered: `SELECT count(*) FROM legal_requests WHERE kind = 'illegal_filming' AND state <> 'decided'
		AND ` + legalDeadline + ` > now()`,
}

// openTargets adds to answered (keys "target.met", "target.late", from the
// "target" part) the items open now: pending within the target, overdue
// past it. severeOpen is every severe case open (from the case counts); the
// tickets waiting for a first answer and the open illegal-filming requests
// are few and counted from their indexes.
// A ticket resolved without a reply (its user withdrew it) counts for
// neither side.
func openTargets(db *gorm.DB, answered map[string]int64, severeOpen int64) ([]TargetFigure, error) {
	var waiting struct{ Tickets, Legal int64 }
	if err := db.Raw(`SELECT (SELECT count(*) FROM tickets WHERE state <> 'resolved' AND first_response_at IS NULL) AS tickets,
		(SELECT count(*) FROM legal_requests WHERE kind = 'illegal_filming' AND state <> 'decided') AS legal`).Scan(&waiting).Error; err != nil {
		return nil, err
	}
	out := make([]TargetFigure, 0, len(ServiceTargets))
	for _, t := range ServiceTargets {
		f := TargetFigure{Target: t, Met: answered[string(t)+".met"], Late: answered[string(t)+".late"]}
		if err := db.Raw(pendingTargetQueries[t], map[string]any{"within": t.Within().Seconds(),
			"legal": LegalAnswerTarget.Seconds()}).Scan(&f.Pending).Error; err != nil {
			return nil, err
		}
		open := severeOpen
		switch t {
		case TargetFirstResponse:
			open = waiting.Tickets
		case TargetLegalAnswered:
			open = waiting.Legal
		}
		f.Overdue = max(open-f.Pending, 0)
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
	open, err := openCaseCounts(db)
	if err != nil {
		return nil, err
	}
	var severeOpen int64
	for _, c := range open {
		if c.Severity >= SevereFrom {
			severeOpen += c.N
		}
	}
	return openTargets(db, sums.byMetric["target"], severeOpen)
}
