package models

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// DecisionKind is what a moderator decides on a case.
type DecisionKind string

// The decisions on a case.
const (
	DecideNoViolation DecisionKind = "no_violation" // dismiss: nothing breaks the policy
	DecideRemove      DecisionKind = "remove"       // remove the content
	DecideWarn        DecisionKind = "warn"         // warn the reported user
	DecideRestrict    DecisionKind = "restrict"     // restrict the reported user's account
	DecideFalseReport DecisionKind = "false_report" // the report was false: counts against chosen reporters
)

// DecisionKinds lists the decisions in the order the case page offers them.
var DecisionKinds = []DecisionKind{DecideNoViolation, DecideRemove, DecideWarn, DecideRestrict, DecideFalseReport}

// Valid reports whether k is a known decision.
func (k DecisionKind) Valid() bool { return slices.Contains(DecisionKinds, k) }

// resolution is how a case decided so ends.
func (k DecisionKind) resolution() CaseResolution {
	switch k {
	case DecideNoViolation:
		return ResolutionNoViolation
	case DecideFalseReport:
		return ResolutionFalseReport
	}
	return ResolutionActionTaken
}

// PolicyFalseReporting is the policy reason of a false report and of the
// automatic restriction of repeated false reporters.
const PolicyFalseReporting = "false_reporting"

// PolicyReasons are the Operation Policy's rules a decision names: each
// Reason for Reporting but Other, and false reporting.
func PolicyReasons() []ReasonInfo {
	var out []ReasonInfo
	for _, r := range Reasons {
		if r.Code != ReasonOther {
			out = append(out, r)
		}
	}
	return append(out, ReasonInfo{Code: PolicyFalseReporting})
}

// ValidPolicy reports whether code names a rule of the Operation Policy.
func ValidPolicy(code string) bool {
	for _, p := range PolicyReasons() {
		if string(p.Code) == code {
			return true
		}
	}
	return false
}

// Durations are the lengths of a restriction a moderator may choose, in
// days; 0 is permanent.
var Durations = []int{1, 3, 7, 30, 90, 180, 0}

// The rules of false reports (DSA Art. 23: a restriction only after a
// prior warning). The second false report within FalseReportWindow brings
// a warning notice; a further false report after it (the warning counts
// for StrikeWindow) restricts reporting for FalseReportRestrict days, and
// each one after that for longer, as the ladder climbs.
const (
	FalseReportWarnAt   = 2                   // false reports within FalseReportWindow that bring the warning
	FalseReportWindow   = 30 * 24 * time.Hour //
	FalseReportRestrict = 7                   // the first reporting restriction after the warning, in days
	MaxNoteLen          = 2000
)

// Decision is a moderator's decision on a case, as the form sends it.
type Decision struct {
	Kind          DecisionKind
	Policy        string  // a policy reason code (PolicyReasons)
	Scope         Scope   // restrict only
	Days          string  // restrict only: one of Durations, "0" permanent
	RemoveContent bool    // warn and restrict: also remove the content
	FalseReports  []int64 // false report only: the reports found false (none: the case's only report)
	InternalNote  string  // for staff
	UserNote      string  // to the reported user
	// OverrideReason is why a restriction differs from the ladder's
	// suggestion (restrict only): needed then, recorded.
	OverrideReason string
	Next           bool // then claim the next case (Start reviewing)
}

// Uses reports whether decision k reads the form's field (policy, scope,
// days, remove_content, false_reports); the notes serve every decision.
// Any other field is ignored, and nothing is said of it.
func (k DecisionKind) Uses(field string) bool {
	switch field {
	case "policy":
		return k != DecideNoViolation && k != DecideFalseReport
	case "scope", "days", "override_reason":
		return k == DecideRestrict
	case "remove_content":
		return k == DecideWarn || k == DecideRestrict
	case "false_reports":
		return k == DecideFalseReport
	}
	return true
}

// unused drops what the decision's kind does not use: no violation names no
// rule, a false report is always under false reporting.
func (d *Decision) unused() {
	if !d.Kind.Valid() {
		return
	}
	if !d.Kind.Uses("policy") {
		d.Policy = ""
	}
	if d.Kind == DecideFalseReport {
		d.Policy = PolicyFalseReporting
	}
	if !d.Kind.Uses("scope") {
		d.Scope, d.Days, d.OverrideReason = "", "", ""
	}
	if !d.Kind.Uses("remove_content") {
		d.RemoveContent = false
	}
	if !d.Kind.Uses("false_reports") {
		d.FalseReports = nil
	}
}

