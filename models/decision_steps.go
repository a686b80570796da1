package models

import (
	"slices"

	"gorm.io/gorm"
)

// decision is one decision being applied to one locked case, inside the
// caller's transaction: what its steps read and write.
type decision struct {
	tx    *gorm.DB
	actor *User
	c     *Case
	d     Decision
	days  int // restrict only: the validated duration, 0 permanent

	reports       []Report       // the case's reports, once decided
	detail        map[string]any // the case.decide audit event's detail; each step adds its part
	restrictionID int64          // the restriction written, if any
}

// decisionSteps are the effects of a decision, in order, all in one
// transaction (Mastodon's AccountAction#process_action! runs one method per
// effect the same way). Each step acts only when the decision calls for it;
// a new effect joins the list as one more step.
var decisionSteps = []func(*decision) error{
	(*decision).resolveCase,
	(*decision).checkFalseReports,
	(*decision).decideReports,
	(*decision).notifyReporters,
	(*decision).removeContent,
	(*decision).notifyReportedUser,
	(*decision).restrictReportedUser,
	(*decision).restrictFalseReporters,
	(*decision).sendTicketsBack,
	(*decision).audit,
}

// decide applies d to the locked case c inside tx, step by step, and
// returns the id of the restriction it wrote, if any.
func decide(tx *gorm.DB, actor *User, c *Case, d Decision, days int) (int64, error) {
	s := &decision{tx: tx, actor: actor, c: c, d: d, days: days,
		detail: map[string]any{"decision": d.Kind, "policy": d.Policy}}
	for _, step := range decisionSteps {
		if err := step(s); err != nil {
			return 0, err
		}
	}
	return s.restrictionID, nil
}

// caseID is the case's id, for a row that names it.
func (s *decision) caseID() *int64 {
	id := s.c.ID
	return &id
}

// resolveCase marks the case resolved by the actor, with the decision's
// policy reason and notes.
func (s *decision) resolveCase() error {
	return s.tx.Exec(`UPDATE cases SET state = 'resolved', resolution = ?, resolved_by = ?, resolved_at = now(),
		claimed_by = coalesce(claimed_by, ?), policy_reason = nullif(?, ''), internal_note = ?, user_note = ?, updated_at = now()
		WHERE id = ?`, s.d.Kind.resolution(), s.actor.ID, s.actor.ID, s.d.Policy, s.d.InternalNote, s.d.UserNote, s.c.ID).Error
}

// checkFalseReports refuses a false report decision naming a report of
// another case. Errors: Invalid (field false_reports).
func (s *decision) checkFalseReports() error {
	if s.d.Kind != DecideFalseReport {
		return nil
	}
	if len(s.d.FalseReports) == 0 { // a lone report is the default
		var ids []int64
		if err := s.tx.Raw("SELECT id FROM reports WHERE case_id = ? ORDER BY id LIMIT 2", s.c.ID).Scan(&ids).Error; err != nil {
			return err
		}
		if len(ids) != 1 {
			f := FieldErrors{}
			f.Add("false_reports", "decision.false_reports_empty")
			return f.Err()
		}
		s.d.FalseReports = ids
	}
	var n int64
	if err := s.tx.Raw("SELECT count(*) FROM reports WHERE case_id = ? AND id IN ?", s.c.ID, s.d.FalseReports).Scan(&n).Error; err != nil {
		return err
	}
	if n != int64(len(slices.Compact(slices.Sorted(slices.Values(s.d.FalseReports))))) {
		f := FieldErrors{}
		f.Add("false_reports", "decision.false_reports_not_in_case")
		return f.Err()
	}
	return nil
}

// decideReports decides the case's reports: upheld when action was taken,
// else rejected, and the chosen ones false; and reads them.
func (s *decision) decideReports() error {
	state := ReportRejected
	if s.d.Kind.resolution() == ResolutionActionTaken {
		state = ReportUpheld
	}
	falseIDs := s.d.FalseReports
	if falseIDs == nil {
		falseIDs = []int64{0}
	}
	if err := s.tx.Exec(`UPDATE reports SET decided_at = now(), state = CASE WHEN id IN ? THEN 'false' ELSE ? END WHERE case_id = ?`,
		falseIDs, state, s.c.ID).Error; err != nil {
		return err
	}
	if err := s.tx.Where("case_id = ?", s.c.ID).Order("id").Find(&s.reports).Error; err != nil {
		return err
	}
	s.detail["reports"] = len(s.reports)
	return nil
}

