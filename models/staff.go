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

// CreateStaff creates a staff account on behalf of the admin actorID and
// writes it to the audit log. Errors: Invalid (with fields), Conflict.
func CreateStaff(ctx context.Context, db *gorm.DB, actorID int64, s SignUp) (*User, error) {
	if !s.Role.IsStaff() {
		return nil, &Error{Code: Invalid, Message: "Choose a staff role.",
			Fields: map[string]string{"role": "Choose moderator, support or admin."}}
	}
	var u *User
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if u, err = CreateUser(ctx, tx, s); err != nil {
			return err
		}
		return audit(tx, actorID, "staff.create", "user", u.ID, map[string]string{"name": u.Name, "role": string(u.Role)})
	})
	return u, err
}
