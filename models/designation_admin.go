package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Organisation is a designated organisation as the admin's page lists it.
type Organisation struct {
	ID               int64
	Name             string
	DisplayName      string
	Designation      Designation
	DesignatedAt     time.Time
	DesignatedByName string
	Reports          int64 // reports it filed, ever
}

// DesignatedOrganisations lists the designated organisations, the latest
// designated first, for admin actor. Errors: Forbidden (not an admin).
func DesignatedOrganisations(ctx context.Context, db *gorm.DB, actor *User) ([]Organisation, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, err
	}
	var out []Organisation
	err := db.WithContext(ctx).Raw(`SELECT u.id, u.name, u.display_name, u.designation, u.designated_at,
			coalesce(a.name, '') AS designated_by_name,
			(SELECT count(*) FROM reports r WHERE r.reporter_id = u.id) AS reports
		FROM users u LEFT JOIN users a ON a.id = u.designated_by
		WHERE u.designation IS NOT NULL ORDER BY u.designated_at DESC, u.id DESC`).Scan(&out).Error
	return out, err
}

// Designate marks the user account named name as a designated organisation
// of kind, on behalf of admin actor, and audits it. From then on its
// reports mark their cases (cases.designated_reporter) and come first after
// escalations and legal requests. Errors: Forbidden (not an admin), Invalid
// (field "name": empty, no such account, a staff account; field "kind": an
// unknown kind), Conflict (designated already).
func Designate(ctx context.Context, db *gorm.DB, actor *User, name string, kind Designation) (*User, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, err
	}
	name = strings.TrimPrefix(strings.TrimSpace(name), "@")
	f := FieldErrors{}
	if name == "" {
		f.Add("name", "designation.name_empty")
	}
	if !kind.Valid() {
		f.Add("kind", "designation.kind_invalid")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var u User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT * FROM users WHERE lower(name) = lower(?) FOR UPDATE", name).Take(&u).Error; err != nil {
			if e := AsError(notFound(err, "designation.no_account", name)); e != nil && e.Code == NotFound {
				return fieldError("name", "designation.no_account", name)
			}
			return err
		}
		if u.Role != RoleUser {
			return fieldError("name", "designation.staff", u.Name)
		}
		if u.Designated() {
			return Coded(Conflict, "designation.already", u.Name)
		}
		now := time.Now()
		if err := tx.Exec("UPDATE users SET designation = ?, designated_at = ?, designated_by = ?, updated_at = now() WHERE id = ?",
			kind, now, actor.ID, u.ID).Error; err != nil {
			return err
		}
		u.Designation, u.DesignatedAt, u.DesignatedBy = &kind, &now, &actor.ID
		return audit(tx, actor.ID, "designation.create", "user", u.ID, map[string]any{"name": u.Name, "kind": kind})
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// EndDesignation ends the designation of account userID on behalf of admin
// actor, and audits it. Cases it reported keep their place in the queue;
// its new reports are ordinary. Errors: Forbidden, NotFound (no such
// account), Conflict (not designated).
func EndDesignation(ctx context.Context, db *gorm.DB, actor *User, userID int64) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var u User
		if err := tx.Raw("SELECT * FROM users WHERE id = ? FOR UPDATE", userID).Take(&u).Error; err != nil {
			return notFound(err, "designation.not_found")
		}
		if !u.Designated() {
			return Coded(Conflict, "designation.not_designated", u.Name)
		}
		if err := tx.Exec("UPDATE users SET designation = NULL, designated_at = NULL, designated_by = NULL, updated_at = now() WHERE id = ?",
			u.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "designation.end", "user", u.ID, map[string]any{"name": u.Name, "kind": *u.Designation})
	})
}

// DesignatedReports is what designated organisations' reports came to, counted apart.
type DesignatedReports struct {
	Filed   int64
	Decided int64
	Upheld  int64
}

// UpheldPercent is the share of decided reports that were upheld, 0–100.
func (d DesignatedReports) UpheldPercent() int64 {
	if d.Decided == 0 {
		return 0
	}
	return d.Upheld * 100 / d.Decided
}

// designatedReports counts the reports filed since since by accounts that
// are designated organisations now.
func designatedReports(db *gorm.DB, since time.Time) (DesignatedReports, error) {
	var d DesignatedReports
	err := db.Raw(`SELECT count(*) AS filed,
			count(*) FILTER (WHERE r.state IN ('upheld', 'rejected', 'false')) AS decided,
			count(*) FILTER (WHERE r.state = 'upheld') AS upheld
		FROM reports r JOIN users u ON u.id = r.reporter_id
		WHERE u.designation IS NOT NULL AND r.created_at >= ?`, since).Scan(&d).Error
	return d, err
}
