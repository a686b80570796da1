package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
)

// Scope is what a restriction takes away, after the Operation Policy's kinds.
type Scope string

// The restriction scopes.
const (
	ScopePosting   Scope = "posting"   // board posts and comments
	ScopeMessaging Scope = "messaging" // sending chat messages
	ScopeReporting Scope = "reporting" // filing reports
	ScopeService   Scope = "service"   // the whole account: only the notice and the appeal remain
)

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool {
	switch s {
	case ScopePosting, ScopeMessaging, ScopeReporting, ScopeService:
		return true
	}
	return false
}

// takenBy lists the scopes whose restriction takes s away: s itself and
// the whole service.
func (s Scope) takenBy() []Scope { return []Scope{s, ScopeService} }

// Restriction takes a scope away from a user until EndsAt (nil: permanent),
// unless lifted early.
type Restriction struct {
	ID           int64
	UserID       int64
	Scope        Scope
	PolicyReason string
	CaseID       *int64
	StartsAt     time.Time
	EndsAt       *time.Time
	CreatedBy    *int64
	InternalNote string
	UserNote     string
	LiftedAt     *time.Time
	LiftedBy     *int64
	LiftReason   string
	CreatedAt    time.Time
}

// restrictionInForce is the condition of a restriction in force now: not
// lifted, started, and not yet ended (a nil end is permanent). Restrictions
// end by themselves: no job flips them.
const restrictionInForce = "lifted_at IS NULL AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now())"

// ActiveRestriction returns the user's restriction in force that takes away
// scope (a 'service' restriction takes away every scope), the one that ends
// last; nil when there is none.
func ActiveRestriction(ctx context.Context, db *gorm.DB, userID int64, scope Scope) (*Restriction, error) {
	var r Restriction
	err := db.WithContext(ctx).
		Where("user_id = ? AND scope IN ? AND "+restrictionInForce, userID, scope.takenBy()).
		Order("ends_at DESC NULLS FIRST").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ensureAllowed returns a Restricted error saying why and until when when
// the user may not use scope now.
func ensureAllowed(tx *gorm.DB, userID int64, scope Scope, doing string) error {
	r, err := ActiveRestriction(tx.Statement.Context, tx, userID, scope)
	if err != nil || r == nil {
		return err
	}
	u := User{TimeZone: DefaultTimeZone}
	if r.EndsAt != nil {
		if err := tx.Select("time_zone").Take(&u, userID).Error; err != nil {
			return err
		}
	}
	return restrictedError(doing, r.PolicyReason, r.EndsAt, u.Location())
}

// restrictedError says what a restriction takes away, why and until when
// (in loc); a nil until is permanent.
func restrictedError(doing, reason string, until *time.Time, loc *time.Location) error {
	when := "permanently"
	if until != nil {
		when = "until " + until.In(loc).Format("2006-01-02 15:04 MST")
	}
	e := Coded(Restricted, "account.restricted", doing, when, reason)
	e.Message = "restricted from " + doing + " " + when + " (" + reason + ")"
	return e
}
