package views

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// ticketCategoryLabel is a category as the New ticket form words it.
func ticketCategoryLabel(c models.TicketCategory) string {
	switch c {
	case models.TicketIllegalAct:
		return "An illegal act that needs measures"
	case models.TicketSafetyThreat:
		return "A threat to my safety"
	case models.TicketPoliceEvidence:
		return "I need evidence for the police"
	case models.TicketAppeal:
		return "Appeal a restriction"
	case models.TicketOther:
		return "Other"
	}
	return string(c)
}

func ticketCategoryOptions(withAny bool) []components.Option {
	var opts []components.Option
	if withAny {
		opts = append(opts, components.Option{Value: "", Label: "Any category"})
	} else {
		opts = append(opts, components.Option{Value: "", Label: "Choose…"})
	}
	for _, c := range models.TicketCategories {
		opts = append(opts, components.Option{Value: string(c), Label: ticketCategoryLabel(c)})
	}
	return opts
}

// ticketStateLabel is a ticket's state for its user (mine) or for staff.
func ticketStateLabel(s models.TicketState, mine bool) string {
	switch s {
	case models.TicketOpen:
		return "Open"
	case models.TicketWaitingOnUser:
		if mine {
			return "Waiting on you"
		}
		return "Waiting on user"
	case models.TicketWithModeration:
		return "With moderation"
	case models.TicketResolved:
		return "Resolved"
	}
	return string(s)
}

func ticketStateClass(s models.TicketState) string { return "ticket-state ticket-" + string(s) }

func deskStateOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Not resolved"}}
	for _, s := range models.TicketStates {
		opts = append(opts, components.Option{Value: string(s), Label: ticketStateLabel(s, false)})
	}
	return opts
}

func deskAssigneeOptions() []components.Option {
	return []components.Option{{Value: string(models.AssignedAnyone), Label: "Anyone"},
		{Value: string(models.AssignedToMe), Label: "Assigned to me"}, {Value: string(models.AssignedNobody), Label: "Unassigned"}}
}

func deskSortOptions() []components.Option {
	return []components.Option{{Value: "", Label: "Oldest first"}, {Value: "newest", Label: "Newest first"}}
}

// deskFilterForm is the queue's filter as the filter form's values.
func deskFilterForm(f models.DeskFilter) components.Form {
	v := map[string]string{"state": string(f.State), "category": string(f.Category), "assigned": string(f.Assignee)}
	if f.Newest {
		v["sort"] = "newest"
	}
	return components.Form{Values: v}
}

// moderationResultLabel is a case's decision, for staff, or for the ticket's
// user (who learns the outcome, never the penalty).
func moderationResultLabel(r *models.CaseResolution, forUser bool) string {
	if r == nil {
		return ""
	}
	switch *r {
	case models.ResolutionActionTaken:
		return "Action taken"
	case models.ResolutionNoViolation:
		return "No violation found"
	case models.ResolutionFalseReport:
		if forUser {
			return "No violation found"
		}
		return "False report"
	}
	return string(*r)
}

// ticketAge is how long ago t was, in hours or days: "5 h", "3 d".
func ticketAge(t time.Time) string {
	d := time.Since(t)
	if d < time.Hour {
		return strconv.Itoa(int(d.Minutes())) + " min"
	}
	if d < 48*time.Hour {
		return strconv.Itoa(int(d.Hours())) + " h"
	}
	return strconv.Itoa(int(d.Hours()/24)) + " d"
}

// firstResponseText says where a ticket stands against the first-response
// target.
func firstResponseText(t *models.Ticket) string {
	switch {
	case t.FirstResponseAt != nil:
		return "Answered in " + hoursBetween(t.CreatedAt, *t.FirstResponseAt)
	case t.State.Resolved():
		return "Resolved without a reply"
	case t.Overdue():
		return "Overdue by " + hoursBetween(t.FirstResponseDue(), time.Now())
	}
	return hoursBetween(time.Now(), t.FirstResponseDue()) + " left to answer"
}

func hoursBetween(a, b time.Time) string {
	d := b.Sub(a)
	if d < time.Hour {
		return strconv.Itoa(int(d.Minutes())) + " min"
	}
	return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
}

func reportLabel(r models.MyReport) string {
	label := "#" + strconv.FormatInt(r.ID, 10) + " · " + r.SubjectType.Label() + " · "
	for i, reason := range r.Reasons {
		if i > 0 {
			label += ", "
		}
		label += reason.Label()
	}
	return label
}

func restrictionOptions(ctx context.Context, rs []models.Restriction) []components.Option {
	opts := []components.Option{{Value: "", Label: "Choose the restriction…"}}
	for _, r := range rs {
		opts = append(opts, components.Option{Value: strconv.FormatInt(r.ID, 10), Label: restrictionLabel(ctx, &r)})
	}
	return opts
}

// restrictionLabel is a restriction in one line: what, why, until when.
func restrictionLabel(ctx context.Context, r *models.Restriction) string {
	until := "permanently"
	if r.EndsAt != nil {
		until = "until " + stamp(ctx, *r.EndsAt)
	}
	return restrictionScopeLabel(r.Scope) + " restricted " + until + " (" + r.PolicyReason + ")"
}

func restrictionScopeLabel(s models.Scope) string {
	switch s {
	case models.ScopePosting:
		return "Posting"
	case models.ScopeMessaging:
		return "Messaging"
	case models.ScopeReporting:
		return "Reporting"
	case models.ScopeService:
		return "The whole account"
	}
	return string(s)
}

func linkedReportOptions(rs []models.LinkedReport) []components.Option {
	var opts []components.Option
	for _, r := range rs {
		opts = append(opts, components.Option{Value: strconv.FormatInt(r.ID, 10), Label: reportLabel(r.MyReport)})
	}
	return opts
}

func staffOptions(staff []models.User) []components.Option {
	var opts []components.Option
	for _, u := range staff {
		opts = append(opts, components.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
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
func appealStateLabel(s models.AppealState) string {
	switch s {
	case models.AppealPending:
		return "Waiting for a moderator's decision"
	case models.AppealUpheld:
		return "The restriction stays"
	case models.AppealLifted:
		return "The restriction was lifted"
	}
	return string(s)
}
