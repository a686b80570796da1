package handlers

import (
	"bytes"
	"encoding/gob"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"gorm.io/gorm"

	"talksafe/models"
)

// sessionUserKey is the session value that holds the logged-in user's id.
const sessionUserKey = "uid"

// sessionStore is a gorilla/sessions Store that keeps sessions in
// PostgreSQL (models.Session rows), so that logging out, or ending a user's
// sessions, works for real: a copied cookie stops working the moment its
// row is gone.
type sessionStore struct {
	db      *gorm.DB
	codecs  []securecookie.Codec
	Options *sessions.Options
}

// newSessionStore returns a store whose cookies are signed with secret.
func newSessionStore(db *gorm.DB, secret []byte, secure bool) *sessionStore {
	return &sessionStore{
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
func (s *sessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// cookieID is the session id in the request's signed cookie name; "" when
// the cookie is missing, forged or stale.
func (s *sessionStore) cookieID(r *http.Request, name string) string {
	c, err := r.Cookie(name)
	if err != nil {
		return ""
	}
	var id string
	if err := securecookie.DecodeMulti(name, c.Value, &id, s.codecs...); err != nil {
		return ""
	}
	return id
}

// New loads the session named by the request's cookie, or starts a new one.
func (s *sessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	session := sessions.NewSession(s, name)
	opts := *s.Options
	session.Options = &opts
	session.IsNew = true
	id := s.cookieID(r, name)
	if id == "" {
		return session, nil // no cookie, or a forged or stale one: a fresh session
	}
	data, ok, err := models.SessionData(r.Context(), s.db, id)
	if err != nil || !ok {
		return session, err
	}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&session.Values); err != nil {
		return session, nil
	}
	session.ID = id
	session.IsNew = false
	return session, nil
}

// User returns the user logged in by the request's session cookie; nil when
// the cookie is missing, forged, expired or logged out.
func (s *sessionStore) User(r *http.Request, name string) (*models.User, error) {
	id := s.cookieID(r, name)
	if id == "" {
		return nil, nil
	}
	return models.SessionUser(r.Context(), s.db, id, time.Duration(s.Options.MaxAge)*time.Second)
}

// EndedByRestriction reports whether the request's session cookie names a
// session that a 'service' restriction on its account ended.
func (s *sessionStore) EndedByRestriction(r *http.Request, name string) (bool, error) {
	id := s.cookieID(r, name)
	if id == "" {
		return false, nil
	}
	return models.SessionEndedByRestriction(r.Context(), s.db, id)
}

// Save stores the session and sets its cookie; a negative MaxAge deletes both.
func (s *sessionStore) Save(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	ctx := r.Context()
	if session.Options.MaxAge < 0 {
		if session.ID != "" {
			if err := models.DeleteSession(ctx, s.db, session.ID); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(session.Name(), "", session.Options))
		return nil
	}
	if session.ID == "" {
		session.ID = models.NewSessionID()
	}
	var data bytes.Buffer
	if err := gob.NewEncoder(&data).Encode(session.Values); err != nil {
		return err
	}
	var uid *int64
	if v, ok := session.Values[sessionUserKey].(int64); ok {
		uid = &v
	}
	expires := time.Now().Add(time.Duration(session.Options.MaxAge) * time.Second)
	if err := models.SaveSession(ctx, s.db, session.ID, uid, data.Bytes(), expires); err != nil {
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
func (s *sessionStore) Renew(r *http.Request, w http.ResponseWriter, session *sessions.Session) error {
	if session.ID != "" {
		if err := models.DeleteSession(r.Context(), s.db, session.ID); err != nil {
			return err
		}
	}
	session.ID = ""
	return s.Save(r, w, session)
}
