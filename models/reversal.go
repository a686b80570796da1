package models

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Reversal (DOMAIN "Reversal"): a moderator reverses a decision with a
// reason, and a successful appeal reverses the decision of the restriction
// appealed. The decision's effects on the reported user end: removed
// content comes back, its restrictions end, its strikes are withdrawn, and
// for a false report the reporters' false marks and reporting restrictions
// go; the cases go back to the queue to be decided again, and everyone the
// decision touched is told. A decision over several cases of one user (a
// bulk decision) is reversed for all of them together: they share one
// restriction and one set of strikes.

// How a decision came to be reversed.
const (
	ViaModerator    = "moderator"     // a moderator, with a reason
	ViaAppeal       = "appeal"        // a moderator lifted the restriction on appeal
	ViaDecidedAgain = "decided_again" // a case sent back by support was decided anew
	ViaComplaint    = "complaint"     // a moderator granted the affected user's complaint (complaint.go)
)

// AuditDecisionReverse is the audit action of a reversal, one per case.
const AuditDecisionReverse = "decision.reverse"

// reversal is one reversal to apply: decisionID's part for the reported
// user userID, for reason, via; quiet is a user told by the caller instead
// (the appellant, who reads the appeal's notice).
type reversal struct {
	decisionID, userID int64
	reason, via        string
	quiet              int64
}

// Reversed says what a reversal did.
type Reversed struct {
	CaseIDs []int64 // the cases back in the queue
}