func (d *Decision) validate(bulk bool) (days int, err error) {
	f := FieldErrors{}
	d.InternalNote, d.UserNote = strings.TrimSpace(d.InternalNote), strings.TrimSpace(d.UserNote)
	d.OverrideReason = strings.TrimSpace(d.OverrideReason)
	d.unused()
	if !d.Kind.Valid() {
		f.Add("kind", "decision.kind_empty")
	}
	if d.Kind.Uses("policy") && !ValidPolicy(d.Policy) {
		f.Add("policy", "decision.policy_empty")
	}
	if d.Kind == DecideRestrict {
		if !d.Scope.Valid() {
			f.Add("scope", "decision.scope_invalid")
		}
		days = -1
		for _, n := range Durations {
			if d.Days == itoa(int64(n)) {
				days = n
			}
		}
		if days < 0 {
			f.Add("days", "decision.days_invalid")
		}
	}
	if d.Kind == DecideFalseReport {
		if bulk {
			f.Add("kind", "decision.false_report_bulk")
		}
	}
	if utf8.RuneCountInString(d.InternalNote) > MaxNoteLen {
		f.Add("internal_note", "decision.note_too_long")
	}
	if utf8.RuneCountInString(d.UserNote) > MaxNoteLen {
		f.Add("user_note", "decision.note_too_long")
	}
	if utf8.RuneCountInString(d.OverrideReason) > MaxOverrideLen {
		f.Add("override_reason", "decision.override_reason_too_long")
	}
	return days, f.Err()
}

// Decided says what a decision did.
type Decided struct {
	CaseIDs       []int64
	RestrictionID int64
	Next          int64 // the next case claimed when Decision.Next; 0 when the queue is empty
}

// DecideCase applies actor's decision to case caseID, and to the open items
// of the spam wave it leads (one decision over them all, as DecideCases
// makes it: one restriction, one notice and one set of strikes per
// author), all in one transaction: the case resolved, its reports decided, the content removed,
// the strikes given and the ladder's suggestion checked (a restriction
// other than the suggested one needs d.OverrideReason), the restriction
// written (a 'service' one ends the user's sessions), the
// reporters' false reports counted (three in 30 days restrict their
// reporting for 7 days), the notices sent and every step audited. Of two
// moderators deciding at once exactly one decision stands. Errors:
// Forbidden (not a moderator), NotFound, Invalid (with fields), Conflict
// (already decided, naming who and when, or held by another moderator).
// With d.Next it then claims the next case, as Start reviewing does.
func DecideCase(ctx context.Context, db *gorm.DB, actor *User, caseID int64, d Decision) (*Decided, error) {
	if err := ensureModerator(actor); err != nil {
		return nil, err
	}
	days, err := d.validate(false)
	if err != nil {
		return nil, err
	}
	out := &Decided{}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockCase(tx, actor, caseID)
		if err != nil {
			return err
		}
		items, err := lockWaveItems(tx, actor, c.ID)
		if err != nil {
			return err
		}
		cases := append([]*Case{c}, items...)
		if len(items) > 0 { // a spam wave: decided as the bulk decision decides
			if _, err := d.validate(true); err != nil {
				return err
			}
		}
		if out.RestrictionID, err = decide(tx, actor, cases, d, days, len(items) > 0); err != nil {
			return err
		}
		for _, c := range cases {
			out.CaseIDs = append(out.CaseIDs, c.ID)
		}
		if d.Next {
			next, err := claimNext(tx, actor)
			if next != nil {
				out.Next = next.ID
			}
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DecideCases applies one decision with one policy reason to several cases
// (and to the open items of the spam waves they lead), all or nothing: if any case is decided or held by another
// moderator, none is. Each reported user gets one restriction (the scope
// and duration chosen), one notice and one set of strikes, however many of
// their cases it covers. Errors: as DecideCase; Invalid when no case is
// chosen or the decision is a false report.
func DecideCases(ctx context.Context, db *gorm.DB, actor *User, caseIDs []int64, d Decision) (*Decided, error) {
	if err := ensureModerator(actor); err != nil {
		return nil, err
	}
	days, err := d.validate(true)
	if len(caseIDs) == 0 {
		f := FieldErrors{}
		f.Add("cases", "decision.cases_empty")
		if e := AsError(err); e != nil {
			for k, v := range e.Fields {
				f.put(k, v)
			}
		}
		return nil, f.Err()
	}
	if err != nil {
		return nil, err
	}
	out := &Decided{}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var items []int64 // the open items of the spam waves chosen, decided with them
		if err := tx.Raw("SELECT id FROM cases WHERE wave_id IN ? AND state <> 'resolved'", caseIDs).Scan(&items).Error; err != nil {
			return err
		}
		ids := append(slices.Clone(caseIDs), items...)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		var cases []*Case
		for _, id := range ids { // in id order, so two bulk decisions never deadlock
			c, err := lockCase(tx, actor, id)
			if err != nil {
				if e := AsError(err); e != nil && strings.HasPrefix(e.Key, "error.case.") {
					// "decision.bulk.<the case's key>": case #id, then the case's args.
					return Coded(e.Code, "decision.bulk."+strings.TrimPrefix(e.Key, "error.case."), append([]any{id}, e.Args...)...)
				}
				return err
			}
			cases = append(cases, c)
			out.CaseIDs = append(out.CaseIDs, id)
		}
		// One decision over them all: one restriction, one notice and one
		// set of strikes per reported user.
		_, err := decide(tx, actor, cases, d, days, true)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
