package models

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

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
	DecisionID   *int64 // the decision that wrote it, if any
	ReplacedBy   *int64 // the later restriction of the same scope that replaced it
	CreatedAt    time.Time
}

// restrictionInForce is the condition that the restriction t (the table's
// name or alias in the query) is in force now: not lifted, started, and not
// yet ended (a nil end is permanent). Restrictions end by themselves: no job
// flips them.
func restrictionInForce(t string) string {
	return t + ".lifted_at IS NULL AND " + t + ".starts_at <= now() AND (" + t + ".ends_at IS NULL OR " + t + ".ends_at > now())"
}

// ActiveRestriction returns the user's restriction in force that takes away
// scope (a 'service' restriction takes away every scope), the one that ends
// last; nil when there is none.
func ActiveRestriction(ctx context.Context, db *gorm.DB, userID int64, scope Scope) (*Restriction, error) {
	var r Restriction
	err := db.WithContext(ctx).
		Where("user_id = ? AND scope IN ? AND "+restrictionInForce("restrictions"), userID, scope.takenBy()).
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
// doing ("posting", "reporting", "sending messages") and the reason (a
// policy code) reach the page as message ids, worded in its language.
func restrictedError(doing, reason string, until *time.Time, loc *time.Location) error {
	what, why := NewMsg("account.doing_"+strings.ReplaceAll(doing, " ", "_")), policyRef(reason)
	e, when := Coded(Restricted, "account.restricted_permanently", what, why), "permanently"
	if until != nil {
		at := until.In(loc).Format("2006-01-02 15:04 MST")
		e, when = Coded(Restricted, "account.restricted_until", what, at, why), "until "+at
	}
	e.Message = "restricted from " + doing + " " + when + " (" + reason + ")"
	return e
}

// policyRef is an Operation Policy rule as an arg: its name as words (in
// the page's language); a reason that is no rule stays as it is.
func policyRef(code string) any {
	switch {
	case code == PolicyFalseReporting:
		return NewMsg("mod.policy." + code)
	case code != string(ReasonOther) && ReportReason(code).Valid():
		return NewMsg("reason." + code)
	}
	return code
}

// Scopes lists every scope, in the order the decision form offers them.
var Scopes = []Scope{ScopePosting, ScopeMessaging, ScopeReporting, ScopeService}

// InForce reports whether the restriction takes its scope away at now.
func (r *Restriction) InForce(now time.Time) bool {
	return r.LiftedAt == nil && !r.StartsAt.After(now) && (r.EndsAt == nil || r.EndsAt.After(now))
}

// CanLift reports whether u may lift the restriction at now: a moderator,
// while it is in force (LiftRestriction).
func (r *Restriction) CanLift(u *User, now time.Time) bool {
	return u != nil && u.Role.CanModerate() && r.InForce(now)
}

// restrictionOrder is a restriction to write: Scope taken from UserID for
// Days (0: permanent) under Policy, by ActorID (0: an automated action), on
// case CaseID if any.
type restrictionOrder struct {
	ActorID, UserID        int64
	Scope                  Scope
	Days                   int
	Policy                 string
	CaseID                 *int64
	DecisionID             *int64
	InternalNote, UserNote string
}

// actor is the order's actor, nil for an automated action.
func (o restrictionOrder) actor() *int64 {
	if o.ActorID == 0 {
		return nil
	}
	return &o.ActorID
}

// restrict writes the restriction o, sends its notice and audits it, inside
// tx. A 'service' restriction ends the user's sessions at once.
func restrict(tx *gorm.DB, o restrictionOrder) (*Restriction, error) {
	r := Restriction{UserID: o.UserID, Scope: o.Scope, PolicyReason: o.Policy, CaseID: o.CaseID, CreatedBy: o.actor(),
		InternalNote: o.InternalNote, UserNote: o.UserNote}
	q := `INSERT INTO restrictions (user_id, scope, policy_reason, case_id, decision_id, created_by, internal_note, user_note, ends_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? = 0 THEN NULL ELSE now() + make_interval(days => ?) END) RETURNING *`
	if err := tx.Raw(q, o.UserID, o.Scope, o.Policy, o.CaseID, o.DecisionID, o.actor(), o.InternalNote, o.UserNote, o.Days, o.Days).Scan(&r).Error; err != nil {
		return nil, err
	}
	rid := r.ID
	if err := notify(tx, &Notice{UserID: o.UserID, Kind: NoticeRestricted, Body: o.UserNote, RestrictionID: &rid, CaseID: o.CaseID}); err != nil {
		return nil, err
	}
	if o.Scope == ScopeService {
		if err := endSessionsForRestriction(tx, o.UserID); err != nil {
			return nil, err
		}
	}
	return &r, auditBy(tx, o.actor(), "restriction.create", "user", o.UserID,
		map[string]any{"restriction": r.ID, "scope": o.Scope, "days": o.Days, "policy": o.Policy})
}

// restrictOrReplace writes the restriction o unless one in force already
// takes its scope away for at least as long (then it writes nothing and
// returns nil: the decision only adds its strikes); restrictions of the same
// scope in force that end sooner are replaced by it (ended, naming it; a
// pending appeal of one is closed, and the user may appeal the new one).
func restrictOrReplace(tx *gorm.DB, o restrictionOrder) (*Restriction, error) {
	var covering []int64
	if err := tx.Raw(`SELECT id FROM restrictions WHERE user_id = ? AND scope IN ? AND `+restrictionInForce("restrictions")+`
		AND (ends_at IS NULL OR (?::int > 0 AND ends_at >= now() + make_interval(days => ?))) LIMIT 1`,
		o.UserID, o.Scope.takenBy(), o.Days, o.Days).Scan(&covering).Error; err != nil {
		return nil, err
	}
	if len(covering) > 0 {
		return nil, nil
	}
	r, err := restrict(tx, o)
	if err != nil {
		return nil, err
	}
	var replaced []int64
	if err := tx.Raw(`UPDATE restrictions SET lifted_at = now(), lifted_by = nullif(?, 0), lift_reason = ?, replaced_by = ?
		WHERE user_id = ? AND scope = ? AND id <> ? AND `+restrictionInForce("restrictions")+` RETURNING id`,
		o.actor(), "Replaced by restriction #"+itoa(r.ID)+".", r.ID, o.UserID, o.Scope, r.ID).Scan(&replaced).Error; err != nil {
		return nil, err
	}
	if len(replaced) == 0 {
		return r, nil
	}
	if err := tx.Exec("UPDATE appeals SET state = ?, decided_by = ?, decided_at = now() WHERE restriction_id IN ? AND state = ?",
		AppealClosed, o.actor(), replaced, AppealPending).Error; err != nil {
		return nil, err
	}
	return r, auditBy(tx, o.actor(), "restriction.replace", "user", o.UserID, map[string]any{"restriction": r.ID, "replaced": replaced})
}

// LiftRestriction ends restriction id early, for the reason given, and tells
// the user; a pending appeal of it ends with it (state lifted). Errors:
// Forbidden (not a moderator), NotFound, Invalid (no reason, field
// "reason"), Conflict (not in force any more).
func LiftRestriction(ctx context.Context, db *gorm.DB, actor *User, id int64, reason string) error {
	if err := ensureModerator(actor); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxNoteLen {
		f := FieldErrors{}
		f.Add("reason", "decision.lift_reason")
		return f.Err()
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		_, err := liftRestriction(tx, actor, id, reason)
		return err
	})
}

