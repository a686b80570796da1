package models

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// The penalty ladder (DOMAIN "Penalties"): a decision that finds a
// violation (remove, warn, restrict) gives the reported user strikes, the
// worst severity upheld (1-4); strikes count for StrikeWindow; the ladder
// suggests the penalty from the total after the decision. Written once,
// here: the case page's suggestion, the decision's check and automated
// rules that restrict all read it.

// StrikeWindowDays is how long a strike counts; older ones stay as history.
const StrikeWindowDays = 180

// StrikeWindow is StrikeWindowDays as a duration.
const StrikeWindow = StrikeWindowDays * 24 * time.Hour

// MaxOverrideLen is the longest reason for choosing otherwise than the
// ladder, in characters: a short sentence.
const MaxOverrideLen = 500

// Penalty is what the ladder suggests.
type Penalty struct {
	Kind    DecisionKind `json:"kind"`             // DecideWarn, DecideRestrict, DecideRemove (self-harm: no strike), "" for nothing
	Scope   Scope        `json:"scope,omitempty"`  // restrict only
	Days    int          `json:"days"`             // restrict only; 0 is permanent
	Strikes int          `json:"strikes"`          // the strikes in the window after the decision, that the suggestion is read from
	Added   int          `json:"added"`            // the strikes the decision itself gives
	Severe  bool         `json:"severe,omitempty"` // a severity-5 violation: a permanent service restriction at once
}

// ladderStep is a row of the ladder: from this many strikes on, this
// penalty; an empty scope is the scope the content was in.
type ladderStep struct {
	from  int
	kind  DecisionKind
	scope Scope
	days  int
}

// ladder is DOMAIN's table, lowest first.
var ladder = []ladderStep{
	{1, DecideWarn, "", 0},
	{2, DecideRestrict, "", 1},
	{4, DecideRestrict, "", 7},
	{6, DecideRestrict, "", 30},
	{9, DecideRestrict, ScopeService, 30},
	{12, DecideRestrict, ScopeService, 0},
}

// SevereViolation is the severity (child sexual exploitation or illegally
// filmed content) that suggests a permanent service restriction at once.
const SevereViolation = 5

// Suggest is the ladder's penalty for a user with strikesAfter strikes in
// the window once this decision's are counted, for a violation of severity
// in scope (the scope the content was in: posting or messaging; reporting
// for false reports). Severity 5 suggests a permanent service restriction
// whatever the count; no strike suggests nothing.
func Suggest(strikesAfter int, scope Scope, severity int) Penalty {
	p := Penalty{Strikes: strikesAfter}
	if severity >= SevereViolation {
		p.Kind, p.Scope, p.Days, p.Severe = DecideRestrict, ScopeService, 0, true
		return p
	}
	for _, s := range ladder {
		if strikesAfter >= s.from {
			p.Kind, p.Scope, p.Days = s.kind, s.scope, s.days
		}
	}
	if p.Kind == DecideRestrict && p.Scope == "" {
		p.Scope = scope
	}
	return p
}

// StrikesFor is the strikes a violation of policy gives: its severity,
// at most 4; none for self-harm (its author is helped, not penalised).
func StrikesFor(policy string) int {
	switch {
	case policy == string(ReasonSelfHarm):
		return 0
	case policy == PolicyFalseReporting:
		return 1
	}
	return min(max(ReportReason(policy).Severity(), 1), 4)
}

// LadderScope is the scope the ladder restricts for a violation of policy
// in content of type t: posting for board posts and comments, messaging for
// chat messages, reporting for false reports.
func LadderScope(policy string, t SubjectType) Scope {
	switch {
	case policy == PolicyFalseReporting:
		return ScopeReporting
	case t == SubjectMessage:
		return ScopeMessaging
	}
	return ScopePosting
}

// SuggestFor is the whole rule for one decision: a violation of policy in
// content of type t by a user with strikesBefore strikes in the window.
// Self-harm suggests removing the content without a strike.
func SuggestFor(strikesBefore int, policy string, t SubjectType) Penalty {
	added := StrikesFor(policy)
	if added == 0 {
		return Penalty{Kind: DecideRemove, Strikes: strikesBefore}
	}
	sev := 0
	if policy != PolicyFalseReporting {
		sev = ReportReason(policy).Severity()
	}
	p := Suggest(strikesBefore+added, LadderScope(policy, t), sev)
	p.Added = added
	return p
}

// Code is the penalty as the audit log records it: "warn", "remove",
// "restrict posting 7d", "restrict service permanent", or "none".
func (p Penalty) Code() string {
	switch p.Kind {
	case "":
		return "none"
	case DecideRestrict:
		if p.Days == 0 {
			return "restrict " + string(p.Scope) + " permanent"
		}
		return "restrict " + string(p.Scope) + " " + strconv.Itoa(p.Days) + "d"
	}
	return string(p.Kind)
}

// Restricts reports whether the penalty is a restriction of scope for days.
func (p Penalty) Restricts(scope Scope, days int) bool {
	return p.Kind == DecideRestrict && p.Scope == scope && p.Days == days
}

// Chosen reports whether decision d (with its validated days) is what the
// ladder suggests, as far as the ladder decides: a restriction must be the
// suggested one. Other decisions are the moderator's to choose.
func (p Penalty) Chosen(d Decision, days int) bool {
	return d.Kind != DecideRestrict || p.Restricts(d.Scope, days)
}

// strikesSQL counts a user's strikes in the window, those of decision
// except left out (0: none).
const strikesSQL = `SELECT coalesce(sum(count), 0) FROM strikes
	WHERE user_id = ? AND withdrawn_at IS NULL AND created_at > now() - make_interval(days => ?) AND decision_id <> ?`

// activeStrikes is userID's strikes in the window inside tx, but those of
// decision except.
func activeStrikes(tx *gorm.DB, userID, except int64) (int, error) {
	var n int
	err := tx.Raw(strikesSQL, userID, StrikeWindowDays, except).Scan(&n).Error
	return n, err
}

// ActiveStrikes is userID's strikes in the window now: not withdrawn, not
// older than StrikeWindowDays.
func ActiveStrikes(ctx context.Context, db *gorm.DB, userID int64) (int, error) {
	return activeStrikes(db.WithContext(ctx), userID, 0)
}

// giveStrikes writes the strikes of decision decisionID for userID (one
// row per user per decision, on its first case), if the violation gives any.
func giveStrikes(tx *gorm.DB, decisionID, userID, caseID int64, count int) error {
	if count <= 0 {
		return nil
	}
	return tx.Exec(`INSERT INTO strikes (user_id, decision_id, case_id, count) VALUES (?, ?, ?, ?)
		ON CONFLICT (decision_id, user_id) DO UPDATE SET count = greatest(strikes.count, excluded.count)`,
		userID, decisionID, caseID, count).Error
}
