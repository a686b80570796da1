package views

import (
	"context"
	"strconv"
	"strings"

	"talksafe/models"
	"talksafe/views/components"
)

// AdminRulesPath lists the automation rules (moderators read them, admins
// write them).
const AdminRulesPath = "/admin/rules"

// RulePath is rule ruleID's page; a POST there saves its edit.
func RulePath(ruleID int64) string { return AdminRulesPath + "/" + id(ruleID) }

// RuleStatePath switches rule ruleID off, to shadow or on.
func RuleStatePath(ruleID int64) string { return RulePath(ruleID) + "/state" }

// ModUnhidePath reverses the hide of case caseID's subject.
func ModUnhidePath(caseID int64) string { return ModCasePath(caseID) + "/unhide" }

// RuleValues are a rule form's values as the Form keeps them; the reasons
// ticked are joined by commas.
func RuleValues(in models.RuleInput) map[string]string {
	v := map[string]string{"name": in.Name, "trigger": in.Trigger, "reasons": strings.Join(in.Reasons, ","),
		"min_severity": in.MinSeverity, "min_reporters": in.MinReporters, "min_score": in.MinScore,
		"min_strikes": in.MinStrikes, "max_age_days": in.MaxAgeDays, "rate_count": in.RateCount,
		"rate_minutes": in.RateMinutes, "rate_rooms": in.RateRooms, "banks": strings.Join(in.Banks, ","), "action": in.Action, "label": in.Label,
		"policy": in.Policy, "state": in.State}
	if in.Restricted {
		v["restricted"] = "1"
	}
	return v
}

func ruleReasonChecked(f components.Form, code models.ReportReason) bool {
	for _, r := range strings.Split(f.Value("reasons"), ",") {
		if r == string(code) {
			return true
		}
	}
	return false
}

func ruleBankChecked(f components.Form, bank int64) bool {
	for _, b := range strings.Split(f.Value("banks"), ",") {
		if b == id(bank) {
			return true
		}
	}
	return false
}

func ruleTriggerOptions(ctx context.Context) []components.Option {
	var out []components.Option
	for _, t := range models.RuleTriggers {
		out = append(out, components.Option{Value: string(t), Label: components.T(ctx, "rules.trigger."+string(t))})
	}
	return out
}

func ruleActionOptions(ctx context.Context) []components.Option {
	var out []components.Option
	for _, a := range models.RuleActions {
		out = append(out, components.Option{Value: string(a), Label: components.T(ctx, "rules.action."+string(a))})
	}
	return out
}

func ruleStateOptions(ctx context.Context) []components.Option {
	var out []components.Option
	for _, s := range models.RuleStates {
		out = append(out, components.Option{Value: string(s), Label: components.T(ctx, "rules.state."+string(s))})
	}
	return out
}

func rulePolicyOptions(ctx context.Context) []components.Option {
	out := []components.Option{{Value: "", Label: components.T(ctx, "rules.policy_none")}}
	for _, p := range models.PolicyReasons() {
		if string(p.Code) == models.PolicyFalseReporting {
			continue
		}
		out = append(out, components.Option{Value: string(p.Code), Label: components.T(ctx, "reason."+string(p.Code))})
	}
	return out
}

// ruleSummary is a rule's conditions and action in words.
func ruleSummary(ctx context.Context, trigger models.RuleTrigger, c models.RuleConditions, action models.RuleAction, label, policy string,
	banks []models.TextBank) string {
	var parts []string
	T := func(key string, args ...map[string]any) string { return components.T(ctx, key, args...) }
	parts = append(parts, T("rules.when."+string(trigger)))
	if len(c.Reasons) > 0 {
		var names []string
		for _, r := range c.Reasons {
			names = append(names, T("reason."+string(r)))
		}
		parts = append(parts, T("rules.sum.reasons", map[string]any{"Reasons": strings.Join(names, ", ")}))
	}
	n := func(key string, v int) {
		if v > 0 {
			parts = append(parts, T(key, map[string]any{"N": strconv.Itoa(v)}))
		}
	}
	n("rules.sum.min_severity", c.MinSeverity)
	n("rules.sum.min_reporters", c.MinReporters)
	if c.MinScore > 0 {
		parts = append(parts, T("rules.sum.min_score", map[string]any{"N": strconv.FormatFloat(c.MinScore, 'f', -1, 64)}))
	}
	n("rules.sum.min_strikes", c.MinStrikes)
	n("rules.sum.max_age_days", c.MaxAgeDays)
	if c.Restricted {
		parts = append(parts, T("rules.sum.restricted"))
	}
	if c.RateCount > 0 {
		parts = append(parts, T("rules.sum.rate", map[string]any{"N": strconv.Itoa(c.RateCount), "M": strconv.Itoa(c.RateMinutes),
			"K": strconv.Itoa(max(c.RateRooms, 1))}))
	}
	if len(c.Banks) > 0 {
		var names []string
		for _, b := range c.Banks {
			name := "#" + id(b)
			for _, x := range banks {
				if x.ID == b {
					name = x.Name
				}
			}
			names = append(names, name)
		}
		parts = append(parts, T("rules.sum.banks", map[string]any{"Banks": strings.Join(names, ", ")}))
	}
	act := T("rules.action." + string(action))
	switch action {
	case models.ActionLabel:
		act = T("rules.sum.label", map[string]any{"Label": label})
	case models.ActionRestrict:
		act = T("rules.sum.restrict", map[string]any{"Policy": T("reason." + policy)})
	}
	return strings.Join(parts, " · ") + " → " + act
}

// percent is part of whole in whole percent, "–" when whole is 0.
func percent(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return strconv.Itoa(part*100/whole) + "%"
}
