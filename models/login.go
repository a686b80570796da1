package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// ErrBadCredentials is the one answer to a wrong name or a wrong password.
var ErrBadCredentials = Coded(Invalid, "login.bad_credentials")

// dummyHash is checked against when the name is unknown, so that a wrong
// name takes as long as a wrong password.
var dummyHash, _ = HashPassword("talksafe-timing-equalizer")

// Authenticate checks a log-in from the client address ip.
// Errors: Throttled after too many failures for the name or the address,
// ErrBadCredentials for a wrong name or password (never saying which).
func Authenticate(ctx context.Context, db *gorm.DB, name, password, ip string) (*User, error) {
	name = NormalizeName(name)
	keys := loginKeys(name, ip)
	if err := countLoginAttempt(ctx, db, keys); err != nil {
		return nil, err
	}
	var u User
	err := db.WithContext(ctx).Where("name = ?", name).First(&u).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		CheckPassword(dummyHash, password)
	case err != nil:
		return nil, err
	case CheckPassword(u.PasswordHash, password):
		if u.DeactivatedAt != nil {
			return nil, Coded(Forbidden, "login.deactivated")
		}
		return &u, loginSucceeded(ctx, db, keys[0], keys[1])
	}
	return nil, ErrBadCredentials
}

// ChangePassword replaces the user's password after checking the current
// one (which lifts an admin's demand for a new one), and ends every other
// session of the user: keepSession is the raw id of the session to keep.
// Errors: NotFound, Invalid (with fields).
func ChangePassword(ctx context.Context, db *gorm.DB, userID int64, keepSession, current, next, confirm string) error {
	u, err := UserByID(ctx, db, userID)
	if err != nil {
		return err
	}
	f := FieldErrors{}
	if !CheckPassword(u.PasswordHash, current) {
		f.Add("current", "password.not_current")
	}
	validatePassword(f, "password", next, u.Name)
	if next == current && !f.Has("current") {
		f.Add("password", "password.same_as_current")
	}
	if confirm != next {
		f.Add("confirm", "password.confirm_differs")
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&User{}).Where("id = ?", u.ID).
			Updates(map[string]any{"password_hash": hash, "must_change_password": false, "updated_at": time.Now()}).Error
		if err != nil {
			return err
		}
		return tx.Where("user_id = ? AND id_hash <> ?", u.ID, sessionHash(keepSession)).Delete(&Session{}).Error
	})
}
