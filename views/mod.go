package views

import (
	"strconv"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// unreadLabel reads the unread count aloud: "3 unread notices".
func unreadLabel(n int64) string {
	if n == 1 {
		return "1 unread notice"
	}
	return strconv.FormatInt(n, 10) + " unread notices"
}

// countLabel caps a badge's count at 99+.
func countLabel(n int64) string {
	if n > 99 {
		return "99+"
	}
	return strconv.FormatInt(n, 10)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func policyOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Choose the rule…"}}
	for _, p := range models.PolicyReasons() {
		opts = append(opts, components.Option{Value: string(p.Code), Label: p.Label})
	}
	return opts
}

func scopeOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Choose what to restrict…"}}
	for _, s := range models.Scopes {
		opts = append(opts, components.Option{Value: string(s), Label: s.Label()})
	}
	return opts
}

func durationOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Choose how long…"}}
	for _, d := range models.Durations {
		opts = append(opts, components.Option{Value: strconv.Itoa(d), Label: models.DurationLabel(d)})
	}
	return opts
}

func stateOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Not resolved"}}
	for _, s := range models.CaseStates {
		opts = append(opts, components.Option{Value: string(s), Label: s.Label()})
	}
	return opts
}

func reasonOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Any reason"}}
	for _, r := range models.Reasons {
		opts = append(opts, components.Option{Value: string(r.Code), Label: r.Label})
	}
	return opts
}

func subjectOptions() []components.Option {
	opts := []components.Option{{Value: "", Label: "Any subject"}}
	for _, s := range []models.SubjectType{models.SubjectPost, models.SubjectComment, models.SubjectMessage} {
		opts = append(opts, components.Option{Value: string(s), Label: s.Label()})
	}
	return opts
}

func sortOptions() []components.Option {
	return []components.Option{{Value: string(models.SortPriority), Label: "Priority"}, {Value: string(models.SortOldest), Label: "Oldest first"}}
}

// filterForm is the queue's filter as the filter form's values.
func filterForm(f models.QueueFilter) components.Form {
	v := map[string]string{"state": string(f.State), "reason": string(f.Reason), "type": string(f.SubjectType),
		"user": f.ReportedName, "sort": string(f.Sort)}
	return components.Form{Values: v}
}

// locStamp is a date and time in the viewer's zone: "2026-11-21 14:02".
func locStamp(loc *time.Location, t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }

func locStampPtr(loc *time.Location, t *time.Time) string {
	if t == nil {
		return ""
	}
	return locStamp(loc, *t)
}

// until says when a restriction ends: "until 2026-11-28 14:02" or "permanently".
func until(loc *time.Location, t *time.Time) string {
	if t == nil {
		return "permanently"
	}
	return "until " + locStamp(loc, *t)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func resolutionLabel(r *models.CaseResolution) string {
	if r == nil {
		return ""
	}
	return r.Label()
}

func appealLabel(s *models.AppealState) string {
	if s == nil {
		return "Not appealed"
	}
	switch *s {
	case models.AppealUpheld:
		return "Appeal upheld (restriction stays)"
	case models.AppealLifted:
		return "Appeal granted (lifted)"
	}
	return "Appeal pending"
}

// restrictionStatus words a restriction's state for staff.
func restrictionStatus(loc *time.Location, r models.Restriction) string {
	switch {
	case r.LiftedAt != nil:
		return "Lifted " + locStamp(loc, *r.LiftedAt)
	case r.InForce(time.Now()):
		return "In force " + until(loc, r.EndsAt)
	}
	return "Ended " + locStampPtr(loc, r.EndsAt)
}

func reasonLabels(rs []models.ReportReason) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += ", "
		}
		out += r.Label()
	}
	return out
}

func accuracyLine(a models.Accuracy) string {
	return "Filed " + i64(a.Filed) + " · upheld " + i64(a.Upheld) + " · no violation " + i64(a.Rejected) + " · false " + i64(a.False)
}

// noticeText is the sentence a notice's reader sees, chosen by its kind.
// It never names who reported or which staff member decided.
func noticeText(loc *time.Location, n models.NoticeItem) string {
	policy := models.PolicyLabel(n.Policy)
	switch n.Kind {
	case models.NoticeReportOutcome:
		if n.ActionTaken() {
			return "We reviewed your report and took action under the Operation Policy. Thank you for reporting."
		}
		if n.ReportState == nil {
			return "We are still reviewing your report."
		}
		return "We reviewed your report and found no violation of the Operation Policy."
	case models.NoticeContentRemoved:
		return "It was removed by moderation under the Operation Policy rule “" + policy + "”. Others now see “" + RemovedText + "” in its place."
	case models.NoticeWarning:
		return "This is a warning under the Operation Policy rule “" + policy + "”. Repeated violations lead to restrictions."
	case models.NoticeRestricted:
		scope := ""
		if n.Scope != nil {
			scope = scopeWords(*n.Scope)
		}
		return "Your account is restricted from " + scope + " " + until(loc, n.EndsAt) + " under the Operation Policy rule “" + policy + "”. You can appeal it once."
	case models.NoticeRestrictionLifted:
		return "A restriction on your account was lifted. You can use it again."
	case models.NoticeAppealDecided:
		return "A moderator who did not decide the restriction reviewed your appeal."
	}
	return ""
}

// scopeWords is what a scope takes away, as a notice says it.
func scopeWords(s models.Scope) string {
	switch s {
	case models.ScopePosting:
		return "posting on boards and commenting"
	case models.ScopeMessaging:
		return "sending chat messages"
	case models.ScopeReporting:
		return "filing reports"
	}
	return "the whole service"
}

func now() time.Time { return time.Now() }

// queueCount is a state's count on the queue: "1,000+" above the cap.
func queueCount(n int64) string {
	if n > models.QueueCountCap {
		return "1,000+"
	}
	return i64(n)
}
