package models

import (
	"encoding/json"
	"slices"

	"gorm.io/gorm"
)

// decision is one decision being applied to the locked cases of one
// reported user, inside the caller's transaction: what its steps read and
// write. A decision over several users' cases (a bulk decision) runs its
// steps once per user, under one decisions row.
type decision struct {
	tx    *gorm.DB
	actor *User
	id    int64   // the decisions row
	cases []*Case // the cases of this user it decides, in id order
	user  int64   // their reported user
	d     Decision
	days  int  // restrict only: the validated duration, 0 permanent
	bulk  bool // chosen on the queue, where no suggestion is shown

	reports       []Report       // the cases' reports, once decided
	detail        map[string]any // the case.decide audit event's detail; each step adds its part
	suggestion    *Penalty       // the ladder's, for a decision that finds a violation
	restrictionID int64          // the restriction written, if any
	noticed       bool           // the reported user has had this decision's notice
	legalReports  map[int64]bool // reports whose legal request's outcome notice tells their reporter
}

// decisionSteps are the effects of a decision, in order, all in one
// transaction (Mastodon's AccountAction#process_action! runs one method per
// effect the same way). Each step acts only when the decision calls for it;
// a new effect joins the list as one more step.
var decisionSteps = []func(*decision) error{
	(*decision).resolveCase,
	(*decision).checkFalseReports,
	(*decision).decideReports,
	(*decision).answerLegalRequests,
	(*decision).notifyReporters,
	(*decision).removeContent,
	(*decision).endHides,
	(*decision).giveStrikes,
	(*decision).restrictReportedUser,
	(*decision).notifyReportedUser,
	(*decision).restrictFalseReporters,
	(*decision).sendTicketsBack,
	(*decision).audit,
}

// decide applies d to the locked cases inside tx as one decision (bulk:
// chosen on the queue), step by step for each reported user, and returns the id of the first restriction
// it wrote, if any. A case that was decided before and sent back for
// another look has its earlier decision reversed first (for its user), so
// that nothing is counted twice.
func decide(tx *gorm.DB, actor *User, cases []*Case, d Decision, days int, bulk bool) (int64, error) {
	superseded := map[[2]int64]bool{}
	for _, c := range cases {
		if c.DecisionID == nil || superseded[[2]int64{*c.DecisionID, c.ReportedUserID}] {
			continue
		}
		superseded[[2]int64{*c.DecisionID, c.ReportedUserID}] = true
		if _, err := reverse(tx, actor, reversal{decisionID: *c.DecisionID, userID: c.ReportedUserID,
			reason: "Decided again.", via: ViaDecidedAgain}); err != nil {
			return 0, err
		}
	}
	var scope *Scope
	var length *int
	if d.Kind == DecideRestrict {
		scope, length = &d.Scope, &days
	}
	var id int64
	if err := tx.Raw(`INSERT INTO decisions (kind, policy_reason, scope, days, removed, decided_by, internal_note, user_note, override_reason)
		VALUES (?, nullif(?, ''), ?, ?, ?, nullif(?, 0), ?, ?, ?) RETURNING id`,
		d.Kind, d.Policy, scope, length, d.removesContent(), actor.ID, d.InternalNote, d.UserNote, d.OverrideReason).Scan(&id).Error; err != nil {
		return 0, err
	}
	var users []int64
	byUser := map[int64][]*Case{}
	for _, c := range cases {
		if _, ok := byUser[c.ReportedUserID]; !ok {
			users = append(users, c.ReportedUserID)
		}
		byUser[c.ReportedUserID] = append(byUser[c.ReportedUserID], c)
	}
	var first int64
	suggestions := map[string]Penalty{}
	for _, u := range users {
		s := &decision{tx: tx, actor: actor, id: id, cases: byUser[u], user: u, d: d, days: days, bulk: bulk,
			detail: map[string]any{"decision": d.Kind, "policy": d.Policy, "decision_id": id, "user": u}}
		for _, step := range decisionSteps {
			if err := step(s); err != nil {
				return 0, err
			}
		}
		if first == 0 {
			first = s.restrictionID
		}
		if s.suggestion != nil {
			suggestions[itoa(u)] = *s.suggestion
		}
	}
	if len(suggestions) > 0 {
		raw, err := json.Marshal(suggestions)
		if err != nil {
			return 0, err
		}
		if err := tx.Exec("UPDATE decisions SET suggestion = ? WHERE id = ?", string(raw), id).Error; err != nil {
			return 0, err
		}
	}
	return first, nil
}

