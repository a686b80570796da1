package views

import (
	"context"
	"strconv"
	"strings"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// The moderation pages' words: each enum's label is the message
// "mod.<enum>.<value>", in the page's language.

func stateLabel(ctx context.Context, s models.CaseState) string {
	return components.T(ctx, "mod.state."+string(s))
}

func kindLabel(ctx context.Context, k models.DecisionKind) string {
	return components.T(ctx, KindKey(k))
}

func scopeLabel(ctx context.Context, s models.Scope) string {
	return components.T(ctx, "mod.scope."+string(s))
}

// KindKey is the message id of a decision's name.
func KindKey(k models.DecisionKind) string { return "mod.kind." + string(k) }

// PolicyKey is the message id of an Operation Policy rule's name: a Reason
// for Reporting's, or false reporting's.
func PolicyKey(code string) string {
	if code == models.PolicyFalseReporting {
		return "mod.policy." + code
	}
	return "reason." + code
}

// policyLabel names an Operation Policy rule ("" stays "").
func policyLabel(ctx context.Context, code string) string {
	if !models.ValidPolicy(code) {
		return code
	}
	return components.T(ctx, PolicyKey(code))
}

// durationLabel names a restriction's length in days (0: permanent).
func durationLabel(ctx context.Context, days int) string {
	if days == 0 {
		return components.T(ctx, "mod.duration.permanent")
	}
	return components.Tn(ctx, "mod.duration.days", int64(days))
}

func policyOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "mod.decide.choose_policy")}}
	for _, p := range models.PolicyReasons() {
		opts = append(opts, components.Option{Value: string(p.Code), Label: policyLabel(ctx, string(p.Code))})
	}
	return opts
}

func scopeOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "mod.decide.choose_scope")}}
	for _, s := range models.Scopes {
		opts = append(opts, components.Option{Value: string(s), Label: scopeLabel(ctx, s)})
	}
	return opts
}

func durationOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "mod.decide.choose_days")}}
	for _, d := range models.Durations {
		opts = append(opts, components.Option{Value: strconv.Itoa(d), Label: durationLabel(ctx, d)})
	}
	return opts
}

func stateOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "mod.filter.not_resolved")}}
	for _, s := range models.CaseStates {
		opts = append(opts, components.Option{Value: string(s), Label: stateLabel(ctx, s)})
	}
	return opts
}

func reasonOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "mod.filter.any_reason")}}
	for _, r := range models.Reasons {
		opts = append(opts, components.Option{Value: string(r.Code), Label: reasonLabel(ctx, r.Code)})
	}
	return opts
}

func subjectOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "mod.filter.any_subject")}}
	for _, s := range []models.SubjectType{models.SubjectPost, models.SubjectComment, models.SubjectMessage} {
		opts = append(opts, components.Option{Value: string(s), Label: subjectLabel(ctx, s)})
	}
	return opts
}

func sortOptions(ctx context.Context) []components.Option {
	return []components.Option{{Value: string(models.SortPriority), Label: components.T(ctx, "mod.filter.priority")},
		{Value: string(models.SortOldest), Label: components.T(ctx, "mod.filter.oldest")}}
}

// untilWords says when a restriction ends, in the page's language:
// "until 2026-11-28 14:02" or "permanently".
func untilWords(ctx context.Context, t *time.Time) string {
	if t == nil {
		return components.T(ctx, "mod.until_permanent")
	}
	return components.T(ctx, "mod.until", map[string]any{"Time": stamp(ctx, *t)})
}

func resolutionLabel(ctx context.Context, r *models.CaseResolution) string {
	if r == nil {
		return ""
	}
	return components.T(ctx, "mod.resolution."+string(*r))
}

// appealWords is a restriction's appeal, for staff in the page's language.
func appealWords(ctx context.Context, s *models.AppealState) string {
	if s == nil {
		return components.T(ctx, "mod.appeal_state.none")
	}
	return components.T(ctx, "mod.appeal_state."+string(*s))
}

// restrictionStatus words a restriction's state for staff.
func restrictionStatus(ctx context.Context, r models.Restriction) string {
	switch {
	case r.ReplacedBy != nil && r.LiftedAt != nil:
		return components.T(ctx, "mod.restriction.replaced", map[string]any{"Time": stamp(ctx, *r.LiftedAt)})
	case r.LiftedAt != nil:
		return components.T(ctx, "mod.restriction.lifted", map[string]any{"Time": stamp(ctx, *r.LiftedAt)})
	case r.InForce(time.Now()):
		return components.T(ctx, "mod.restriction.in_force", map[string]any{"Until": untilWords(ctx, r.EndsAt)})
	}
	return components.T(ctx, "mod.restriction.ended", map[string]any{"Time": stampPtr(ctx, r.EndsAt)})
}

func reasonLabels(ctx context.Context, rs []models.ReportReason) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = reasonLabel(ctx, r)
	}
	return strings.Join(out, ", ")
}

func accuracyLine(ctx context.Context, a models.Accuracy) string {
	return components.T(ctx, "mod.accuracy", map[string]any{"Filed": a.Filed, "Upheld": a.Upheld, "Rejected": a.Rejected, "False": a.False})
}

// queueCount is a state's count on the queue: "1,000+" above the cap.
func queueCount(n int64) string {
	if n > models.QueueCountCap {
		return "1,000+"
	}
	return id(n)
}

// kindsUsing names the decisions that use a form field, for the page's
// script to show the field only for them.
func kindsUsing(field string) string {
	var out []string
	for _, k := range models.DecisionKinds {
		if k.Uses(field) {
			out = append(out, string(k))
		}
	}
	return strings.Join(out, " ")
}

// decisionDefaults fills a fresh decision form: the case's worst rule as
// the policy, the ladder's scope and duration for Restrict, and a lone
// report ticked as the false one. A form sent back
// after a refusal keeps what the moderator chose.
func decisionDefaults(d *models.CaseDetail, f components.Form, ticked map[int64]bool) (components.Form, map[int64]bool) {
	if !f.Message.IsZero() || len(f.Errors) > 0 || f.Value("kind") != "" {
		return f, ticked
	}
	values := map[string]string{}
	for k, v := range f.Values {
		values[k] = v
	}
	if values["policy"] == "" {
		values["policy"] = d.DefaultPolicy()
	}
	// Restrict opens with the scope and duration the ladder suggests.
	if p := d.Suggest(values["policy"]); p.Kind == models.DecideRestrict && values["scope"] == "" && values["days"] == "" {
		values["scope"], values["days"] = string(p.Scope), strconv.Itoa(p.Days)
	}
	f.Values = values
	if lone := d.LoneReport(); lone != 0 && len(ticked) == 0 {
		ticked = map[int64]bool{lone: true}
	}
	return f, ticked
}
