package models

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/gob"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Session is a server-side session row. The cookie holds the raw id, signed;
// the table holds only its SHA-256.
type Session struct {
	IDHash    []byte `gorm:"primaryKey"`
	UserID    *int64
	Data      []byte
	CreatedAt time.Time
	UpdatedAt time.Time
	ExpiresAt time.Time
}

// SessionUserKey is the session value that holds the logged-in user's id.
const SessionUserKey = "uid"

// SessionStore is a gorilla/sessions Store that keeps sessions in PostgreSQL,
// so that logging out, or ending a user's sessions, works for real: a copied
// cookie stops working the moment its row is gone.
type SessionStore struct {
	db      *gorm.DB
	codecs  []securecookie.Codec
	Options *sessions.Options
}

// NewSessionStore returns a store whose cookies are signed with secret.
func NewSessionStore(db *gorm.DB, secret []byte, secure bool) *SessionStore {
	return &SessionStore{
		db:     db,
		codecs: securecookie.CodecsFromPairs(secret),
		Options: &sessions.Options{
			Path:     "/",
			MaxAge:   int((14 * 24 * time.Hour).Seconds()),
			HttpOnly: true,
			Secure:   secure,
			SameSite: http.SameSiteLaxMode,
		},
	}
}

// Get returns the named session of the request, cached for the request.
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session named by the request's cookie, or starts a new one.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	session := sessions.NewSession(s, name)
	opts := *s.Options
	session.Options = &opts
	session.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return session, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, s.codecs...); err != nil {
		return session, nil // a forged or stale cookie starts a fresh session
	}
	var row Session
	err = s.db.WithContext(r.Context()).Where("id_hash = ? AND expires_at > now()", sessionHash(id)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return session, nil
	}
	if err != nil {
		return session, err
	}
	if err := gob.NewDecoder(bytes.NewReader(row.Data)).Decode(&session.Values); err != nil {
		return session, nil
	}
	session.ID = id
	session.IsNew = false
	return session, nil
}

// User returns the user logged in by the request's session cookie, in one
// query; nil when the cookie is missing, forged, expired or logged out. A
// session in use is kept alive: once a day its expiry moves to MaxAge from
// now, so only sessions left unused expire.
func (s *SessionStore) User(r *http.Request, name string) (*User, error) {
	c, err := r.Cookie(name)
	if err != nil {
		return nil, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, s.codecs...); err != nil {
		return nil, nil
	}
	var row struct {
		User
		SessionUpdatedAt time.Time
	}
	hash := sessionHash(id)
	ctx := r.Context()
	err = s.db.WithContext(ctx).Raw(`SELECT u.*, s.updated_at AS session_updated_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = ? AND s.expires_at > now()`, hash).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if time.Since(row.SessionUpdatedAt) > 24*time.Hour {
		err := s.db.WithContext(ctx).Exec("UPDATE sessions SET updated_at = now(), expires_at = now() + make_interval(secs => ?) WHERE id_hash = ?",
			s.Options.MaxAge, hash).Error
		if err != nil {
			return nil, err
		}
	}
	return &row.User, nil
}

// Save stores the session and sets its cookie; a negative MaxAge deletes both.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	ctx := r.Context()
	if session.Options.MaxAge < 0 {
		if session.ID != "" {
			if err := s.db.WithContext(ctx).Where("id_hash = ?", sessionHash(session.ID)).Delete(&Session{}).Error; err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(session.Name(), "", session.Options))
		return nil
	}
	if session.ID == "" {
		session.ID = newSessionID()
	}
	var data bytes.Buffer
	if err := gob.NewEncoder(&data).Encode(session.Values); err != nil {
		return err
	}
	var uid *int64
	if v, ok := session.Values[SessionUserKey].(int64); ok {
		uid = &v
	}
	now := time.Now()
	row := Session{IDHash: sessionHash(session.ID), UserID: uid, Data: data.Bytes(), CreatedAt: now, UpdatedAt: now,
		ExpiresAt: now.Add(time.Duration(session.Options.MaxAge) * time.Second)}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id_hash"}},
		DoUpdates: clause.AssignmentColumns([]string{"user_id", "data", "updated_at", "expires_at"}),
	}).Create(&row).Error
	if err != nil {
		return err
	}
	encoded, err := securecookie.EncodeMulti(session.Name(), session.ID, s.codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(session.Name(), encoded, session.Options))
	return nil
}

// Renew moves the session to a new id (at log-in, against session fixation):
// the old row is deleted and the values saved under the new id.
func (s *SessionStore) Renew(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	if session.ID != "" {
		if err := s.db.WithContext(r.Context()).Where("id_hash = ?", sessionHash(session.ID)).Delete(&Session{}).Error; err != nil {
			return err
		}
	}
	session.ID = ""
	return s.Save(r, w, session)
}

// DeleteExpiredSessions removes sessions past their expiry and login
// throttles past their window, and returns how many sessions it removed.
func DeleteExpiredSessions(db *gorm.DB) (int64, error) {
	res := db.Where("expires_at < now()").Delete(&Session{})
	if res.Error != nil {
		return 0, res.Error
	}
	window := max(NameLoginPolicy.Window, NameLoginPolicy.LockFor, AddressLoginPolicy.Window, AddressLoginPolicy.LockFor)
	err := db.Exec("DELETE FROM login_throttles WHERE last_failure_at < now() - make_interval(secs => ?)", window.Seconds()).Error
	return res.RowsAffected, err
}

func newSessionID() string {
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
