package models

import (
	"context"

	"gorm.io/gorm"
)

// StaffAccounts lists the staff accounts, by role then name.
func StaffAccounts(ctx context.Context, db *gorm.DB) ([]User, error) {
	var us []User
	err := db.WithContext(ctx).Where("role <> ?", RoleUser).
		Order("CASE role WHEN 'admin' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, name").Find(&us).Error
	return us, err
}

// StaffSignUp is a new staff account: a sign-up (its Language the admin's
// choice, English when empty) and its staff role.
type StaffSignUp struct {
	SignUp
	Role Role
}

// Validate checks the sign-up, the role and the language, and normalizes
// the sign-up.
func (s *StaffSignUp) Validate() error {
	f := FieldErrors{}
	s.validate(f, s.Role)
	if !s.Role.IsStaff() {
		f.Add("role", "staff.role_invalid")
	}
	if s.Language == "" {
		s.Language = "en"
	}
	if _, ok := Languages[s.Language]; !ok {
		f.Add("language", "settings.language_invalid")
	}
	return f.Err()
}

// CreateStaff creates a staff account on behalf of the admin actorID and
// writes it to the audit log; only staff functions make staff. The admin
// chose its first password: the account must set its own at its first
// log-in. Errors: Invalid (with fields), Conflict when the name is taken.
func CreateStaff(ctx context.Context, db *gorm.DB, actorID int64, s StaffSignUp) (*User, error) {
	return createStaff(ctx, db, &actorID, s, map[string]string{})
}

// CreateStaffFromCommandLine creates a staff account for the operator of
// the server (`talksafe user create`), the way the first admin is made: the
// operator chose the password for themselves, so it stands. The audit event
// has no actor and says it came from the command line. Errors: Invalid
// (with fields), Conflict when the name is taken.
func CreateStaffFromCommandLine(ctx context.Context, db *gorm.DB, s StaffSignUp) (*User, error) {
	return createStaff(ctx, db, nil, s, map[string]string{"via": "command line"})
}

func createStaff(ctx context.Context, db *gorm.DB, actorID *int64, s StaffSignUp, detail map[string]string) (*User, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var u *User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if u, err = insertUser(tx, s.SignUp, s.Role, actorID != nil); err != nil {
			return err
		}
		detail["name"], detail["role"], detail["language"] = u.Name, string(u.Role), u.Language
		return auditBy(tx, actorID, "staff.create", "user", u.ID, detail)
	})
	return u, err
}

// ensureAdmin refuses anyone but an admin.
func ensureAdmin(actor *User) error {
	if actor == nil || !actor.Role.CanManageStaff() {
		return Coded(Forbidden, "staff.admins_only")
	}
	return nil
}

// ErrNoLongerAdmin refuses a staff change by an admin whose own account was
// deactivated or given another role since the request began.
var ErrNoLongerAdmin = Coded(Conflict, "staff.actor_changed")

// staffTarget locks the acting admin's row and staff account userID in one
// statement, in id order, so that two admins changing each other at once
// wait for one another instead of deadlocking (FOR NO KEY UPDATE: rows that
// refer to these accounts, such as a moderator's audit events, can still be
// written meanwhile); then it checks, under the lock, that actor is still an
// active admin. As the actor never changes themselves, the admin who acts is
// the one who remains: at least one active admin always does. Errors:
// Invalid (oneself: an admin cannot lock themselves out), Conflict (the
// actor was deactivated or given another role meanwhile), NotFound (no such
// staff account).
func staffTarget(tx *gorm.DB, actor *User, userID int64) (*User, error) {
	if userID == actor.ID {
		return nil, Coded(Invalid, "staff.not_yourself")
	}
	var rows []User
	if err := tx.Raw("SELECT * FROM users WHERE id IN (?, ?) ORDER BY id FOR NO KEY UPDATE", actor.ID, userID).Scan(&rows).Error; err != nil {
		return nil, err
	}
	var me, u *User
	for i := range rows {
		if rows[i].ID == actor.ID {
			me = &rows[i]
		} else {
			u = &rows[i]
		}
	}
	if me == nil || me.Role != RoleAdmin || me.DeactivatedAt != nil {
		return nil, ErrNoLongerAdmin
	}
	if u == nil || u.Role == RoleUser {
		return nil, Coded(NotFound, "staff.not_found")
	}
	return u, nil
}

