package models

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// HoldSubject is what a legal hold covers: a user, a 1:1 chat room or a case.
type HoldSubject string

// The subjects of a legal hold.
const (
	HoldUser HoldSubject = "user"
	HoldRoom HoldSubject = "room"
	HoldCase HoldSubject = "case"
)

// HoldSubjects are the subjects a hold may cover, in the form's order.
var HoldSubjects = []HoldSubject{HoldUser, HoldRoom, HoldCase}

// table is the table of the subject's rows.
func (s HoldSubject) table() string {
	switch s {
	case HoldUser:
		return "users"
	case HoldRoom:
		return "chat_rooms"
	case HoldCase:
		return "cases"
	}
	return ""
}

// LegalHold stops every retention purge of what it covers until released.
type LegalHold struct {
	ID            int64
	SubjectType   HoldSubject
	SubjectID     int64
	Reason        string
	PlacedBy      *int64
	PlacedAt      time.Time
	ReleasedBy    *int64
	ReleasedAt    *time.Time
	ReleaseReason string
}

// HoldEntry is a hold with the names of who placed and released it.
type HoldEntry struct {
	LegalHold
	PlacedByName, ReleasedByName string
}

// HoldInput is the form that places a hold.
type HoldInput struct {
	SubjectType string
	SubjectID   string
	Reason      string
}

// MaxHoldReason is the longest reason a hold takes.
const MaxHoldReason = 500

// validate checks the form and returns the subject.
func (in HoldInput) validate() (HoldSubject, int64, string, error) {
	errs := FieldErrors{}
	st := HoldSubject(in.SubjectType)
	if st.table() == "" {
		errs.Add("subject_type", "hold.subject_type")
	}
	id, err := strconv.ParseInt(strings.TrimSpace(in.SubjectID), 10, 64)
	if err != nil || id <= 0 {
		errs.Add("subject_id", "hold.subject_id")
	}
	reason := strings.TrimSpace(in.Reason)
	switch {
	case reason == "":
		errs.Add("reason", "hold.reason_required")
	case utf8.RuneCountInString(reason) > MaxHoldReason:
		errs.Add("reason", "hold.reason_too_long", strconv.Itoa(MaxHoldReason))
	}
	return st, id, reason, errs.Err()
}

// PlaceHold places a legal hold by admin actor on the subject in: nothing it
// covers is purged until it is released. Audited (hold.place). Errors:
// Forbidden (not an admin), Invalid (fields subject_type, subject_id: no
// such user, room or case; reason).
func PlaceHold(ctx context.Context, db *gorm.DB, actor *User, in HoldInput) (*LegalHold, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, err
	}
	st, id, reason, err := in.validate()
	if err != nil {
		return nil, err
	}
	h := &LegalHold{SubjectType: st, SubjectID: id, Reason: reason, PlacedBy: &actor.ID}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var exists bool
		if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM "+st.table()+" WHERE id = ?)", id).Scan(&exists).Error; err != nil {
			return err
		}
		if !exists {
			return fieldError("subject_id", "hold.no_subject")
		}
		if err := tx.Omit("PlacedAt").Create(h).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "hold.place", "hold", h.ID,
			map[string]any{"subject_type": string(st), "subject": id, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// ErrHoldReleased refuses releasing a hold that is released already.
var ErrHoldReleased = Coded(Conflict, "hold.released_already")

// ReleaseHold releases hold id by admin actor, with an optional note; the
// purge may then take what it covered. Audited (hold.release). Errors:
// Forbidden, NotFound, Conflict (released already), Invalid (field reason).
func ReleaseHold(ctx context.Context, db *gorm.DB, actor *User, id int64, note string) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxHoldReason {
		return fieldError("release_reason", "hold.reason_too_long", strconv.Itoa(MaxHoldReason))
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var h LegalHold
		err := tx.Raw("SELECT * FROM legal_holds WHERE id = ? FOR UPDATE", id).Take(&h).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Coded(NotFound, "hold.not_found")
		}
		if err != nil {
			return err
		}
		if h.ReleasedAt != nil {
			return ErrHoldReleased
		}
		if err := tx.Exec("UPDATE legal_holds SET released_at = now(), released_by = ?, release_reason = ? WHERE id = ?",
			actor.ID, note, id).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "hold.release", "hold", id,
			map[string]any{"subject_type": string(h.SubjectType), "subject": h.SubjectID, "reason": note})
	})
}

// LegalHolds returns the holds in force, then the 50 released last, newest
// first in each, with the names of the admins.
func LegalHolds(ctx context.Context, db *gorm.DB) (active, released []HoldEntry, err error) {
	q := func(where, order string, limit int) ([]HoldEntry, error) {
		var out []HoldEntry
		err := db.WithContext(ctx).Table("legal_holds h").
			Select("h.*, coalesce(p.name, '') AS placed_by_name, coalesce(r.name, '') AS released_by_name").
			Joins("LEFT JOIN users p ON p.id = h.placed_by").Joins("LEFT JOIN users r ON r.id = h.released_by").
			Where(where).Order(order).Limit(limit).Scan(&out).Error
		return out, err
	}
	if active, err = q("h.released_at IS NULL", "h.id DESC", 1000); err != nil {
		return nil, nil, err
	}
	released, err = q("h.released_at IS NOT NULL", "h.released_at DESC, h.id DESC", 50)
	return active, released, err
}
