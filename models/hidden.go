package models

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Hidden pending review (DOMAIN "Automation"): a board post or comment
// others do not see while a case on it waits for a moderator; its author
// still sees it, with a banner. A rule hides it (later a hash-bank match or
// a legal request, each recording itself as the source); any decision on
// its case ends the hide (the content back, or removed with the decision),
// and a moderator may reverse the hide itself. 1:1 chat messages are never
// hidden: nobody but the two members sees them anyway.

// HideKind is what hid a subject.
type HideKind string

// What may hide a subject pending review.
const (
	HideByRule         HideKind = "rule"          // an automated rule; HideSource.ID is its version
	HideByHashBank     HideKind = "hash_bank"     // a hash-bank match; ID is the bank entry
	HideByLegalRequest HideKind = "legal_request" // a legal request; ID is the request
)

// Valid reports whether k is a known source of hides.
func (k HideKind) Valid() bool {
	return k == HideByRule || k == HideByHashBank || k == HideByLegalRequest
}

// HideSource says who or what hid a subject.
type HideSource struct {
	Kind   HideKind
	ID     int64  // the rule version, bank entry or request; 0 when none
	CaseID *int64 // the case the subject waits in, if any
	// Reason is the rule of the policy the hide is about, for its
	// statement of reasons; "": the case's worst reason (a legal request's
	// comes from the request).
	Reason ReportReason
	// BlockUntil makes the hide a temporary block (임시조치) that ends
	// then: its statement of reasons says so.
	BlockUntil *time.Time
}

// How a hide ended.
const (
	HideRestored = "restored" // a decision on the case left the content up
	HideRemoved  = "removed"  // a decision removed the content
	HideReversed = "reversed" // a moderator reversed the hide itself
)

// Hide is a hide of a subject, in force or ended, as staff read it.
type Hide struct {
	ID          int64
	SubjectType SubjectType
	SubjectID   int64
	Source      HideKind
	SourceID    *int64
	CaseID      *int64
	HiddenAt    time.Time
	EndedAt     *time.Time
	EndedBy     *int64
	Outcome     string
}

// InForce reports whether the subject is still hidden.
func (h *Hide) InForce() bool { return h.EndedAt == nil }

// Hideable reports whether a subject of type t can be hidden pending
// review: board posts and comments, public to their room.
func Hideable(t SubjectType) bool { return t == SubjectPost || t == SubjectComment }

// HidePendingReview hides subject t/id from everyone but its author inside
// the caller's transaction tx, recording what hid it, and audits it. It
// reports whether it hid the subject now: false when it is hidden already
// (concurrent callers hide it once; the database settles it) or is not a
// board post or comment. Errors: Invalid (an unknown source).
func HidePendingReview(tx *gorm.DB, t SubjectType, id int64, by HideSource) (bool, error) {
	if !by.Kind.Valid() {
		return false, Coded(Invalid, "hide.source_unknown")
	}
	if !Hideable(t) {
		return false, nil
	}
	var sourceID *int64
	if by.ID != 0 {
		sourceID = &by.ID
	}
	var hideID int64
	res := tx.Raw(`INSERT INTO hidden_content (subject_type, subject_id, source, source_id, case_id) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (subject_type, subject_id) WHERE ended_at IS NULL DO NOTHING RETURNING id`, t, id, by.Kind, sourceID, by.CaseID).Scan(&hideID)
	if res.Error != nil || hideID == 0 {
		return false, res.Error
	}
	detail := map[string]any{"source": by.Kind, "source_id": by.ID}
	if by.CaseID != nil {
		detail["case"] = *by.CaseID
	}
	if err := hideStatement(tx, t, id, hideID, by); err != nil {
		return false, err
	}
	return true, auditBy(tx, nil, "content.hide", string(t), id, detail)
}

// hideStatement writes the statement of reasons of hide hideID of subject
// t/id (of a temporary block when by says one): rules and hash banks hide by themselves (detected and decided by
// automated means); a legal request's hide is a moderator's.
func hideStatement(tx *gorm.DB, t SubjectType, id, hideID int64, by HideSource) error {
	var f struct {
		Author int64
		Reason string
	}
	if err := tx.Raw(`SELECT (SELECT author_id FROM `+subjectTable(t)+` WHERE id = ?) AS author,
		coalesce((SELECT x FROM cases c, unnest(c.reasons) x WHERE c.id = ?
			ORDER BY array_position(?::text[], x) LIMIT 1), '') AS reason`, id, by.CaseID, reasonOrder()).Scan(&f).Error; err != nil {
		return err
	}
	in := StatementInput{Kind: StatementHide, UserID: f.Author, Reason: f.Reason, SubjectType: t, SubjectID: id,
		CaseID: by.CaseID, HideID: &hideID}
	if by.BlockUntil != nil {
		in.Kind, in.EndsAt = StatementTemporaryBlock, by.BlockUntil
	}
	if by.Reason != "" {
		in.Reason = string(by.Reason)
	}
	if by.Kind == HideByLegalRequest {
		in.LegalRequestID = &by.ID
	} else {
		in.Detection, in.Automated = true, AutomatedFully
	}
	_, err := RecordStatement(tx, in)
	return err
}

