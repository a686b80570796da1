package views

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"talksafe/models"
	"talksafe/views/components"
)

// The penalty ladder's words on the case page: what it suggests and why,
// what a decision did, and its reversals.

// penaltyWords names a suggested penalty: "Posting, 7 days", "a warning".
func penaltyWords(ctx context.Context, p models.Penalty) string {
	switch p.Kind {
	case models.DecideWarn:
		return components.T(ctx, "mod.ladder.warn")
	case models.DecideRemove:
		return components.T(ctx, "mod.ladder.remove")
	case models.DecideRestrict:
		return components.T(ctx, "mod.ladder.restrict", map[string]any{"Scope": scopeLabel(ctx, p.Scope), "Duration": durationLabel(ctx, p.Days)})
	}
	return components.T(ctx, "mod.ladder.nothing")
}

// suggestionLine says what the ladder suggests and why: "3 strikes in 180
// days with this decision → Posting, 1 day".
func suggestionLine(ctx context.Context, p models.Penalty) string {
	switch {
	case p.Kind == models.DecideRemove:
		return components.T(ctx, "mod.ladder.self_harm")
	case p.Severe:
		return components.T(ctx, "mod.ladder.severe", map[string]any{"Penalty": penaltyWords(ctx, p)})
	}
	return components.T(ctx, "mod.ladder.suggests", map[string]any{"Strikes": components.Tn(ctx, "mod.ladder.strikes", int64(p.Strikes)),
		"Days": models.StrikeWindowDays, "Penalty": penaltyWords(ctx, p)})
}

// caseLadder is what the case page's restrict fields show of the ladder:
// the line for the policy shown, and (for the page's script) the line and
// the preselection for every policy, as JSON.
type caseLadder struct {
	Line string
	Data string
}

// ladderFor reads the ladder for case d with policy chosen.
func ladderFor(ctx context.Context, d *models.CaseDetail, policy string) *caseLadder {
	type entry struct {
		Text  string `json:"text"`
		Scope string `json:"scope"`
		Days  string `json:"days"`
	}
	all := map[string]entry{}
	for _, r := range models.PolicyReasons() {
		p := d.Suggest(string(r.Code))
		e := entry{Text: suggestionLine(ctx, p)}
		if p.Kind == models.DecideRestrict {
			e.Scope, e.Days = string(p.Scope), strconv.Itoa(p.Days)
		}
		all[string(r.Code)] = e
	}
	raw, _ := json.Marshal(all)
	out := &caseLadder{Data: string(raw)}
	if models.ValidPolicy(policy) {
		out.Line = all[policy].Text
	}
	return out
}

// actionWords says what a decision did to the reported user: "Posting
// restricted for 7 days, content removed".
func actionWords(ctx context.Context, dec *models.CaseDecision) string {
	var s string
	switch dec.Kind {
	case models.DecideRestrict:
		scope, days := models.ScopePosting, 0
		if dec.Scope != nil {
			scope = *dec.Scope
		}
		if dec.Days != nil {
			days = *dec.Days
		}
		if days == 0 {
			s = components.T(ctx, "mod.action.restrict_permanent", map[string]any{"Scope": scopeLabel(ctx, scope)})
		} else {
			s = components.T(ctx, "mod.action.restrict", map[string]any{"Scope": scopeLabel(ctx, scope), "Duration": durationLabel(ctx, days)})
		}
		if !dec.Restricted {
			s = components.T(ctx, "mod.action.covered", map[string]any{"Action": s})
		}
	default:
		s = components.T(ctx, "mod.action."+string(dec.Kind))
	}
	if dec.Removed && dec.Kind != models.DecideRemove {
		s = components.T(ctx, "mod.action.and_removed", map[string]any{"Action": s})
	}
	return s
}

// casesWords lists case numbers: "#3, #4 and #5" as "#3, #4, #5".
func casesWords(ids []int64) string {
	parts := make([]string, len(ids))
	for i, n := range ids {
		parts[i] = "#" + id(n)
	}
	return strings.Join(parts, ", ")
}

// reversalVia says how an earlier decision came to be reversed, "" for a
// moderator's own reversal.
func reversalVia(ctx context.Context, via string) string {
	if via == models.ViaModerator {
		return ""
	}
	return components.T(ctx, "mod.reversal.via_"+via)
}

// deciderName is who took a decision: the moderator, or for an automated
// one the rule and its version.
func deciderName(ctx context.Context, dec *models.CaseDecision) string {
	if dec.RuleName != "" {
		return components.T(ctx, "mod.auto.decider", map[string]any{"Rule": dec.RuleName, "Version": strconv.Itoa(dec.RuleVersion)})
	}
	return dec.DeciderName
}
