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
)

// Valid reports whether s is a known appeal state.
func (s AppealState) Valid() bool {
	return s == AppealPending || s == AppealUpheld || s == AppealLifted
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
	if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM restrictions WHERE id = ? AND "+restrictionInForce+")", r.ID).
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
