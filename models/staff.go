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

// StaffSignUp is a new staff account: a sign-up and its staff role.
type StaffSignUp struct {
	SignUp
	Role Role
}

// Validate checks the sign-up and the role, and normalizes the sign-up.
func (s *StaffSignUp) Validate() error {
	f := FieldErrors{}
	s.validate(f, s.Role)
	if !s.Role.IsStaff() {
		f.Add("role", "staff.role_invalid")
	}
	return f.Err()
}

// CreateStaff creates a staff account on behalf of the admin actorID and
// writes it to the audit log; only staff functions make staff.
// Errors: Invalid (with fields), Conflict when the name is taken.
func CreateStaff(ctx context.Context, db *gorm.DB, actorID int64, s StaffSignUp) (*User, error) {
	return createStaff(ctx, db, &actorID, s, map[string]string{})
}

// CreateStaffFromCommandLine creates a staff account for the operator of
// the server (`talksafe user create`), the way the first admin is made. The
// audit event has no actor and says it came from the command line.
// Errors: Invalid (with fields), Conflict when the name is taken.
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
		if u, err = insertUser(tx, s.SignUp, s.Role); err != nil {
			return err
		}
		detail["name"], detail["role"] = u.Name, string(u.Role)
		return auditBy(tx, actorID, "staff.create", "user", u.ID, detail)
	})
	return u, err
}
