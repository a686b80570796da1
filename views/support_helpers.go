package views

import (
	"context"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// The words of Customer Service's pages are the "support.*" messages
// (locales/support.en.json and support.ko.json); enum labels are keyed by
// the enum's value.

// ticketCategoryLabel is a category as the New ticket form words it.
func ticketCategoryLabel(ctx context.Context, c models.TicketCategory) string {
	return components.T(ctx, "support.category."+string(c))
}

func ticketCategoryOptions(ctx context.Context, withAny bool) []components.Option {
	first := components.Option{Value: "", Label: components.T(ctx, "support.choose")}
	if withAny {
		first.Label = components.T(ctx, "support.desk.any_category")
	}
	opts := []components.Option{first}
	for _, c := range models.TicketCategories {
		opts = append(opts, components.Option{Value: string(c), Label: ticketCategoryLabel(ctx, c)})
	}
	return opts
}

// ticketStateLabel is a ticket's state for its user (mine) or for staff.
func ticketStateLabel(ctx context.Context, s models.TicketState, mine bool) string {
	if mine && s == models.TicketWaitingOnUser {
		return components.T(ctx, "support.state.waiting_on_you")
	}
	return components.T(ctx, "support.state."+string(s))
}

func ticketStateClass(s models.TicketState) string { return "ticket-state ticket-" + string(s) }

func deskStateOptions(ctx context.Context) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "support.desk.not_resolved")}}
	for _, s := range models.TicketStates {
		opts = append(opts, components.Option{Value: string(s), Label: ticketStateLabel(ctx, s, false)})
	}
	return opts
}

func deskAssigneeOptions(ctx context.Context) []components.Option {
	return []components.Option{{Value: string(models.AssignedAnyone), Label: components.T(ctx, "support.desk.anyone")},
		{Value: string(models.AssignedToMe), Label: components.T(ctx, "support.desk.assigned_to_me")},
		{Value: string(models.AssignedNobody), Label: components.T(ctx, "support.desk.unassigned")}}
}

func deskSortOptions(ctx context.Context) []components.Option {
	return []components.Option{{Value: "", Label: components.T(ctx, "support.desk.urgent_first")},
		{Value: models.DeskSortNewest, Label: components.T(ctx, "support.desk.newest_first")}}
}

// moderationResultLabel is a case's decision, for staff, or for the ticket's
// user (who learns the outcome, never the penalty).
func moderationResultLabel(ctx context.Context, r *models.CaseResolution, forUser bool) string {
	if r == nil {
		return ""
	}
	if forUser && *r == models.ResolutionFalseReport {
		return components.T(ctx, "support.result."+string(models.ResolutionNoViolation))
	}
	return components.T(ctx, "support.result."+string(*r))
}

// firstResponseText says where a ticket stands against the first-response
// target.
func firstResponseText(ctx context.Context, t *models.Ticket) string {
	switch {
	case t.FirstResponseAt != nil:
		return components.T(ctx, "support.first.answered_in", map[string]any{"Time": hoursBetween(ctx, t.CreatedAt, *t.FirstResponseAt)})
	case t.State.Resolved():
		return components.T(ctx, "support.first.resolved_without_reply")
	case t.Overdue():
		return components.T(ctx, "support.first.overdue_by", map[string]any{"Time": hoursBetween(ctx, t.FirstResponseDue(), time.Now())})
	}
	return components.T(ctx, "support.first.left", map[string]any{"Time": hoursBetween(ctx, time.Now(), t.FirstResponseDue())})
}

func hoursBetween(ctx context.Context, a, b time.Time) string {
	d := b.Sub(a)
	if d < time.Hour {
		return components.T(ctx, "support.minutes", map[string]any{"N": int(d.Minutes())})
	}
	return components.T(ctx, "support.hours_minutes", map[string]any{"H": int(d.Hours()), "M": int(d.Minutes()) % 60})
}

// reportLabel is a report in one line: its number, what and why.
func reportLabel(ctx context.Context, r models.MyReport) string {
	label := "#" + id(r.ID) + " · " + subjectLabel(ctx, r.SubjectType) + " · "
	for i, reason := range r.Reasons {
		if i > 0 {
			label += ", "
		}
		label += reasonLabel(ctx, reason)
	}
	return label
}

// reportStatusLabel is a report's status as My reports words it.
func reportStatusLabel(ctx context.Context, r models.MyReport) string {
	return components.T(ctx, "status."+statusClass(r.Status()))
}

func restrictionOptions(ctx context.Context, rs []models.Restriction) []components.Option {
	opts := []components.Option{{Value: "", Label: components.T(ctx, "support.new.choose_restriction")}}
	for _, r := range rs {
		opts = append(opts, components.Option{Value: id(r.ID), Label: restrictionLabel(ctx, &r)})
	}
	return opts
}

// restrictionLabel is a restriction in one line: what, why, until when.
func restrictionLabel(ctx context.Context, r *models.Restriction) string {
	until := components.T(ctx, "support.restriction.permanently")
	if r.EndsAt != nil {
		until = components.T(ctx, "support.restriction.until", map[string]any{"Date": stamp(ctx, *r.EndsAt)})
	}
	return components.T(ctx, "support.restriction.line", map[string]any{"Scope": components.T(ctx, "support.scope."+string(r.Scope)),
		"Until": until, "Reason": policyLabel(ctx, r.PolicyReason)})
}

func linkedReportOptions(ctx context.Context, rs []models.LinkedReport) []components.Option {
	var opts []components.Option
	for _, r := range rs {
		opts = append(opts, components.Option{Value: id(r.ID), Label: reportLabel(ctx, r.MyReport)})
	}
	return opts
}

func staffOptions(staff []models.User) []components.Option {
	var opts []components.Option
	for _, u := range staff {
		opts = append(opts, components.Option{Value: id(u.ID), Label: u.Name})
	}
	return opts
}

// savedReplyAction is where the saved reply form posts: the list for a new
// one, its edit path for an existing one.
func savedReplyAction(id int64) string {
	if id == 0 {
		return SavedRepliesPath
	}
	return EditSavedReplyPath(id)
}

// appealStateLabel is an appeal's state for the restricted user.
func appealStateLabel(ctx context.Context, s models.AppealState) string {
	return components.T(ctx, "support.appeal."+string(s))
}
