package views

import (
	"context"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// legalKindLabel is the law a request is made under, in the page's language.
func legalKindLabel(ctx context.Context, k models.LegalKind) string {
	if k == models.LegalTemporaryMeasure {
		return components.T(ctx, "legal.kind.temporary_measure")
	}
	return components.T(ctx, "legal.kind.illegal_filming")
}

// legalContentLabel is what the requester says the content is.
func legalContentLabel(ctx context.Context, k models.LegalContentKind) string {
	switch k {
	case models.LegalComposite:
		return components.T(ctx, "legal.content.composite")
	case models.LegalChildAbuse:
		return components.T(ctx, "legal.content.child_abuse")
	case models.LegalPrivacy:
		return components.T(ctx, "legal.content.privacy")
	case models.LegalReputation:
		return components.T(ctx, "legal.content.reputation")
	}
	return components.T(ctx, "legal.content.illegally_filmed")
}

// legalRequesterLabel says who asked, for staff: the victim or a
// designated organisation (never their name on the panel).
func legalRequesterLabel(ctx context.Context, k models.RequesterKind) string {
	if k == models.RequesterOrganisation {
		return components.T(ctx, "legal.requester.organisation")
	}
	return components.T(ctx, "legal.requester.victim")
}

// legalStatus is where a request stands, as its requester and staff read
// it: waiting (with its deadline), blocked until, or its outcome.
func legalStatus(ctx context.Context, r models.LegalRequest) string {
	switch {
	case r.State == models.LegalDecided:
		return legalOutcomeLabel(ctx, r.Outcome)
	case r.BlockInForce && r.BlockUntil != nil:
		return components.T(ctx, "legal.status.blocked", map[string]any{"Until": stamp(ctx, *r.BlockUntil)})
	case r.DeadlineAt != nil:
		return components.T(ctx, "legal.status.pending_until", map[string]any{"Deadline": stamp(ctx, *r.DeadlineAt)})
	}
	return components.T(ctx, "legal.status.pending")
}

// legalOutcomeLabel is how a request ended.
func legalOutcomeLabel(ctx context.Context, o models.LegalOutcome) string {
	switch o {
	case models.LegalRemoved:
		return components.T(ctx, "legal.outcome.removed")
	case models.LegalRestored:
		return components.T(ctx, "legal.outcome.restored")
	}
	return components.T(ctx, "legal.outcome.refused")
}

// blockedWords are what a temporary block shows in place of the content
// to everyone but its author.
func blockedWords(ctx context.Context, until *time.Time) string {
	if until == nil {
		return components.T(ctx, "boards.hidden")
	}
	return components.T(ctx, "legal.blocked_public", map[string]any{"Until": date(ctx, *until)})
}

// legalNoticeText is the sentence of a legal request's notice; never who
// asked nor who decided.
func legalNoticeText(ctx context.Context, n models.NoticeItem) string {
	what := components.T(ctx, "legal.kind.illegal_filming")
	if n.LegalKind != nil {
		what = legalKindLabel(ctx, *n.LegalKind)
	}
	switch n.Kind {
	case models.NoticeLegalReceived:
		if n.LegalDeadline != nil {
			return components.T(ctx, "notices.legal_received_deadline", map[string]any{"What": what, "Deadline": stamp(ctx, *n.LegalDeadline)})
		}
		return components.T(ctx, "notices.legal_received", map[string]any{"What": what})
	case models.NoticeLegalExtended:
		return components.T(ctx, "notices.legal_extended", map[string]any{"Deadline": stampPtr(ctx, n.LegalDeadline)})
	case models.NoticeLegalBlocked:
		if n.LegalRequester {
			return components.T(ctx, "notices.legal_blocked_requester", map[string]any{"Until": stampPtr(ctx, n.LegalBlockUntil)})
		}
		return components.T(ctx, "notices.legal_blocked_author", map[string]any{"Until": stampPtr(ctx, n.LegalBlockUntil)})
	case models.NoticeLegalRestored:
		return components.T(ctx, "notices.legal_restored")
	case models.NoticeLegalOutcome:
		if n.LegalOutcome == nil {
			return components.T(ctx, "notices.legal_reviewing")
		}
		return components.T(ctx, "notices.legal_outcome", map[string]any{"What": what, "Outcome": legalOutcomeLabel(ctx, *n.LegalOutcome)})
	}
	return ""
}