func liftRestriction(tx *gorm.DB, actor *User, id int64, reason string) (*Restriction, error) {
	var r Restriction
	if err := tx.Raw("SELECT * FROM restrictions WHERE id = ? FOR UPDATE", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "decision.restriction_not_found")
	}
	if !r.InForce(time.Now()) {
		return nil, Coded(Conflict, "decision.restriction_not_in_force")
	}
	if err := tx.Exec("UPDATE restrictions SET lifted_at = now(), lifted_by = ?, lift_reason = ? WHERE id = ?",
		actor.ID, reason, r.ID).Error; err != nil {
		return nil, err
	}
	// A pending appeal ends with the restriction: nothing is left to uphold.
	ended := tx.Exec("UPDATE appeals SET state = ?, decided_by = ?, decided_at = now() WHERE restriction_id = ? AND state = ?",
		AppealLifted, actor.ID, r.ID, AppealPending)
	if ended.Error != nil {
		return nil, ended.Error
	}
	if err := notify(tx, &Notice{UserID: r.UserID, Kind: NoticeRestrictionLifted, RestrictionID: &r.ID, CaseID: r.CaseID}); err != nil {
		return nil, err
	}
	return &r, audit(tx, actor.ID, "restriction.lift", "user", r.UserID,
		map[string]any{"restriction": r.ID, "reason": reason, "appeal_ended": ended.RowsAffected > 0})
}

// MyRestriction is a restriction as its user sees it: never who decided.
type MyRestriction struct {
	ID           int64
	Scope        Scope
	PolicyReason string
	StartsAt     time.Time
	EndsAt       *time.Time
	UserNote     string
	AppealState  *AppealState // nil: not appealed
	AppealBody   string       // the appeal's text, as the user wrote it
	AppealedAt   *time.Time
}

// Appealable reports whether the user may still appeal it: once each.
func (r MyRestriction) Appealable() bool { return r.AppealState == nil }

// MyRestrictions returns userID's restrictions in force, the one that ends
// last first.
func MyRestrictions(ctx context.Context, db *gorm.DB, userID int64) ([]MyRestriction, error) {
	var out []MyRestriction
	err := db.WithContext(ctx).Table("restrictions r").
		Select("r.id, r.scope, r.policy_reason, r.starts_at, r.ends_at, r.user_note, a.state AS appeal_state, "+
			"coalesce(a.body, '') AS appeal_body, a.created_at AS appealed_at").
		Joins("LEFT JOIN appeals a ON a.restriction_id = r.id").
		Where("r.user_id = ? AND "+restrictionInForce("r"), userID).
		Order("r.ends_at DESC NULLS FIRST, r.id DESC").Scan(&out).Error
	return out, err
}

// ServiceRestricted reports whether userID's whole account is restricted
// now: they may only read their notices and appeal.
func ServiceRestricted(ctx context.Context, db *gorm.DB, userID int64) (bool, error) {
	var in bool
	err := db.WithContext(ctx).Raw("SELECT "+serviceRestrictedSQL("?"), userID).Scan(&in).Error
	return in, err
}

// serviceRestrictedSQL is the condition that the user whose id is the SQL
// expression user has a service restriction in force.
func serviceRestrictedSQL(user string) string {
	return "EXISTS (SELECT 1 FROM restrictions WHERE user_id = " + user + " AND scope = '" + string(ScopeService) + "' AND " +
		restrictionInForce("restrictions") + ")"
}
