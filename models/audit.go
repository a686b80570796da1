package models

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"
)

// AuditEvent is one line of the append-only audit log: every staff action
// and every view of evidence. The database refuses UPDATE, DELETE and
// TRUNCATE on it, whoever asks.
type AuditEvent struct {
	ID          int64
	ActorID     *int64
	Action      string
	SubjectType string
	SubjectID   *int64
	Detail      json.RawMessage `gorm:"type:jsonb"`
	CreatedAt   time.Time
}

// audit appends an event by actorID (0: an automated rule) inside tx;
// detail is marshalled to JSON.
func audit(tx *gorm.DB, actorID int64, action, subjectType string, subjectID int64, detail any) error {
	return auditBy(tx, actorRef(actorID), action, subjectType, subjectID, detail)
}

// actorRef is a staff member's id as a nullable column holds it: nil for
// 0, the id of automation (a rule acting on its own).
func actorRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// auditBy is audit with an actor that may be nil: the server's operator
// working from the command line.
func auditBy(tx *gorm.DB, actorID *int64, action, subjectType string, subjectID int64, detail any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	ev := AuditEvent{ActorID: actorID, Action: action, SubjectType: subjectType, SubjectID: &subjectID, Detail: raw}
	return tx.Create(&ev).Error
}

// AuditEntry is an audit event with its actor's name, for reading.
type AuditEntry struct {
	AuditEvent
	ActorName string
}

// AuditLog returns up to limit events matching f, newest first, older than
// the event id before (0: from the newest), and the id to page on from (0:
// no more). loc reads f's dates. Errors: Invalid (fields subject_id, from,
// to).
func AuditLog(ctx context.Context, db *gorm.DB, f AuditFilter, loc *time.Location, before int64, limit int) ([]AuditEntry, int64, error) {
	limit = max(limit, 1)
	q := db.WithContext(ctx).Table("audit_events a").
		Select("a.*, coalesce(u.name, '') AS actor_name").
		Joins("LEFT JOIN users u ON u.id = a.actor_id").
		Order("a.id DESC").Limit(limit + 1)
	if err := f.validate(); err != nil {
		return nil, 0, err
	}
	if f.From != "" {
		q = q.Where("a.created_at >= ?", auditDay(f.From, loc))
	}
	if f.To != "" {
		q = q.Where("a.created_at < ?", auditDay(f.To, loc).AddDate(0, 0, 1))
	}
	if name := NormalizeName(f.Actor); name != "" {
		q = q.Where("a.actor_id = (SELECT id FROM users WHERE name = ?)", name)
	}
	if a := strings.TrimSpace(f.Action); strings.HasSuffix(a, ".") {
		q = q.Where("a.action LIKE ?", strings.ReplaceAll(a, "%", "")+"%")
	} else if a != "" {
		q = q.Where("a.action = ?", a)
	}
	if t := strings.TrimSpace(f.SubjectType); t != "" {
		q = q.Where("a.subject_type = ?", t)
	}
	if f.SubjectID > 0 {
		q = q.Where("a.subject_id = ?", f.SubjectID)
	}
	if before > 0 {
		q = q.Where("a.id < ?", before)
	}
	var out []AuditEntry
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r AuditEntry) int64 { return r.ID })
	return out, next, nil
}
