package views

import (
	"context"
	"strings"
	"time"

	"talksafe/models"
	. "talksafe/views/components"
)

// restrictionSentence says what a restriction takes away and until when,
// as one sentence that reads naturally for each scope.
func restrictionSentence(ctx context.Context, s models.Scope, ends *time.Time) string {
	if ends == nil {
		return T(ctx, "restricted.sentence_"+string(s)+"_permanent")
	}
	return T(ctx, "restricted.sentence_"+string(s), map[string]any{"Time": stamp(ctx, *ends)})
}

// restrictionPolicy names the Operation Policy rule a restriction is under.
func restrictionPolicy(ctx context.Context, policy string) string {
	return T(ctx, "restricted.policy", map[string]any{"Policy": policyLabel(ctx, policy)})
}

// serviceRestricted reports whether one of list takes the whole account.
func serviceRestricted(list []models.MyRestriction) bool {
	for _, r := range list {
		if r.Scope == models.ScopeService {
			return true
		}
	}
	return false
}

// noticeLink is where a notice leads: the report, the restriction or the
// ticket it is about; "" when it is about nothing the reader can open.
func noticeLink(n models.NoticeItem) string {
	switch {
	case (n.Kind == models.NoticeReportOutcome || n.Kind == models.NoticeReportReopened) && n.ReportID != nil:
		return MyReportPath(*n.ReportID)
	case n.TicketID != nil:
		return MyTicketPath(*n.TicketID)
	case n.RestrictionID != nil && n.InForce:
		return RestrictionsPath
	}
	return ""
}

// noticeLinkWords names what a notice's link leads to; room is the Open
// Chat room's name (people's words, printed apart) between before and
// after, "" when the words name none.
func noticeLinkWords(ctx context.Context, n models.NoticeItem) (before, room, after string) {
	switch {
	case (n.Kind == models.NoticeReportOutcome || n.Kind == models.NoticeReportReopened) && n.ReportID != nil:
		subject := "other"
		if n.SubjectType != nil {
			subject = string(*n.SubjectType)
		}
		date := ""
		if n.ReportedAt != nil {
			date = stamp(ctx, *n.ReportedAt)
		}
		if n.ReportRoom == "" && (subject == "post" || subject == "comment") {
			subject = "other"
		}
		const mark = "{{.Room}}"
		words := T(ctx, "notices.about_report_"+subject, map[string]any{"Room": mark, "Date": date})
		before, after, found := strings.Cut(words, mark)
		if !found {
			return words, "", ""
		}
		return before, n.ReportRoom, after
	case n.TicketID != nil:
		return T(ctx, "notices.about_ticket"), "", ""
	case n.Appealable():
		return T(ctx, "notices.see_restriction"), "", ""
	}
	return T(ctx, "notices.about_restriction"), "", ""
}