// caseIDs are the ids of the decision's cases.
func (s *decision) caseIDs() []int64 {
	out := make([]int64, len(s.cases))
	for i, c := range s.cases {
		out[i] = c.ID
	}
	return out
}

// caseID is the decision's first case's id, for a row that names one.
func (s *decision) caseID() *int64 {
	id := s.cases[0].ID
	return &id
}

// resolveCase marks the cases resolved by the actor under this decision,
// with its policy reason and notes.
func (s *decision) resolveCase() error {
	return s.tx.Exec(`UPDATE cases SET state = 'resolved', resolution = ?, resolved_by = nullif(?, 0), resolved_at = now(), decision_id = ?,
		claimed_by = coalesce(claimed_by, nullif(?, 0)), policy_reason = nullif(?, ''), internal_note = ?, user_note = ?, updated_at = now()
		WHERE id IN ?`, s.d.Kind.resolution(), s.actor.ID, s.id, s.actor.ID, s.d.Policy, s.d.InternalNote, s.d.UserNote, s.caseIDs()).Error
}

// checkFalseReports refuses a false report decision naming a report of
// another case. Errors: Invalid (field false_reports).
func (s *decision) checkFalseReports() error {
	if s.d.Kind != DecideFalseReport {
		return nil
	}
	if len(s.d.FalseReports) == 0 { // a lone report is the default
		var ids []int64
		if err := s.tx.Raw("SELECT id FROM reports WHERE case_id = ? ORDER BY id LIMIT 2", s.cases[0].ID).Scan(&ids).Error; err != nil {
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
	if err := s.tx.Raw("SELECT count(*) FROM reports WHERE case_id = ? AND id IN ?", s.cases[0].ID, s.d.FalseReports).Scan(&n).Error; err != nil {
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
	if err := s.tx.Exec(`UPDATE reports SET decided_at = now(), state = CASE WHEN id IN ? THEN 'false' ELSE ? END WHERE case_id IN ?`,
		falseIDs, state, s.caseIDs()).Error; err != nil {
		return err
	}
	if err := s.tx.Where("case_id IN ?", s.caseIDs()).Order("id").Find(&s.reports).Error; err != nil {
		return err
	}
	s.detail["reports"] = len(s.reports)
	return nil
}

// notifyReporters tells each reporter the outcome of their report (a
// legal request's requester reads its outcome notice instead).
func (s *decision) notifyReporters() error {
	for _, r := range s.reports {
		if s.legalReports[r.ID] {
			continue
		}
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

// removeContent marks the cases' subjects removed by moderation: their
// text is gone from every page and export users see; evidence keeps its
// snapshot.
func (s *decision) removeContent() error {
	if !s.d.removesContent() {
		return nil
	}
	for _, c := range s.cases {
		res := s.tx.Exec("UPDATE "+subjectTable(c.SubjectType)+" SET removed_at = now(), removed_by = nullif(?, 0) WHERE id = ? AND removed_at IS NULL",
			s.actor.ID, c.SubjectID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected > 0 { // one statement of reasons per item removed
			in := s.statement(StatementRemove, c)
			if _, err := RecordStatement(s.tx, in); err != nil {
				return err
			}
		}
		if err := audit(s.tx, s.actor.ID, "content.remove", string(c.SubjectType), c.SubjectID, map[string]any{"case": c.ID}); err != nil {
			return err
		}
		if err := s.deleteSeverePicture(c); err != nil {
			return err
		}
	}
	s.detail["removed"] = true
	return nil
}

// subjectTable is the table of a case's subject.
func subjectTable(t SubjectType) string {
	return map[SubjectType]string{SubjectPost: "board_posts", SubjectComment: "board_comments", SubjectMessage: "chat_messages"}[t]
}

// findsViolation reports whether the decision finds a violation of the
// reported user's: remove, warn or restrict.
func (k DecisionKind) findsViolation() bool { return k.resolution() == ResolutionActionTaken }

// giveStrikes reads the ladder for the reported user (their strikes in the
// window and this violation's) and writes this decision's strikes: one set
// per user per decision. A restriction other than the ladder's suggestion
// needs the moderator's reason. Errors: Invalid (field override_reason).
func (s *decision) giveStrikes() error {
	if !s.d.Kind.findsViolation() {
		return nil
	}
	before, err := activeStrikes(s.tx, s.user, s.id)
	if err != nil {
		return err
	}
	p := SuggestFor(before, s.d.Policy, s.cases[0].SubjectType)
	s.suggestion = &p
	s.detail["strikes"] = p.Strikes
	s.detail["suggested"] = p.Code()
	if !p.Chosen(s.d, s.days) {
		if s.d.OverrideReason == "" {
			if s.bulk {
				return fieldError("override_reason", "decision.override_reason_bulk", staffName(s.tx, s.user))
			}
			return fieldError("override_reason", "decision.override_reason_empty")
		}
		s.detail["override_reason"] = s.d.OverrideReason
	}
	return giveStrikes(s.tx, s.id, s.user, s.cases[0].ID, p.Added)
}

// restrictReportedUser restricts the reported user's account as decided:
// one restriction per user and scope. An earlier restriction in force that
// takes the scope away and ends no sooner leaves it at the strikes; one of
// the same scope that ends sooner is replaced.
func (s *decision) restrictReportedUser() error {
	if s.d.Kind != DecideRestrict {
		return nil
	}
	id := s.id
	r, err := restrictOrReplace(s.tx, restrictionOrder{ActorID: s.actor.ID, UserID: s.user, Scope: s.d.Scope, Days: s.days,
		Policy: s.d.Policy, CaseID: s.caseID(), DecisionID: &id, InternalNote: s.d.InternalNote, UserNote: s.d.UserNote})
	if err != nil {
		return err
	}
	s.detail["scope"], s.detail["days"] = s.d.Scope, s.days
	if r == nil {
		s.detail["covered"] = true
		return nil
	}
	s.restrictionID, s.noticed = r.ID, true
	s.detail["restriction"] = r.ID
	in := s.statement(restrictionStatementKind(r.Scope), s.cases[0])
	in.Scope, in.EndsAt, in.RestrictionID = r.Scope, r.EndsAt, &r.ID
	_, err = RecordStatement(s.tx, in)
	return err
}

// statement is the statement of reasons of this decision's kind on case c's
// content: decided by the rules (the automation actor) or by a moderator.
func (s *decision) statement(kind StatementKind, c *Case) StatementInput {
	id, caseID := s.id, c.ID
	in := StatementInput{Kind: kind, UserID: s.user, Reason: s.d.Policy, SubjectType: c.SubjectType, SubjectID: c.SubjectID,
		CaseID: &caseID, DecisionID: &id}
	if s.actor.ID == 0 {
		in.Detection, in.Automated = true, AutomatedFully
	}
	return in
}

// notifyReportedUser tells the reported user of the decision once, with
// the moderator's note, when no restriction has told them: their content
// was removed, or a warning (also when an earlier, longer restriction
// already covers the one decided).
func (s *decision) notifyReportedUser() error {
	if !s.d.Kind.findsViolation() || s.noticed {
		return nil
	}
	kind := NoticeWarning
	if s.d.removesContent() {
		kind = NoticeContentRemoved
	}
	s.noticed = true
	return notify(s.tx, &Notice{UserID: s.user, Kind: kind, Body: s.d.UserNote, CaseID: s.caseID()})
}

// restrictFalseReporters warns or restricts each reporter of the reports
// found false (DSA Art. 23): not warned in StrikeWindow and now
// FalseReportWarnAt false reports within FalseReportWindow, a warning
// notice that explains the policy; warned before this false report and not
// restricted from reporting already, a reporting restriction, longer for
// each one they had in StrikeWindow.
func (s *decision) restrictFalseReporters() error {
	if s.d.Kind != DecideFalseReport {
		return nil
	}
	s.detail["false_reports"] = s.d.FalseReports
	var reporters []struct {
		ReporterID   int64
		Recent       int
		Warned       bool
		Restricted   bool
		Restrictions int
	}
	err := s.tx.Raw(`SELECT DISTINCT r.reporter_id,
			(SELECT count(*) FROM reports f WHERE f.reporter_id = r.reporter_id AND f.state = 'false'
				AND f.decided_at > now() - make_interval(secs => @window)) AS recent,
			EXISTS (SELECT 1 FROM notices n WHERE n.user_id = r.reporter_id AND n.kind = @warning
				AND n.created_at > now() - make_interval(days => @strikeDays)) AS warned,
			EXISTS (SELECT 1 FROM restrictions s WHERE s.user_id = r.reporter_id AND s.scope IN @scopes
				AND `+restrictionInForce("s")+`) AS restricted,
			(SELECT count(*) FROM restrictions s WHERE s.user_id = r.reporter_id AND s.scope = 'reporting' AND s.policy_reason = @policy
				AND s.created_at > now() - make_interval(days => @strikeDays)) AS restrictions
		FROM reports r WHERE r.id IN @ids ORDER BY r.reporter_id`,
		map[string]any{"window": FalseReportWindow.Seconds(), "warning": NoticeFalseReportWarning, "strikeDays": StrikeWindowDays,
			"scopes": ScopeReporting.takenBy(), "policy": PolicyFalseReporting, "ids": s.d.FalseReports}).Scan(&reporters).Error
	if err != nil {
		return err
	}
	id := s.id
	for _, r := range reporters {
		switch {
		case r.Warned && !r.Restricted:
			days := FalseReportDays(r.Restrictions + 1)
			rr, err := restrict(s.tx, restrictionOrder{ActorID: s.actor.ID, UserID: r.ReporterID, Scope: ScopeReporting, Days: days,
				Policy: PolicyFalseReporting, CaseID: s.caseID(), DecisionID: &id,
				InternalNote: "Automatic: a false report after the warning."})
			if err != nil {
				return err
			}
			// DSA Art. 23: the moderator found the report false, the
			// policy's ladder restricted; talksafe's own initiative.
			if _, err := RecordStatement(s.tx, StatementInput{Kind: StatementRestrictReporting, UserID: r.ReporterID,
				Reason: PolicyFalseReporting, Scope: ScopeReporting, EndsAt: rr.EndsAt, Automated: AutomatedPartially,
				Source: SourceVoluntary, CaseID: s.caseID(), DecisionID: &id, RestrictionID: &rr.ID}); err != nil {
				return err
			}
		case !r.Warned && r.Recent >= FalseReportWarnAt:
			if err := notify(s.tx, &Notice{UserID: r.ReporterID, Kind: NoticeFalseReportWarning, CaseID: s.caseID()}); err != nil {
				return err
			}
			if err := audit(s.tx, s.actor.ID, "reporter.warn", "user", r.ReporterID, map[string]any{"case": s.cases[0].ID, "false_reports": r.Recent}); err != nil {
				return err
			}
		}
	}
	return nil
}

// FalseReportDays is how long the nth reporting restriction for false
// reports after the warning lasts (0: permanent): FalseReportRestrict days
// the first time, then up the ladder's durations, in the reporting scope.
func FalseReportDays(nth int) int {
	p := Suggest(4+2*(nth-1), ScopeReporting, 0)
	if nth <= 1 {
		return FalseReportRestrict
	}
	return p.Days
}

// sendTicketsBack returns the Customer Service tickets waiting "with
// moderation" on these cases to support.
func (s *decision) sendTicketsBack() error {
	for _, c := range s.cases {
		if err := ticketsOnCaseDecided(s.tx, c.ID, s.d.Kind.resolution()); err != nil {
			return err
		}
	}
	return nil
}

// audit writes the decision on each case, with what each step did, to the
// audit log.
func (s *decision) audit() error {
	for _, c := range s.cases {
		if err := audit(s.tx, s.actor.ID, "case.decide", "case", c.ID, s.detail); err != nil {
			return err
		}
	}
	return nil
}