// notifyReporters tells each reporter the outcome of their report.
func (s *decision) notifyReporters() error {
	for _, r := range s.reports {
		rid := r.ID
		if err := notify(s.tx, &Notice{UserID: r.ReporterID, Kind: NoticeReportOutcome, ReportID: &rid}); err != nil {
			return err
		}
	}
	return nil
}

// removesContent reports whether d removes the case's content: a removal,
// or a warning or restriction that also removes it.
func (d Decision) removesContent() bool {
	return d.Kind == DecideRemove || (d.RemoveContent && (d.Kind == DecideWarn || d.Kind == DecideRestrict))
}

// removeContent marks the case's subject removed by moderation: its text is
// gone from every page and export users see; evidence keeps its snapshot.
func (s *decision) removeContent() error {
	if !s.d.removesContent() {
		return nil
	}
	c := s.c
	table := map[SubjectType]string{SubjectPost: "board_posts", SubjectComment: "board_comments", SubjectMessage: "chat_messages"}[c.SubjectType]
	if err := s.tx.Exec("UPDATE "+table+" SET removed_at = now(), removed_by = ? WHERE id = ? AND removed_at IS NULL",
		s.actor.ID, c.SubjectID).Error; err != nil {
		return err
	}
	s.detail["removed"] = true
	return audit(s.tx, s.actor.ID, "content.remove", string(c.SubjectType), c.SubjectID, map[string]any{"case": c.ID})
}

// reportedUserNotices are the notices a decision sends the reported user
// by itself; a restriction sends its own.
var reportedUserNotices = map[DecisionKind]NoticeKind{DecideRemove: NoticeContentRemoved, DecideWarn: NoticeWarning}

// notifyReportedUser tells the reported user their content was removed, or
// warns them, with the moderator's note.
func (s *decision) notifyReportedUser() error {
	kind, ok := reportedUserNotices[s.d.Kind]
	if !ok {
		return nil
	}
	return notify(s.tx, &Notice{UserID: s.c.ReportedUserID, Kind: kind, Body: s.d.UserNote, CaseID: s.caseID()})
}

// restrictReportedUser restricts the reported user's account as decided.
func (s *decision) restrictReportedUser() error {
	if s.d.Kind != DecideRestrict {
		return nil
	}
	r, err := restrict(s.tx, restrictionOrder{ActorID: s.actor.ID, UserID: s.c.ReportedUserID, Scope: s.d.Scope, Days: s.days,
		Policy: s.d.Policy, CaseID: s.caseID(), InternalNote: s.d.InternalNote, UserNote: s.d.UserNote})
	if err != nil {
		return err
	}
	s.restrictionID = r.ID
	s.detail["restriction"], s.detail["scope"], s.detail["days"] = r.ID, s.d.Scope, s.days
	return nil
}

// restrictFalseReporters restricts the reporting of each reporter of the
// reports found false who now has FalseReportLimit false reports within
// FalseReportWindow and is not restricted from reporting already.
func (s *decision) restrictFalseReporters() error {
	if s.d.Kind != DecideFalseReport {
		return nil
	}
	s.detail["false_reports"] = s.d.FalseReports
	var reporters []int64
	err := s.tx.Raw(`SELECT DISTINCT r.reporter_id FROM reports r WHERE r.id IN ? AND
		(SELECT count(*) FROM reports f WHERE f.reporter_id = r.reporter_id AND f.state = 'false'
			AND f.decided_at > now() - make_interval(secs => ?)) >= ?
		AND NOT EXISTS (SELECT 1 FROM restrictions s WHERE s.user_id = r.reporter_id AND s.scope IN ?
			AND `+restrictionInForce("s")+`)`,
		s.d.FalseReports, FalseReportWindow.Seconds(), FalseReportLimit, ScopeReporting.takenBy()).Scan(&reporters).Error
	if err != nil {
		return err
	}
	for _, u := range reporters {
		if _, err := restrict(s.tx, restrictionOrder{ActorID: s.actor.ID, UserID: u, Scope: ScopeReporting, Days: FalseReportRestrict,
			Policy: PolicyFalseReporting, CaseID: s.caseID(), InternalNote: "Automatic: 3 false reports in 30 days."}); err != nil {
			return err
		}
	}
	return nil
}

// sendTicketsBack returns the Customer Service tickets waiting "with
// moderation" on this case to support.
func (s *decision) sendTicketsBack() error {
	return ticketsOnCaseDecided(s.tx, s.c.ID, s.d.Kind.resolution())
}

// audit writes the decision, with what each step did, to the audit log.
func (s *decision) audit() error {
	return audit(s.tx, s.actor.ID, "case.decide", "case", s.c.ID, s.detail)
}