// ReverseCase reverses the decision that stands on case caseID, for the
// case's reported user, on behalf of actor (any moderator, not only the one
// who decided) for reason. Errors: Forbidden (not a moderator), Invalid
// (field "reason": empty or too long), NotFound, Conflict (no decision
// stands on the case: open, or reversed already).
func ReverseCase(ctx context.Context, db *gorm.DB, actor *User, caseID int64, reason string) (*Reversed, error) {
	if err := ensureModerator(actor); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxNoteLen {
		return nil, fieldError("reason", "decision.reverse_reason")
	}
	var out *Reversed
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Case
		if err := tx.Raw("SELECT * FROM cases WHERE id = ? FOR UPDATE", caseID).Take(&c).Error; err != nil {
			return notFound(err, "case.not_found")
		}
		if c.DecisionID == nil {
			return Coded(Conflict, "case.reverse_nothing")
		}
		var err error
		out, err = reverse(tx, actor, reversal{decisionID: *c.DecisionID, userID: c.ReportedUserID, reason: reason, via: ViaModerator})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// decisionRow is a decisions row, as reversal reads it.
type decisionRow struct {
	ID      int64
	Kind    DecisionKind
	Removed bool
}

// reverse applies reversal v inside tx. Errors: Conflict (the decision
// stands on none of the user's cases).
func reverse(tx *gorm.DB, actor *User, v reversal) (*Reversed, error) {
	var cases []Case
	if err := tx.Raw("SELECT * FROM cases WHERE decision_id = ? AND reported_user_id = ? ORDER BY id FOR UPDATE",
		v.decisionID, v.userID).Scan(&cases).Error; err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, Coded(Conflict, "case.reverse_nothing")
	}
	var dec decisionRow
	if err := tx.Raw("SELECT id, kind, removed FROM decisions WHERE id = ?", v.decisionID).Take(&dec).Error; err != nil {
		return nil, err
	}
	ids := make([]int64, len(cases))
	for i, c := range cases {
		ids[i] = c.ID
	}
	if err := markRunsReversed(tx, dec.ID, "", 0, false); err != nil {
		return nil, err
	}
	detail := map[string]any{"decision": dec.Kind, "decision_id": dec.ID, "user": v.userID, "reason": v.reason, "via": v.via, "cases": ids}

	// Removed content comes back.
	restored := 0
	if dec.Removed {
		for _, c := range cases {
			res := tx.Exec("UPDATE "+subjectTable(c.SubjectType)+" SET removed_at = NULL, removed_by = NULL WHERE id = ? AND removed_at IS NOT NULL",
				c.SubjectID)
			if res.Error != nil {
				return nil, res.Error
			}
			if res.RowsAffected > 0 {
				restored++
				if err := audit(tx, actor.ID, "content.restore", string(c.SubjectType), c.SubjectID, map[string]any{"case": c.ID}); err != nil {
					return nil, err
				}
			}
		}
	}
	detail["restored"] = restored

	// Its restrictions in force end: the reported user's, and for a false
	// report the reporters' it restricted. A pending appeal ends with its
	// restriction; a restriction one of them had replaced comes back if it
	// still runs.
	var ended []Restriction
	if err := tx.Raw(`UPDATE restrictions SET lifted_at = now(), lifted_by = ?, lift_reason = ?
		WHERE decision_id = ? AND (user_id = ? OR ? = ?) AND `+restrictionInForce("restrictions")+` RETURNING *`,
		actor.ID, "Decision reversed: "+v.reason, dec.ID, v.userID, dec.Kind, DecideFalseReport).Scan(&ended).Error; err != nil {
		return nil, err
	}
	if len(ended) > 0 {
		endedIDs := make([]int64, len(ended))
		for i, r := range ended {
			endedIDs[i] = r.ID
		}
		detail["ended"] = endedIDs
		if err := tx.Exec("UPDATE appeals SET state = ?, decided_by = ?, decided_at = now() WHERE restriction_id IN ? AND state = ?",
			AppealLifted, actor.ID, endedIDs, AppealPending).Error; err != nil {
			return nil, err
		}
		if err := tx.Exec(`UPDATE restrictions SET lifted_at = NULL, lifted_by = NULL, lift_reason = '', replaced_by = NULL
			WHERE replaced_by IN ? AND (ends_at IS NULL OR ends_at > now())`, endedIDs).Error; err != nil {
			return nil, err
		}
	}

	// Its strikes no longer count.
	withdrawn := tx.Exec("UPDATE strikes SET withdrawn_at = now() WHERE decision_id = ? AND user_id = ? AND withdrawn_at IS NULL",
		dec.ID, v.userID)
	if withdrawn.Error != nil {
		return nil, withdrawn.Error
	}
	detail["withdrawn"] = withdrawn.RowsAffected > 0

	// The cases go back to the queue, their reports under review again: a
	// case support sent back stays escalated with support's note.
	if err := tx.Exec("UPDATE reports SET state = ?, decided_at = NULL WHERE case_id IN ?", ReportUnderReview, ids).Error; err != nil {
		return nil, err
	}
	// The policy stays on the case row until it is decided again: the
	// notices of the reversed decision still name the rule they were under.
	if err := tx.Exec(`UPDATE cases SET resolution = NULL, resolved_by = NULL, resolved_at = NULL, decision_id = NULL,
			claimed_by = NULL, claimed_at = NULL, internal_note = '', user_note = '',
			escalated_at = CASE WHEN state = @escalated THEN escalated_at END,
			escalated_by = CASE WHEN state = @escalated THEN escalated_by END,
			escalation_note = CASE WHEN state = @escalated THEN escalation_note ELSE '' END,
			state = CASE WHEN state = @escalated THEN @escalated ELSE @open END, updated_at = now()
		WHERE id IN @ids`, map[string]any{"escalated": CaseEscalated, "open": CaseOpen, "ids": ids}).Error; err != nil {
		return nil, err
	}
	if err := reopenLegalRequests(tx, dec.ID, ids); err != nil {
		return nil, err
	}
	if err := tx.Exec(`INSERT INTO reversals (decision_id, user_id, case_ids, reversed_by, reason, via) VALUES (?, ?, ?, ?, ?, ?)`,
		dec.ID, v.userID, int64Array(ids), actor.ID, v.reason, v.via).Error; err != nil {
		return nil, err
	}
	// A complaint about it waiting to be judged got what it asked for.
	if err := grantPendingComplaints(tx, actor.ID, dec.ID, v.userID); err != nil {
		return nil, err
	}

	// Everyone it touched is told: the reported user, if it acted on them;
	// the reporters, that their report is reviewed again (unless a new
	// decision tells them at once); a false reporter whose reporting it
	// restricted, that the restriction is lifted.
	if dec.Kind.findsViolation() && v.userID != v.quiet {
		first := ids[0]
		if err := notify(tx, &Notice{UserID: v.userID, Kind: NoticeDecisionReversed, CaseID: &first}); err != nil {
			return nil, err
		}
	}
	if v.via != ViaDecidedAgain {
		var reports []Report
		if err := tx.Where("case_id IN ?", ids).Order("id").Find(&reports).Error; err != nil {
			return nil, err
		}
		for _, r := range reports {
			if r.ReporterID == v.quiet {
				continue
			}
			rid := r.ID
			if err := notify(tx, &Notice{UserID: r.ReporterID, Kind: NoticeReportReopened, ReportID: &rid}); err != nil {
				return nil, err
			}
		}
	}
	for _, r := range ended {
		if r.UserID == v.userID || r.UserID == v.quiet {
			continue
		}
		if err := notify(tx, &Notice{UserID: r.UserID, Kind: NoticeRestrictionLifted, RestrictionID: &r.ID, CaseID: r.CaseID}); err != nil {
			return nil, err
		}
	}
	for _, id := range ids {
		if err := audit(tx, actor.ID, AuditDecisionReverse, "case", id, detail); err != nil {
			return nil, err
		}
	}
	return &Reversed{CaseIDs: ids}, nil
}