// reasonOrder is the Reasons' codes, worst first, as a PostgreSQL array.
func reasonOrder() string {
	codes := make([]string, len(Reasons))
	for i, r := range Reasons {
		codes[i] = string(r.Code)
	}
	return "{" + strings.Join(codes, ",") + "}"
}

// RestoreHidden ends the hide in force of subject t/id inside the caller's
// transaction tx, by actorID (nil: the system), with outcome (HideRestored,
// HideRemoved or HideReversed), and audits it. It reports whether a hide
// was in force.
func RestoreHidden(tx *gorm.DB, t SubjectType, id int64, actorID *int64, outcome string) (bool, error) {
	res := tx.Exec(`UPDATE hidden_content SET ended_at = now(), ended_by = ?, outcome = ?
		WHERE subject_type = ? AND subject_id = ? AND ended_at IS NULL`, actorID, outcome, t, id)
	if res.Error != nil || res.RowsAffected == 0 {
		return false, res.Error
	}
	return true, auditBy(tx, actorID, "content.unhide", string(t), id, map[string]any{"outcome": outcome})
}

// HideOf returns the latest hide of subject t/id (in force or ended), or
// nil when it was never hidden.
func HideOf(ctx context.Context, db *gorm.DB, t SubjectType, id int64) (*Hide, error) {
	var h Hide
	res := db.WithContext(ctx).Raw(`SELECT * FROM hidden_content WHERE subject_type = ? AND subject_id = ? ORDER BY id DESC LIMIT 1`, t, id).Scan(&h)
	if res.Error != nil || res.RowsAffected == 0 {
		return nil, res.Error
	}
	return &h, nil
}

// ReverseHide ends the hide in force on case caseID's subject on behalf of
// actor (a moderator) for reason: the content is back for everyone while
// the case stays in the queue. Errors: Forbidden (not a moderator), Invalid (field
// "reason"), NotFound, Conflict (nothing hidden).
func ReverseHide(ctx context.Context, db *gorm.DB, actor *User, caseID int64, reason string) error {
	if err := ensureModerator(actor); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxNoteLen {
		return fieldError("reason", "decision.reverse_reason")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Case
		if err := tx.Raw("SELECT * FROM cases WHERE id = ? FOR UPDATE", caseID).Take(&c).Error; err != nil {
			return notFound(err, "case.not_found")
		}
		ok, err := RestoreHidden(tx, c.SubjectType, c.SubjectID, &actor.ID, HideReversed)
		if err != nil {
			return err
		}
		if !ok {
			return Coded(Conflict, "hide.nothing")
		}
		if err := markRunsReversed(tx, 0, c.SubjectType, c.SubjectID, true); err != nil {
			return err
		}
		return audit(tx, actor.ID, "hide.reverse", "case", caseID, map[string]any{"reason": reason})
	})
}

// endHides ends the hides in force on the decision's subjects: removed
// with the content, else restored. A decision that finds no violation
// reverses the rules' hides: the same rule version does not hide the
// subject again.
func (s *decision) endHides() error {
	outcome := HideRestored
	if s.d.removesContent() {
		outcome = HideRemoved
	}
	for _, c := range s.cases {
		ended, err := RestoreHidden(s.tx, c.SubjectType, c.SubjectID, actorRef(s.actor.ID), outcome)
		if err != nil {
			return err
		}
		if ended && !s.d.Kind.findsViolation() {
			if err := markRunsReversed(s.tx, 0, c.SubjectType, c.SubjectID, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// postHiddenSQL and commentHiddenSQL are true when the board post p or the
// comment c is hidden pending review (or under a temporary block in force).
const (
	postHiddenSQL    = `EXISTS (SELECT 1 FROM hidden_content h WHERE h.subject_type = 'post' AND h.subject_id = p.id AND h.ended_at IS NULL AND ` + hideNotLapsedSQL + `)`
	commentHiddenSQL = `EXISTS (SELECT 1 FROM hidden_content h WHERE h.subject_type = 'comment' AND h.subject_id = c.id AND h.ended_at IS NULL AND ` + hideNotLapsedSQL + `)`
)
