package models

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AppealState is where an appeal of a restriction stands.
type AppealState string

// The appeal states: pending until a moderator other than the one who
// decided upholds the restriction or lifts it.
const (
	AppealPending AppealState = "pending"
	AppealUpheld  AppealState = "upheld"
	AppealLifted  AppealState = "lifted"
	AppealClosed  AppealState = "closed" // its restriction was replaced by a longer one before it was judged
)

// Valid reports whether s is a known appeal state.
func (s AppealState) Valid() bool {
	return s == AppealPending || s == AppealUpheld || s == AppealLifted || s == AppealClosed
}

// MaxAppealLen is the longest appeal text, in characters.
const MaxAppealLen = 2000

// Appeal is a restricted user's one appeal of one restriction.
type Appeal struct {
	ID            int64
	RestrictionID int64
	UserID        int64
	Body          string
	State         AppealState
	DecidedBy     *int64
	DecidedAt     *time.Time
	DecisionNote  string
	CreatedAt     time.Time
}

// FileAppeal records userID's appeal of their restriction restrictionID.
// Errors: NotFound (no such restriction of theirs), Invalid (empty or too
// long text, field "body"; a restriction no longer in force), Conflict
// (appealed already: once per restriction).
func FileAppeal(ctx context.Context, db *gorm.DB, userID, restrictionID int64, body string) (*Appeal, error) {
	var a *Appeal
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		a, err = fileAppeal(tx, userID, restrictionID, body)
		return err
	})
	return a, err
}

// fileAppeal is FileAppeal inside tx, for callers that file an appeal with
// other writes (a Customer Service ticket in the "appeal a restriction"
// category).
func fileAppeal(tx *gorm.DB, userID, restrictionID int64, body string) (*Appeal, error) {
	body = strings.TrimSpace(body)
	f := FieldErrors{}
	if body == "" {
		f.Add("body", "appeal.body_empty")
	} else if n := utf8.RuneCountInString(body); n > MaxAppealLen {
		f.Add("body", "appeal.body_too_long")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var r Restriction
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ? AND user_id = ?", restrictionID, userID).Take(&r).Error; err != nil {
		return nil, notFound(err, "appeal.no_such_restriction")
	}
	var inForce bool
	if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM restrictions WHERE id = ? AND "+restrictionInForce("restrictions")+")", r.ID).
		Scan(&inForce).Error; err != nil {
		return nil, err
	}
	if !inForce {
		return nil, Coded(Invalid, "appeal.not_in_force")
	}
	a := Appeal{RestrictionID: r.ID, UserID: userID, Body: body, State: AppealPending}
	err := tx.Omit("ID", "DecidedBy", "DecidedAt", "CreatedAt").Create(&a).Error
	if isUniqueViolation(err) {
		return nil, Coded(Conflict, "appeal.already_appealed")
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// PendingAppeal is an appeal in the appeals queue, with its restriction.
type PendingAppeal struct {
	Appeal
	UserName      string
	Scope         Scope
	PolicyReason  string
	EndsAt        *time.Time
	CaseID        *int64
	DeciderID     *int64 // who restricted: they may not judge the appeal
	DeciderName   string
	RestrictionAt time.Time
}

// JudgeableBy reports whether u may decide the appeal: a moderator other
// than the one who decided the restriction.
func (a PendingAppeal) JudgeableBy(u *User) bool {
	return u != nil && u.Role.CanModerate() && !a.decidedBy(u)
}

// OwnRestrictionOf reports whether u is the moderator who decided the
// appealed restriction, and so may not judge the appeal.
func (a PendingAppeal) OwnRestrictionOf(u *User) bool {
	return u != nil && u.Role.CanModerate() && a.decidedBy(u)
}

func (a PendingAppeal) decidedBy(u *User) bool { return a.DeciderID != nil && *a.DeciderID == u.ID }

// PendingAppeals returns up to limit pending appeals, oldest first, after
// appeal id after (0: from the first), and the id to page on from.
func PendingAppeals(ctx context.Context, db *gorm.DB, after int64, limit int) ([]PendingAppeal, int64, error) {
	q := db.WithContext(ctx).Table("appeals a").
		Select(`a.*, u.name AS user_name, r.scope, r.policy_reason, r.ends_at, r.case_id, r.created_by AS decider_id,
			coalesce(d.name, '') AS decider_name, r.starts_at AS restriction_at`).
		Joins("JOIN restrictions r ON r.id = a.restriction_id").
		Joins("JOIN users u ON u.id = a.user_id").
		Joins("LEFT JOIN users d ON d.id = r.created_by").
		Where("a.state = ?", AppealPending).Order("a.id").Limit(limit + 1)
	if after > 0 {
		q = q.Where("a.id > ?", after)
	}
	var out []PendingAppeal
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r PendingAppeal) int64 { return r.ID })
	return out, next, nil
}

// DecideAppeal upholds the restriction (lift false) or lifts it (lift true)
// on appeal id, with a note to the user, and tells them. Lifting reverses
// the decision that wrote the restriction (ReverseCase's effects, via
// "appeal"). Errors: Forbidden
// (not a moderator, or the moderator who decided the restriction), NotFound,
// Conflict (decided already; upholding a restriction no longer in force).
func DecideAppeal(ctx context.Context, db *gorm.DB, actor *User, id int64, lift bool, note string) error {
	if err := ensureModerator(actor); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNoteLen {
		f := FieldErrors{}
		f.Add("note", "decision.note_too_long")
		return f.Err()
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var a Appeal
		if err := tx.Raw("SELECT * FROM appeals WHERE id = ? FOR UPDATE", id).Take(&a).Error; err != nil {
			return notFound(err, "decision.appeal_not_found")
		}
		if a.State != AppealPending {
			return Coded(Conflict, "decision.appeal_decided")
		}
		var r Restriction
		if err := tx.Take(&r, a.RestrictionID).Error; err != nil {
			return err
		}
		if r.CreatedBy != nil && *r.CreatedBy == actor.ID {
			return Coded(Forbidden, "decision.appeal_own")
		}
		if !lift && !r.InForce(time.Now()) {
			return Coded(Conflict, "decision.restriction_not_in_force")
		}
		state := AppealUpheld
		if lift {
			// A successful appeal reverses the decision behind the
			// restriction (content back, strikes withdrawn, the case back in
			// the queue); a restriction no decision stands behind is lifted.
			state = AppealLifted
			reversed, err := reverseOnAppeal(tx, actor, &r, note)
			if err != nil {
				return err
			}
			if !reversed && r.InForce(time.Now()) {
				if _, err := liftRestriction(tx, actor, r.ID, "Lifted on appeal. "+note); err != nil {
					return err
				}
			}
		}
		if err := tx.Exec("UPDATE appeals SET state = ?, decided_by = ?, decided_at = now(), decision_note = ? WHERE id = ?",
			state, actor.ID, note, a.ID).Error; err != nil {
			return err
		}
		if err := notify(tx, &Notice{UserID: a.UserID, Kind: NoticeAppealDecided, Body: note,
			RestrictionID: &r.ID, CaseID: r.CaseID}); err != nil {
			return err
		}
		return audit(tx, actor.ID, "appeal.decide", "appeal", a.ID, map[string]any{"state": state, "restriction": r.ID})
	})
}