// ChangeStaffRole gives staff account userID another staff role. Its
// sessions end, so the new role applies at once. Errors: Forbidden (not an
// admin), NotFound, Invalid (not a staff role, field "role"; oneself),
// Conflict (the actor is no longer an active admin).
func ChangeStaffRole(ctx context.Context, db *gorm.DB, actor *User, userID int64, role Role) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	if !role.IsStaff() {
		return fieldError("role", "staff.role_invalid")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := staffTarget(tx, actor, userID)
		if err != nil || u.Role == role {
			return err
		}
		if err := tx.Exec("UPDATE users SET role = ?, updated_at = now() WHERE id = ?", role, u.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", u.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "staff.role", "user", u.ID, map[string]string{"from": string(u.Role), "to": string(role)})
	})
}

// DeactivateStaff ends staff account userID: its sessions end at once and it
// cannot log in again; its audit trail stays. Errors: Forbidden (not an
// admin), NotFound, Invalid (oneself), Conflict (deactivated already; the
// actor is no longer an active admin).
func DeactivateStaff(ctx context.Context, db *gorm.DB, actor *User, userID int64) error {
	return changeStaff(ctx, db, actor, userID, func(tx *gorm.DB, u *User) error {
		if u.DeactivatedAt != nil {
			return Coded(Conflict, "staff.deactivated_already", u.Name)
		}
		if err := tx.Exec("UPDATE users SET deactivated_at = now(), updated_at = now() WHERE id = ?", u.ID).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM sessions WHERE user_id = ?", u.ID).Error; err != nil {
			return err
		}
		// Cases they held go back to the queue.
		if err := tx.Exec(`UPDATE cases SET claimed_by = NULL, claimed_at = NULL,
			state = CASE WHEN state = 'claimed' THEN 'open' ELSE state END WHERE claimed_by = ? AND state <> 'resolved'`, u.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "staff.deactivate", "user", u.ID, map[string]string{"name": u.Name, "role": string(u.Role)})
	})
}

// DeactivationPreview is what deactivating a staff account will do, for the
// admin to read before confirming.
type DeactivationPreview struct {
	User      User
	HeldCases int64 // open cases it holds, back to the queue
	Assigned  int64 // unresolved tickets assigned to it, which stay assigned
}

// PreviewDeactivation returns what DeactivateStaff would do to staff account
// userID, changing nothing. Errors: as DeactivateStaff's: Forbidden (not an
// admin), NotFound, Invalid (oneself), Conflict (deactivated already).
func PreviewDeactivation(ctx context.Context, db *gorm.DB, actor *User, userID int64) (*DeactivationPreview, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, err
	}
	p := &DeactivationPreview{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT * FROM users WHERE id = ? AND role <> 'user'", userID).Take(&p.User).Error; err != nil {
			return notFound(err, "staff.not_found")
		}
		if p.User.ID == actor.ID {
			return Coded(Invalid, "staff.not_yourself")
		}
		if p.User.DeactivatedAt != nil {
			return Coded(Conflict, "staff.deactivated_already", p.User.Name)
		}
		if err := tx.Raw("SELECT count(*) FROM cases WHERE claimed_by = ? AND state <> 'resolved'", userID).Scan(&p.HeldCases).Error; err != nil {
			return err
		}
		return tx.Raw("SELECT count(*) FROM tickets WHERE assigned_to = ? AND state <> 'resolved'", userID).Scan(&p.Assigned).Error
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// ReactivateStaff lets deactivated staff account userID log in again, with
// the role it had. Errors: Forbidden (not an admin), NotFound, Invalid
// (oneself), Conflict (not deactivated; the actor is no longer an active
// admin).
func ReactivateStaff(ctx context.Context, db *gorm.DB, actor *User, userID int64) error {
	return changeStaff(ctx, db, actor, userID, func(tx *gorm.DB, u *User) error {
		if u.DeactivatedAt == nil {
			return Coded(Conflict, "staff.active_already", u.Name)
		}
		if err := tx.Exec("UPDATE users SET deactivated_at = NULL, updated_at = now() WHERE id = ?", u.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "staff.reactivate", "user", u.ID, map[string]string{"name": u.Name, "role": string(u.Role)})
	})
}

// changeStaff runs change on staff account userID, locked, in one
// transaction, when actor is an admin (checked again under the lock).
// Errors: Forbidden (not an admin), NotFound, Invalid (oneself), Conflict
// (the actor is no longer an active admin), and change's.
func changeStaff(ctx context.Context, db *gorm.DB, actor *User, userID int64, change func(tx *gorm.DB, u *User) error) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u, err := staffTarget(tx, actor, userID)
		if err != nil {
			return err
		}
		return change(tx, u)
	})
}
