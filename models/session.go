package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Session is a server-side session row. The cookie holds the raw id, signed;
// the table holds only its SHA-256. The HTTP side (cookies, gorilla/sessions)
// lives in handlers; this file keeps the rows.
type Session struct {
	IDHash    []byte `gorm:"primaryKey"`
	UserID    *int64
	Data      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
	ExpiresAt time.Time
}

// SessionData returns the stored values of the live session id; ok is false
// when there is none (never made, expired or deleted). It returns only
// database errors.
func SessionData(ctx context.Context, db *gorm.DB, id string) (data []byte, ok bool, err error) {
	var row Session
	err = db.WithContext(ctx).Where("id_hash = ? AND expires_at > now()", sessionHash(id)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return row.Data, true, nil
}

// SessionUser returns the user logged in by the live session id, in one
// query that also says whether their whole account is restricted now
// (User.ServiceRestricted, as ServiceRestricted answers it); nil when there
// is none. A session in use is kept alive: once a day
// its expiry moves to maxAge from now, so only sessions left unused expire.
// It returns only database errors.
func SessionUser(ctx context.Context, db *gorm.DB, id string, maxAge time.Duration) (*User, error) {
	var row struct {
		User
		SessionUpdatedAt time.Time
		InService        bool // restricted from the whole service
	}
	hash := sessionHash(id)
	err := db.WithContext(ctx).Raw(sessionUserSQL, hash).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if time.Since(row.SessionUpdatedAt) > 24*time.Hour {
		err := db.WithContext(ctx).Exec("UPDATE sessions SET updated_at = now(), expires_at = now() + make_interval(secs => ?) WHERE id_hash = ?",
			int(maxAge.Seconds()), hash).Error
		if err != nil {
			return nil, err
		}
	}
	row.User.ServiceRestricted = row.InService
	return &row.User, nil
}

// sessionUserSQL reads the user logged in by the session whose id hashes to
// ?, with the session's last update and whether the whole service is
// restricted for them.
var sessionUserSQL = `SELECT u.*, s.updated_at AS session_updated_at, ` + serviceRestrictedSQL("u.id") + ` AS in_service
	FROM sessions s JOIN users u ON u.id = s.user_id
	WHERE s.id_hash = ? AND s.expires_at > now() AND u.deactivated_at IS NULL`

// SaveSession stores the values data of session id, logged in as userID
// (nil: nobody), until expires. It returns only database errors.
func SaveSession(ctx context.Context, db *gorm.DB, id string, userID *int64, data []byte, expires time.Time) error {
	now := time.Now()
	row := Session{IDHash: sessionHash(id), UserID: userID, Data: data, CreatedAt: now, UpdatedAt: now, ExpiresAt: expires}
	return db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id_hash"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "data", "updated_at", "expires_at"}),
	}).Create(&row).Error
}

// endedByRestriction is what a session ended by a 'service' restriction
// holds in place of its values: it logs nobody in, and the log-in page can
// tell whoever still has its cookie that the account is restricted.
var endedByRestriction = []byte("ended by a service restriction")

// endSessionsForRestriction logs userID out everywhere at once, inside tx,
// keeping each session's row (without its user) until it expires so that
// its cookie tells why.
func endSessionsForRestriction(tx *gorm.DB, userID int64) error {
	return tx.Exec("UPDATE sessions SET user_id = NULL, data = ? WHERE user_id = ?", endedByRestriction, userID).Error
}

// SessionEndedByRestriction reports whether session id was ended by a
// 'service' restriction on its account. It returns only database errors.
func SessionEndedByRestriction(ctx context.Context, db *gorm.DB, id string) (bool, error) {
	var ended bool
	err := db.WithContext(ctx).Raw("SELECT EXISTS (SELECT 1 FROM sessions WHERE id_hash = ? AND user_id IS NULL AND data = ? AND expires_at > now())",
		sessionHash(id), endedByRestriction).Scan(&ended).Error
	return ended, err
}

// DeleteSession deletes session id, logging it out for good: a copied
// cookie stops working the moment its row is gone. It returns only
// database errors.
func DeleteSession(ctx context.Context, db *gorm.DB, id string) error {
	return db.WithContext(ctx).Where("id_hash = ?", sessionHash(id)).Delete(&Session{}).Error
}

// NewSessionID returns a new random session id.
func NewSessionID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func sessionHash(id string) []byte {
	h := sha256.Sum256([]byte(id))
	return h[:]
}