// reverseOnAppeal reverses the decision that wrote restriction r, lifted on
// appeal by actor: for the case's reported user (the appellant, or for a
// false reporter's restriction the user they reported). It reports false
// when no decision of r's stands any more (nothing to reverse).
func reverseOnAppeal(tx *gorm.DB, actor *User, r *Restriction, note string) (bool, error) {
	if r.DecisionID == nil {
		return false, nil
	}
	var users []int64
	if err := tx.Raw("SELECT reported_user_id FROM cases WHERE decision_id = ? ORDER BY reported_user_id = ? DESC, id LIMIT 1",
		*r.DecisionID, r.UserID).Scan(&users).Error; err != nil {
		return false, err
	}
	if len(users) == 0 {
		return false, nil
	}
	reason := strings.TrimSpace("Lifted on appeal. " + note)
	_, err := reverse(tx, actor, reversal{decisionID: *r.DecisionID, userID: users[0], reason: reason, via: ViaAppeal, quiet: r.UserID})
	return err == nil, err
}

// CaseDecision is the decision that stands on a case, as the case page
// shows it.
type CaseDecision struct {
	ID             int64
	Kind           DecisionKind
	PolicyReason   *string
	Scope          *Scope
	Days           *int
	Removed        bool
	DeciderName    string
	InternalNote   string
	UserNote       string
	OverrideReason string
	Suggestion     *Penalty `gorm:"-"` // the ladder's, for the case's reported user
	RuleName       string   // an automated decision: the rule that took it, at RuleVersion
	RuleVersion    int
	Restricted     bool // a restriction of it was written for the case's reported user
	CreatedAt      time.Time
	Cases          []int64 `gorm:"-"` // the cases of this user it covers, this one included
}

// CaseReversal is an earlier decision on a case that was reversed.
type CaseReversal struct {
	Kind         DecisionKind
	PolicyReason *string
	DeciderName  string
	DecidedAt    time.Time
	ReverserName string
	Reason       string
	Via          string
	CreatedAt    time.Time
}

// int64Array is a list of ids as a PostgreSQL bigint[].
type int64Array []int64

// Value writes the list as an array literal.
func (a int64Array) Value() (driver.Value, error) {
	parts := make([]string, len(a))
	for i, n := range a {
		parts[i] = strconv.FormatInt(n, 10)
	}
	return "{" + strings.Join(parts, ",") + "}", nil
}
