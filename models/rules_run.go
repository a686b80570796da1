package models

import (
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// The rules engine: runRules runs the rules of one event inside the
// transaction that files the report or writes the post, in a fixed order
// (rule id), each version at most once per event (rule_runs' unique key).
// A rule in shadow writes its log line and nothing else. An action a
// moderator reversed on a subject is not repeated by the same version.

// automation is the actor of the decisions rules take: no staff member (its
// id 0 is stored as NULL), allowed to decide.
var automation = &User{Role: RoleModerator}

// ruleEvent is one event rules run on.
type ruleEvent struct {
	key         string // unique per event: "report:<id>", "post:<id>@<time>"
	trigger     RuleTrigger
	subjectType SubjectType
	subjectID   int64
	authorID    int64
	caseID      int64 // the report's case; 0 for a post written
	reportID    int64 // the report filed; 0 for a post written
}

// reportEvent is the event of report reportID filed on a subject.
func reportEvent(reportID, caseID int64, t SubjectType, subjectID, authorID int64) ruleEvent {
	return ruleEvent{key: "report:" + itoa(reportID), trigger: TriggerReport, subjectType: t, subjectID: subjectID,
		authorID: authorID, caseID: caseID, reportID: reportID}
}

// writeEvent is the event of a board post or comment written or edited at.
func writeEvent(t SubjectType, id, authorID int64, at time.Time) ruleEvent {
	return ruleEvent{key: string(t) + ":" + itoa(id) + "@" + strconv.FormatInt(at.UnixMicro(), 10), trigger: TriggerPost,
		subjectType: t, subjectID: id, authorID: authorID}
}

// activeRule is a rule that is not off, with its current version.
type activeRule struct {
	RuleID     int64
	State      RuleState
	VersionID  int64
	Version    int
	Name       string
	Conditions RuleConditions `gorm:"type:jsonb"`
	Action     RuleAction
	Label      string
	Policy     string
}

// activeRules are the rules of trigger that are on or in shadow, in order.
func activeRules(tx *gorm.DB, trigger RuleTrigger) ([]activeRule, error) {
	var out []activeRule
	err := tx.Raw(activeRulesSQL, trigger).Scan(&out).Error
	return out, err
}

// activeRulesSQL reads the rules of trigger $1 that are on or in shadow, in
// order, as activeRule's fields.
const activeRulesSQL = `SELECT r.id AS rule_id, r.state, v.id AS version_id, v.version, v.name, v.conditions, v.action, v.label, v.policy
	FROM rules r JOIN rule_versions v ON v.id = r.version_id WHERE r.state <> 'off' AND v.trigger = $1 ORDER BY r.id`

// ruleFacts is what conditions read of an event.
type ruleFacts struct {
	Reasons    ReasonList `gorm:"type:text[]"`
	Severity   int
	Reporters  int
	Score      float64
	Strikes    int
	AgeDays    float64
	Restricted bool
	rate       map[int][2]int // by window in minutes: posts and comments, rooms
	banks      map[int64]bool // the text banks the event's text matches
}

// holds reports whether every condition holds for f (rate: the counts for
// the condition's window).
func (c RuleConditions) holds(f *ruleFacts) bool {
	if len(c.Reasons) > 0 && !slicesOverlap(c.Reasons, f.Reasons) {
		return false
	}
	if f.Severity < c.MinSeverity || f.Reporters < c.MinReporters || f.Score < c.MinScore || f.Strikes < c.MinStrikes {
		return false
	}
	if c.MaxAgeDays > 0 && f.AgeDays > float64(c.MaxAgeDays) {
		return false
	}
	if c.Restricted && !f.Restricted {
		return false
	}
	if c.RateCount > 0 {
		r := f.rate[c.RateMinutes]
		if r[0] < c.RateCount || r[1] < c.RateRooms {
			return false
		}
	}
	if len(c.Banks) > 0 && !slices.ContainsFunc(c.Banks, func(id int64) bool { return f.banks[id] }) {
		return false
	}
	return true
}

func slicesOverlap(a []ReportReason, b ReasonList) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// eventFacts reads the facts of ev the rules need, once per event: the
// case's (a report), the author's, and the author's writing rate for each
// window the rules use.
func eventFacts(tx *gorm.DB, ev ruleEvent, rules []activeRule) (*ruleFacts, error) {
	f := &ruleFacts{}
	err := tx.Raw(`SELECT coalesce(c.reasons, '{}') AS reasons, coalesce(c.severity, 0) AS severity,
			coalesce(c.reporter_count, 0) AS reporters, coalesce(c.weight, 0) AS score,
			extract(epoch FROM now() - u.created_at) / 86400 AS age_days,
			EXISTS (SELECT 1 FROM restrictions s WHERE s.user_id = u.id AND `+restrictionInForce("s")+`) AS restricted,
			(`+strikesSQL+`) AS strikes
		FROM users u LEFT JOIN cases c ON c.id = ? WHERE u.id = ?`, ev.authorID, StrikeWindowDays, 0, ev.caseID, ev.authorID).
		Scan(f).Error
	if err != nil {
		return nil, err
	}
	f.rate = map[int][2]int{}
	for _, r := range rules {
		m := r.Conditions.RateMinutes
		if r.Conditions.RateCount == 0 {
			continue
		}
		if _, ok := f.rate[m]; ok {
			continue
		}
		var row struct{ Items, Rooms int }
		if err := tx.Raw(writingRateSQL, ev.authorID, m, ev.authorID, m).Scan(&row).Error; err != nil {
			return nil, err
		}
		f.rate[m] = [2]int{row.Items, row.Rooms}
	}
	var banks []int64
	for _, r := range rules {
		for _, b := range r.Conditions.Banks {
			if !slices.Contains(banks, b) {
				banks = append(banks, b)
			}
		}
	}
	if len(banks) > 0 {
		if f.banks, err = bankHits(tx, ev, banks); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// bankHits are the banks among banks that ev's text matches: a report's
// evidence snapshot (the only way a rule reads a chat message), or the post
// or comment as written. A title and a body are matched apart, so that no
// word is made of the end of one and the start of the other.
func bankHits(tx *gorm.DB, ev ruleEvent, banks []int64) (map[int64]bool, error) {
	var text struct{ Title, Body string }
	var err error
	switch {
	case ev.reportID != 0:
		err = tx.Raw("SELECT title, body FROM evidence_snapshots WHERE report_id = ?", ev.reportID).Scan(&text).Error
	case ev.trigger == TriggerPost && ev.subjectType == SubjectPost:
		err = tx.Raw("SELECT title, body FROM board_posts WHERE id = ?", ev.subjectID).Scan(&text).Error
	case ev.trigger == TriggerPost && ev.subjectType == SubjectComment:
		err = tx.Raw("SELECT body FROM board_comments WHERE id = ?", ev.subjectID).Scan(&text).Error
	}
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	for _, t := range []string{text.Title, text.Body} {
		hits, err := MatchTextBanks(tx.Statement.Context, tx, banks, t)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			out[h.BankID] = true
		}
	}
	return out, nil
}

// writingRateSQL counts an author's posts and comments in the last window
// minutes and the rooms they were in.
const writingRateSQL = `SELECT count(*) AS items, count(DISTINCT room_id) AS rooms FROM (
		SELECT p.room_id FROM board_posts p WHERE p.author_id = ? AND p.created_at > now() - make_interval(mins => ?)
		UNION ALL
		SELECT p.room_id FROM board_comments c JOIN board_posts p ON p.id = c.post_id
		WHERE c.author_id = ? AND c.created_at > now() - make_interval(mins => ?)) w`

// runRules runs the active rules of ev's trigger inside tx.
func runRules(tx *gorm.DB, ev ruleEvent) error {
	rules, err := activeRules(tx, ev.trigger)
	if err != nil {
		return err
	}
	return runActiveRules(tx, ev, rules)
}

// runActiveRules runs rules, the active rules of ev's trigger read just
// before, on ev inside tx.
func runActiveRules(tx *gorm.DB, ev ruleEvent, rules []activeRule) error {
	if len(rules) == 0 {
		return nil
	}
	facts, err := eventFacts(tx, ev, rules)
	if err != nil {
		return err
	}
	for i := range rules {
		r := &rules[i]
		if !r.Conditions.holds(facts) {
			continue
		}
		if err := runRule(tx, r, &ev); err != nil {
			return err
		}
	}
	return nil
}

// runRule logs and, when on, applies rule r on ev: once per event, never
// again on a subject where a moderator reversed what this version did.
func runRule(tx *gorm.DB, r *activeRule, ev *ruleEvent) error {
	var dup int64
	if r.Action == ActionDuplicate {
		if err := tx.Raw(`SELECT id FROM cases WHERE subject_type = ? AND subject_id = ? AND resolution = ? AND id <> ?
			AND resolved_at > now() - make_interval(secs => ?) ORDER BY resolved_at DESC LIMIT 1`,
			ev.subjectType, ev.subjectID, ResolutionNoViolation, ev.caseID, DuplicateWindow.Seconds()).Scan(&dup).Error; err != nil {
			return err
		}
		if dup == 0 {
			return nil // nothing to be a duplicate of: the rule does not apply
		}
	}
	var reversed bool
	if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM rule_runs WHERE rule_version_id = ? AND subject_type = ? AND subject_id = ?
		AND reversed_at IS NOT NULL)`, r.VersionID, ev.subjectType, ev.subjectID).Scan(&reversed).Error; err != nil || reversed {
		return err
	}
	var runID int64
	res := tx.Raw(`INSERT INTO rule_runs (rule_id, rule_version_id, event, subject_type, subject_id, case_id, action, shadow, applied)
		VALUES (?, ?, ?, ?, ?, nullif(?, 0), ?, ?, false) ON CONFLICT (rule_version_id, event) DO NOTHING RETURNING id`,
		r.RuleID, r.VersionID, ev.key, ev.subjectType, ev.subjectID, ev.caseID, r.Action, r.State == RuleShadow).Scan(&runID)
	if res.Error != nil || runID == 0 || r.State == RuleShadow {
		return res.Error
	}
	applied, decisionID, err := applyRule(tx, r, ev, dup)
	if err != nil || !applied {
		return err
	}
	return tx.Exec("UPDATE rule_runs SET applied = true, case_id = nullif(?, 0), decision_id = nullif(?, 0) WHERE id = ?",
		ev.caseID, decisionID, runID).Error
}

// applyRule does r's action on ev and says whether it changed anything
// (and the decision it took, if any). A post written has no case: an
// action that needs one opens it.
func applyRule(tx *gorm.DB, r *activeRule, ev *ruleEvent, dup int64) (bool, int64, error) {
	if ev.caseID == 0 {
		if r.Action == ActionHide && !Hideable(ev.subjectType) {
			return false, 0, nil
		}
		sev := 1
		if r.Action == ActionRestrict {
			sev = max(ReportReason(r.Policy).Severity(), 1)
		}
		if err := tx.Raw(`INSERT INTO cases (subject_type, subject_id, reported_user_id, severity) VALUES (?, ?, ?, ?)
			ON CONFLICT (subject_type, subject_id) WHERE state <> 'resolved' DO UPDATE SET updated_at = now() RETURNING id`,
			ev.subjectType, ev.subjectID, ev.authorID, sev).Scan(&ev.caseID).Error; err != nil {
			return false, 0, err
		}
		if err := snapshotSubject(tx, ev.caseID, ev.subjectType, ev.subjectID); err != nil {
			return false, 0, err
		}
	}
	caseID := ev.caseID
	detail := map[string]any{"rule": r.RuleID, "version": r.Version, "rule_version": r.VersionID, "action": r.Action,
		"event": ev.key, "case": caseID}
	switch r.Action {
	case ActionHide:
		hid, err := HidePendingReview(tx, ev.subjectType, ev.subjectID, HideSource{Kind: HideByRule, ID: r.VersionID, CaseID: &caseID, Reason: ReportReason(r.Policy)})
		if err != nil || !hid {
			return false, 0, err
		}
		if err := notify(tx, &Notice{UserID: ev.authorID, Kind: NoticeContentHidden, CaseID: &caseID, Automated: true}); err != nil {
			return false, 0, err
		}
	case ActionEscalate:
		res := tx.Exec(`UPDATE cases SET state = 'escalated', escalated_at = now(), updated_at = now()
			WHERE id = ? AND state = 'open'`, caseID)
		if res.Error != nil || res.RowsAffected == 0 {
			return false, 0, res.Error
		}
	case ActionLabel:
		res := tx.Exec(`INSERT INTO case_labels (case_id, label, rule_version_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			caseID, r.Label, r.VersionID)
		if res.Error != nil || res.RowsAffected == 0 {
			return false, 0, res.Error
		}
	case ActionRestrict, ActionDuplicate:
		id, err := automatedDecision(tx, r, caseID, dup)
		if err != nil || id == 0 {
			return false, 0, err
		}
		detail["decision"] = id
		return true, id, auditBy(tx, nil, "rule.apply", "case", caseID, detail)
	}
	return true, 0, auditBy(tx, nil, "rule.apply", "case", caseID, detail)
}

