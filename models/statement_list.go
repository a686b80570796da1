package models

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"gorm.io/gorm"
)

// StatementBatchSize is the most statements the API's multiple-statements
// endpoint takes in one request ('statements' => 'required|array|between:1,100').
const StatementBatchSize = 100

// StatementFilter narrows the statements of reasons to a period: days
// ("2026-11-21") in the viewer's zone, both ends included; empty: no end.
type StatementFilter struct{ From, To string }

// The statements filter's query parameters.
const (
	StatementKeyFrom = "from"
	StatementKeyTo   = "to"
)

// StatementFilterKeys are every query parameter of StatementFilter.
var StatementFilterKeys = []string{StatementKeyFrom, StatementKeyTo}

// ParseStatementFilter reads the filter from a query. Errors: Invalid with
// fields from and to (not a day).
func ParseStatementFilter(q url.Values) (StatementFilter, error) {
	f := StatementFilter{From: q.Get(StatementKeyFrom), To: q.Get(StatementKeyTo)}
	return f, AuditFilter{From: f.From, To: f.To}.validate()
}

// Values is f as a query, without the parameters that do not filter.
func (f StatementFilter) Values() url.Values {
	q := url.Values{}
	setParam(q, StatementKeyFrom, f.From)
	setParam(q, StatementKeyTo, f.To)
	return q
}

// where narrows q (statements as s) to f's period in loc.
func (f StatementFilter) where(q *gorm.DB, loc *time.Location) *gorm.DB {
	if f.From != "" {
		q = q.Where("s.created_at >= ?", auditDay(f.From, loc))
	}
	if f.To != "" {
		q = q.Where("s.created_at < ?", auditDay(f.To, loc).AddDate(0, 0, 1))
	}
	return q
}

// StatementItem is one statement as the admins' list shows it.
type StatementItem struct {
	ID                 int64
	Puid               string
	Kind               StatementKind
	CaseID             *int64
	DecisionGround     string
	Category           string
	SourceType         string
	AutomatedDetection bool
	AutomatedDecision  string
	CreatedAt          time.Time
}

// Statements returns up to limit statements of f's period older than
// before (0: the newest), newest first, and the id to page on (0: no more).
// Errors: Forbidden (not an admin), Invalid (fields from, to).
func Statements(ctx context.Context, db *gorm.DB, actor *User, f StatementFilter, loc *time.Location, before int64, limit int) ([]StatementItem, int64, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, 0, err
	}
	if err := (AuditFilter{From: f.From, To: f.To}).validate(); err != nil {
		return nil, 0, err
	}
	q := f.where(db.WithContext(ctx).Table("statements s").Select(`s.id, s.puid, s.kind, s.case_id, s.decision_ground, s.category,
		s.source_type, s.automated_detection, s.automated_decision, s.created_at`), loc).Order("s.id DESC").Limit(max(limit, 1) + 1)
	if before > 0 {
		q = q.Where("s.id < ?", before)
	}
	var out []StatementItem
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, max(limit, 1), func(r StatementItem) int64 { return r.ID })
	return out, next, nil
}

// StatementBatches is how many statements f's period holds and in how many
// batches of StatementBatchSize the download gives them. Errors: as
// Statements.
func StatementBatches(ctx context.Context, db *gorm.DB, actor *User, f StatementFilter, loc *time.Location) (n int64, batches int, err error) {
	if err := ensureAdmin(actor); err != nil {
		return 0, 0, err
	}
	if err := (AuditFilter{From: f.From, To: f.To}).validate(); err != nil {
		return 0, 0, err
	}
	if err := f.where(db.WithContext(ctx).Table("statements s"), loc).Count(&n).Error; err != nil {
		return 0, 0, err
	}
	return n, int((n + StatementBatchSize - 1) / StatementBatchSize), nil
}

// StatementDownload is batch (from 1, oldest first) of f's period exactly
// as the API's multiple-statements endpoint takes it: {"statements": [...]},
// at most StatementBatchSize. The download is audited. Errors: as
// Statements, NotFound (no such batch).
func StatementDownload(ctx context.Context, db *gorm.DB, actor *User, f StatementFilter, loc *time.Location, batch int) ([]byte, error) {
	n, batches, err := StatementBatches(ctx, db, actor, f, loc)
	if err != nil {
		return nil, err
	}
	if batch < 1 || batch > batches {
		return nil, Coded(NotFound, "statement.batch_not_found")
	}
	var bodies []json.RawMessage
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := f.where(tx.Table("statements s").Select("s.body"), loc).Order("s.id").
			Offset((batch - 1) * StatementBatchSize).Limit(StatementBatchSize).Scan(&bodies).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "statements.download", "statements", 0,
			map[string]any{"from": f.From, "to": f.To, "batch": batch, "batches": batches, "statements": len(bodies), "total": n})
	})
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Statements []json.RawMessage `json:"statements"`
	}{bodies})
}
