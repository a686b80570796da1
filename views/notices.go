package views

import (
	"context"

	"talksafe/models"
	. "talksafe/views/components"
)

// The words of notices and restrictions, in the reader's language. A
// notice is stored as its kind and the data it points to; its subject line
// and its sentence are chosen here.

// noticeTitle is a notice's subject line; post is the decided post's title
// when the line names it (people's words, printed apart).
func noticeTitle(ctx context.Context, n models.NoticeItem) (title, post string) {
	subject := "other"
	if n.SubjectType != nil {
		subject = string(*n.SubjectType)
	}
	switch n.Kind {
	case models.NoticeReportOutcome, models.NoticeReportReopened:
		return T(ctx, "notices.title_report_"+subject), ""
	case models.NoticeDecisionReversed:
		return T(ctx, "notices.title_reversed"), ""
	case models.NoticeFalseReportWarning:
		return T(ctx, "notices.title_false_warning"), ""
	case models.NoticeContentRemoved, models.NoticeWarning, models.NoticeContentHidden:
		if n.PostTitle != "" {
			return T(ctx, "notices.title_your_post"), firstLine(n.PostTitle)
		}
		return T(ctx, "notices.title_your_"+subject), ""
	case models.NoticeRestricted:
		return restrictedTitle(ctx, n.Scope), ""
	case models.NoticeLegalReceived, models.NoticeLegalExtended, models.NoticeLegalOutcome, models.NoticeLegalBlocked, models.NoticeLegalRestored:
		if n.LegalRequester {
			return T(ctx, "notices.title_legal"), ""
		}
		return T(ctx, "notices.title_your_"+subject), ""
	case models.NoticeRestrictionLifted:
		if n.Scope == nil {
			return T(ctx, "notices.title_lifted"), ""
		}
		return T(ctx, "notices.title_scope_lifted", map[string]any{"Scope": scopeLabel(ctx, *n.Scope)}), ""
	case models.NoticeRestrictionEnded:
		if n.Scope == nil {
			return T(ctx, "notices.title_ended"), ""
		}
		return T(ctx, "notices.title_scope_ended", map[string]any{"Scope": scopeLabel(ctx, *n.Scope)}), ""
	case models.NoticeComplaintDecided:
		return complaintNoticeWords(ctx, n, "notices.title_complaint_"), ""
	case models.NoticeAppealDecided:
		if n.AppealState != nil && *n.AppealState == models.AppealLifted {
			return T(ctx, "notices.title_appeal_lifted"), ""
		}
		if n.AppealState != nil && *n.AppealState == models.AppealUpheld {
			return T(ctx, "notices.title_appeal_upheld"), ""
		}
		return T(ctx, "notices.title_appeal"), ""
	}
	return "", ""
}

// noticeText is the sentence a notice's reader sees, chosen by its kind.
// It never names who reported or which staff member decided.
func noticeText(ctx context.Context, n models.NoticeItem) string {
	policy := map[string]any{"Policy": policyLabel(ctx, n.Policy)}
	switch n.Kind {
	case models.NoticeReportOutcome:
		switch {
		case n.ActionTaken():
			return T(ctx, "notices.report_action_taken")
		case n.ReportState == nil:
			return T(ctx, "notices.report_reviewing")
		}
		return T(ctx, "notices.report_no_violation")
	case models.NoticeContentRemoved:
		return T(ctx, "notices.content_removed", map[string]any{"Policy": policy["Policy"], "Removed": T(ctx, "boards.removed")})
	case models.NoticeWarning:
		return T(ctx, "notices.warning", policy)
	case models.NoticeFalseReportWarning:
		return T(ctx, "notices.false_warning", map[string]any{"Days": models.FalseReportRestrict})
	case models.NoticeContentHidden:
		return T(ctx, "notices.content_hidden")
	case models.NoticeRestricted:
		scope := models.ScopeService
		if n.Scope != nil {
			scope = *n.Scope
		}
		return restrictionSentence(ctx, scope, n.EndsAt) + " " + restrictionPolicy(ctx, n.Policy) + " " + T(ctx, "restricted.appeal_once")
	case models.NoticeRestrictionLifted:
		if n.AppealState != nil && *n.AppealState == models.AppealLifted {
			return T(ctx, "notices.lifted_appeal_ended")
		}
		return T(ctx, "notices.lifted")
	case models.NoticeRestrictionEnded:
		return T(ctx, "notices.ended")
	case models.NoticeComplaintDecided:
		return complaintNoticeWords(ctx, n, "notices.complaint_")
	case models.NoticeAppealDecided:
		return T(ctx, "notices.appeal_decided")
	case models.NoticeTicketReply:
		return T(ctx, "notices.ticket_reply")
	case models.NoticeTicketResolved:
		return T(ctx, "notices.ticket_resolved")
	case models.NoticeDecisionReversed:
		return T(ctx, "notices.decision_reversed")
	case models.NoticeReportReopened:
		return T(ctx, "notices.report_reopened")
	case models.NoticeLegalReceived, models.NoticeLegalExtended, models.NoticeLegalOutcome, models.NoticeLegalBlocked, models.NoticeLegalRestored:
		return legalNoticeText(ctx, n)
	}
	return ""
}

// restrictedTitle is "Posting restricted"; a restriction gone from the
// database leaves "Restricted".
func restrictedTitle(ctx context.Context, s *models.Scope) string {
	if s == nil {
		return T(ctx, "notices.title_restricted")
	}
	return T(ctx, "notices.title_scope_restricted", map[string]any{"Scope": scopeLabel(ctx, *s)})
}

// complaintNoticeWords is the title or sentence (prefix) of a notice that
// a complaint was decided: granted or rejected, a reporter's second look or
// an affected user's complaint. It never names the staff member.
func complaintNoticeWords(ctx context.Context, n models.NoticeItem, prefix string) string {
	state := models.ComplaintRejected
	if n.ComplaintState != nil && *n.ComplaintState == models.ComplaintGranted {
		state = models.ComplaintGranted
	}
	if n.ComplaintByReporter {
		return T(ctx, prefix+"second_look_"+string(state))
	}
	return T(ctx, prefix+string(state))
}