// automatedDecision decides case caseID as rule r does: the ladder's
// suggestion for its policy (restrict), or no violation as a duplicate of
// case dup. The decision names the rule's version and its notices say they
// were automated. It returns the decision's id, 0 when the case cannot be
// decided now (held by a moderator, or decided already).
func automatedDecision(tx *gorm.DB, r *activeRule, caseID, dup int64) (int64, error) {
	var c Case
	res := tx.Raw("SELECT * FROM cases WHERE id = ? FOR UPDATE", caseID).Scan(&c)
	if res.Error != nil || res.RowsAffected == 0 || !c.Open() || c.ClaimedBy != nil {
		return 0, res.Error
	}
	var d Decision
	if r.Action == ActionDuplicate {
		d = Decision{Kind: DecideNoViolation, InternalNote: "Automated: duplicate of case #" + itoa(dup) + "."}
	} else {
		before, err := activeStrikes(tx, c.ReportedUserID, 0)
		if err != nil {
			return 0, err
		}
		p := SuggestFor(before, r.Policy, c.SubjectType)
		d = Decision{Kind: p.Kind, Policy: r.Policy, Scope: p.Scope, Days: strconv.Itoa(p.Days), InternalNote: "Automated."}
		if p.Kind == "" {
			return 0, nil
		}
	}
	days, err := d.validate(false)
	if err != nil {
		return 0, err
	}
	var lastNotice int64
	if err := tx.Raw("SELECT coalesce(max(id), 0) FROM notices").Scan(&lastNotice).Error; err != nil {
		return 0, err
	}
	if _, err := decide(tx, automation, []*Case{&c}, d, days, false); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.Raw("UPDATE decisions SET rule_version_id = ? WHERE id = (SELECT decision_id FROM cases WHERE id = ?) RETURNING id",
		r.VersionID, caseID).Scan(&id).Error; err != nil {
		return 0, err
	}
	return id, tx.Exec(`UPDATE notices SET automated = true WHERE id > ? AND (case_id = ?
		OR report_id IN (SELECT id FROM reports WHERE case_id = ?) OR restriction_id IN (SELECT id FROM restrictions WHERE decision_id = ?))`,
		lastNotice, caseID, caseID, id).Error
}

// markRunsReversed records that a moderator reversed what rules did: the
// decision decisionID (0: none), or the hide of subject t/id (hide true).
func markRunsReversed(tx *gorm.DB, decisionID int64, t SubjectType, id int64, hide bool) error {
	if hide {
		return tx.Exec(`UPDATE rule_runs SET reversed_at = now() WHERE action = ? AND subject_type = ? AND subject_id = ?
			AND applied AND reversed_at IS NULL`, ActionHide, t, id).Error
	}
	return tx.Exec("UPDATE rule_runs SET reversed_at = now() WHERE decision_id = ? AND reversed_at IS NULL", decisionID).Error
}

// CaseAutomation is what rules did on a case, as its page shows it.
type CaseAutomation struct {
	Hide   *Hide         // the hide of its subject in force, if any
	Labels []string      // the labels rules put on it
	Runs   []CaseRuleRun // the rules' actions on it (not shadow), oldest first
}

// CaseRuleRun is one rule's action on a case.
type CaseRuleRun struct {
	RuleID     int64
	RuleName   string
	Version    int
	Action     RuleAction
	Applied    bool
	ReversedAt *time.Time
	CreatedAt  time.Time
}

// caseAutomation reads what rules did on case d.
func caseAutomation(tx *gorm.DB, d *CaseDetail) error {
	var h Hide
	res := tx.Raw("SELECT * FROM hidden_content WHERE subject_type = ? AND subject_id = ? AND ended_at IS NULL", d.SubjectType, d.SubjectID).Scan(&h)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected > 0 {
		d.Automation.Hide = &h
	}
	if err := tx.Raw("SELECT label FROM case_labels WHERE case_id = ? ORDER BY label", d.ID).Scan(&d.Automation.Labels).Error; err != nil {
		return err
	}
	return tx.Raw(`SELECT x.rule_id, v.name AS rule_name, v.version, x.action, x.applied, x.reversed_at, x.created_at
		FROM rule_runs x JOIN rule_versions v ON v.id = x.rule_version_id
		WHERE x.case_id = ? AND NOT x.shadow AND x.applied ORDER BY x.id`, d.ID).Scan(&d.Automation.Runs).Error
}

// CanReverseHide reports whether u may reverse the hide of the case's
// subject: a moderator, while one is in force (ReverseHide).
func (d *CaseDetail) CanReverseHide(u *User) bool {
	return u != nil && u.Role.CanModerate() && d.Automation.Hide != nil
}
