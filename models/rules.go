package models

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Automation rules (DOMAIN "Automation"): admins write them, moderators
// read them. A rule has a trigger, conditions that must all hold, one
// action and a state; each edit of its definition is a new version, and
// every change is audited. The engine that runs them is rules_run.go, the
// backtest rules_backtest.go.

// RuleState is whether a rule acts.
type RuleState string

// The states of a rule.
const (
	RuleOff    RuleState = "off"    // it does nothing
	RuleShadow RuleState = "shadow" // it logs what it would do and changes nothing else
	RuleOn     RuleState = "on"     // it acts
)

// RuleStates lists the states in the form's order.
var RuleStates = []RuleState{RuleOff, RuleShadow, RuleOn}

// Valid reports whether s is a known state.
func (s RuleState) Valid() bool { return slices.Contains(RuleStates, s) }

// RuleTrigger is the event a rule runs on.
type RuleTrigger string

// The triggers. A 1:1 chat message is never a trigger: a rule sees it only
// through the evidence of a report about it.
const (
	TriggerReport RuleTrigger = "report" // a report is filed
	TriggerPost   RuleTrigger = "post"   // a board post or comment is written or edited
)

// RuleTriggers lists the triggers in the form's order.
var RuleTriggers = []RuleTrigger{TriggerReport, TriggerPost}

// Valid reports whether t is a known trigger.
func (t RuleTrigger) Valid() bool { return slices.Contains(RuleTriggers, t) }

// RuleAction is what a rule does when its conditions hold.
type RuleAction string

// The actions.
const (
	ActionHide      RuleAction = "hide"              // hide the post or comment pending review
	ActionEscalate  RuleAction = "escalate"          // escalate the case
	ActionLabel     RuleAction = "label"             // put a label on the case
	ActionRestrict  RuleAction = "restrict"          // decide the case as the penalty ladder suggests
	ActionDuplicate RuleAction = "dismiss_duplicate" // no violation, as a case on the subject judged so in the last 30 days
)

// RuleActions lists the actions in the form's order.
var RuleActions = []RuleAction{ActionHide, ActionEscalate, ActionLabel, ActionRestrict, ActionDuplicate}

// Valid reports whether a is a known action.
func (a RuleAction) Valid() bool { return slices.Contains(RuleActions, a) }

// DuplicateWindow is how far back a "no violation" decision makes a new
// report on the same subject a duplicate.
const DuplicateWindow = 30 * 24 * time.Hour

// RuleConditions are a rule's conditions, all of which must hold; a zero
// value is no condition. Reasons, severity, reporters and score read the
// case of a report, so they need the report trigger.
type RuleConditions struct {
	Reasons      []ReportReason `json:"reasons,omitempty"`       // one of these among the case's reasons
	MinSeverity  int            `json:"min_severity,omitempty"`  // the case's worst severity at least
	MinReporters int            `json:"min_reporters,omitempty"` // distinct reporters at least
	MinScore     float64        `json:"min_score,omitempty"`     // their accuracy-weighted score (the case's weight) at least
	MinStrikes   int            `json:"min_strikes,omitempty"`   // the author's strikes in the window at least
	MaxAgeDays   int            `json:"max_age_days,omitempty"`  // the author's account at most this many days old
	Restricted   bool           `json:"restricted,omitempty"`    // the author is under a restriction in force
	RateCount    int            `json:"rate_count,omitempty"`    // the author wrote at least this many posts and comments
	RateMinutes  int            `json:"rate_minutes,omitempty"`  // in this many minutes
	RateRooms    int            `json:"rate_rooms,omitempty"`    // across at least this many rooms (0: any)
	Banks        []int64        `json:"banks,omitempty"`         // the text matches an entry of one of these text banks
}

// Scan reads the conditions from jsonb.
func (c *RuleConditions) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		return json.Unmarshal(v, c)
	case string:
		return json.Unmarshal([]byte(v), c)
	}
	return nil
}

// reportOnly reports whether the conditions read a report's case.
func (c RuleConditions) reportOnly() bool {
	return len(c.Reasons) > 0 || c.MinSeverity > 0 || c.MinReporters > 0 || c.MinScore > 0
}

// empty reports whether no condition is set.
func (c RuleConditions) empty() bool {
	return !c.reportOnly() && c.MinStrikes == 0 && c.MaxAgeDays == 0 && !c.Restricted && c.RateCount == 0 && len(c.Banks) == 0
}

// RuleDefinition is what one version of a rule says: its name, trigger,
// conditions and action.
type RuleDefinition struct {
	Name       string
	Trigger    RuleTrigger
	Conditions RuleConditions `gorm:"type:jsonb"`
	Action     RuleAction
	Label      string
	Policy     string
}

// Rule is a rule with its current version, as the rules pages read it.
type Rule struct {
	ID        int64
	State     RuleState
	VersionID int64
	Version   int
	RuleDefinition
	CreatedAt time.Time
	UpdatedAt time.Time
}

// RuleVersion is one version of a rule's definition.
type RuleVersion struct {
	ID      int64
	Version int
	RuleDefinition
	CreatedAt   time.Time
	CreatedName string
}

// RuleInput is the rule form as sent: numbers as typed, "" for none.
type RuleInput struct {
	Name         string
	Trigger      string
	Reasons      []string
	MinSeverity  string
	MinReporters string
	MinScore     string
	MinStrikes   string
	MaxAgeDays   string
	Restricted   bool
	RateCount    string
	RateMinutes  string
	RateRooms    string
	Banks        []string // text bank ids
	Action       string
	Label        string
	Policy       string
	State        string // a new rule only; "" is off
}

// The limits of the rule form.
const (
	MaxRuleName  = 100
	MaxRuleLabel = 40
)

// ruleDef is a validated rule definition.
type ruleDef struct {
	name       string
	trigger    RuleTrigger
	conditions RuleConditions
	action     RuleAction
	label      string
	policy     string
	state      RuleState
}

// validate checks the form, every field at once.
func (in RuleInput) validate() (*ruleDef, error) {
	f := FieldErrors{}
	d := &ruleDef{name: strings.TrimSpace(in.Name), trigger: RuleTrigger(in.Trigger), action: RuleAction(in.Action),
		label: strings.TrimSpace(in.Label), state: RuleState(in.State)}
	if d.state == "" {
		d.state = RuleOff
	}
	if d.name == "" || utf8.RuneCountInString(d.name) > MaxRuleName {
		f.Add("name", "rule.name", MaxRuleName)
	}
	if !d.trigger.Valid() {
		f.Add("trigger", "rule.trigger")
	}
	if !d.state.Valid() {
		f.Add("state", "rule.state")
	}
	c := &d.conditions
	for _, r := range in.Reasons {
		rr := ReportReason(r)
		if !rr.Valid() {
			f.Add("reasons", "rule.reason_unknown")
			continue
		}
		if !slices.Contains(c.Reasons, rr) {
			c.Reasons = append(c.Reasons, rr)
		}
	}
	count := func(field, v string, most int) int {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			f.Add(field, "rule.whole_number")
		case n < 0:
			f.Add(field, "rule.negative")
		case n > most:
			f.Add(field, "rule.too_large", most)
		}
		return max(n, 0)
	}
	c.MinSeverity = count("min_severity", in.MinSeverity, SevereViolation)
	c.MinReporters = count("min_reporters", in.MinReporters, 1000)
	c.MinStrikes = count("min_strikes", in.MinStrikes, 1000)
	c.MaxAgeDays = count("max_age_days", in.MaxAgeDays, 3650)
	c.RateCount = count("rate_count", in.RateCount, 1000)
	c.RateMinutes = count("rate_minutes", in.RateMinutes, 24*60)
	c.RateRooms = count("rate_rooms", in.RateRooms, 1000)
	c.Restricted = in.Restricted
	for _, b := range in.Banks {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			f.Add("banks", "rule.bank_unknown")
			continue
		}
		if !slices.Contains(c.Banks, id) {
			c.Banks = append(c.Banks, id)
		}
	}
	if v := strings.TrimSpace(in.MinScore); v != "" {
		n, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil || math.IsNaN(n):
			f.Add("min_score", "rule.number")
		case n < 0:
			f.Add("min_score", "rule.negative")
		case n > 1000:
			f.Add("min_score", "rule.too_large", 1000)
		default:
			c.MinScore = n
		}
	}
	if c.RateCount > 0 && c.RateMinutes == 0 && !f.Has("rate_minutes") {
		f.Add("rate_minutes", "rule.rate_window")
	}
	if c.RateCount == 0 && (c.RateMinutes > 0 || c.RateRooms > 0) && !f.Has("rate_count") {
		f.Add("rate_count", "rule.rate_count")
	}
	if d.trigger == TriggerPost && c.reportOnly() {
		f.Add("trigger", "rule.report_conditions")
	}
	if c.empty() && len(f) == 0 {
		f.Add("conditions", "rule.no_condition")
	}
	switch {
	case !d.action.Valid():
		f.Add("action", "rule.action")
	case d.action == ActionLabel && (d.label == "" || utf8.RuneCountInString(d.label) > MaxRuleLabel):
		f.Add("label", "rule.label", MaxRuleLabel)
	case d.action == ActionRestrict && (!ValidPolicy(in.Policy) || in.Policy == PolicyFalseReporting):
		f.Add("policy", "rule.policy")
	case d.action == ActionDuplicate && d.trigger == TriggerPost:
		f.Add("action", "rule.duplicate_needs_report")
	}
	if d.action == ActionLabel {
		d.label = strings.TrimSpace(in.Label)
	} else {
		d.label = ""
	}
	if d.action == ActionRestrict {
		d.policy = in.Policy
	}
	return d, f.Err()
}

// Input is the rule as its edit form starts.
func (r *Rule) Input() RuleInput {
	c := r.Conditions
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	in := RuleInput{Name: r.Name, Trigger: string(r.Trigger), MinSeverity: num(c.MinSeverity), MinReporters: num(c.MinReporters),
		MinStrikes: num(c.MinStrikes), MaxAgeDays: num(c.MaxAgeDays), Restricted: c.Restricted, RateCount: num(c.RateCount),
		RateMinutes: num(c.RateMinutes), RateRooms: num(c.RateRooms), Action: string(r.Action), Label: r.Label, Policy: r.Policy,
		State: string(r.State)}
	if c.MinScore > 0 {
		in.MinScore = strconv.FormatFloat(c.MinScore, 'f', -1, 64)
	}
	for _, x := range c.Reasons {
		in.Reasons = append(in.Reasons, string(x))
	}
	for _, b := range c.Banks {
		in.Banks = append(in.Banks, itoa(b))
	}
	return in
}

// checkBanks refuses a definition naming a text bank that does not exist.
// Errors: Invalid (field banks).
func checkBanks(tx *gorm.DB, d *ruleDef) error {
	if len(d.conditions.Banks) == 0 {
		return nil
	}
	var n int
	if err := tx.Raw("SELECT count(*) FROM text_banks WHERE id IN ?", d.conditions.Banks).Scan(&n).Error; err != nil {
		return err
	}
	if n != len(d.conditions.Banks) {
		return fieldError("banks", "rule.bank_unknown")
	}
	return nil
}

// writeVersion writes definition d as version n of rule id, by actorID,
// and makes it current.
func writeVersion(tx *gorm.DB, ruleID int64, n int, d *ruleDef, actorID int64) (int64, error) {
	raw, err := json.Marshal(d.conditions)
	if err != nil {
		return 0, err
	}
	var vid int64
	if err := tx.Raw(`INSERT INTO rule_versions (rule_id, version, name, trigger, conditions, action, label, policy, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0)) RETURNING id`, ruleID, n, d.name, d.trigger, string(raw), d.action, d.label, d.policy, actorID).
		Scan(&vid).Error; err != nil {
		return 0, err
	}
	return vid, tx.Exec("UPDATE rules SET version_id = ?, updated_at = now() WHERE id = ?", vid, ruleID).Error
}

// ruleAuditDetail is what the audit log keeps of a definition.
func (d *ruleDef) auditDetail(version int) map[string]any {
	return map[string]any{"version": version, "name": d.name, "trigger": d.trigger, "conditions": d.conditions,
		"action": d.action, "label": d.label, "policy": d.policy}
}

// CreateRule writes a new rule by actor (an admin), version 1, in the
// state the form chose (off by default), and audits it. Errors: Forbidden
// (not an admin), Invalid (with fields).
func CreateRule(ctx context.Context, db *gorm.DB, actor *User, in RuleInput) (int64, error) {
	if err := ensureAdmin(actor); err != nil {
		return 0, err
	}
	d, err := in.validate()
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := checkBanks(tx, d); err != nil {
			return err
		}
		if err := tx.Raw("INSERT INTO rules (state) VALUES (?) RETURNING id", d.state).Scan(&id).Error; err != nil {
			return err
		}
		if _, err := writeVersion(tx, id, 1, d, actor.ID); err != nil {
			return err
		}
		detail := d.auditDetail(1)
		detail["state"] = d.state
		return audit(tx, actor.ID, "rule.create", "rule", id, detail)
	})
	return id, err
}

// UpdateRule writes actor's edit of rule id as its next version (its
// state stays) and audits it; an edit that changes nothing writes nothing.
// Errors: Forbidden (not an admin), NotFound, Invalid (with fields).
func UpdateRule(ctx context.Context, db *gorm.DB, actor *User, id int64, in RuleInput) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	in.State = ""
	d, err := in.validate()
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := lockRule(tx, id)
		if err != nil {
			return err
		}
		if err := checkBanks(tx, d); err != nil {
			return err
		}
		if r.Name == d.name && r.Trigger == d.trigger && r.Action == d.action && r.Label == d.label && r.Policy == d.policy &&
			sameConditions(r.Conditions, d.conditions) {
			return nil
		}
		if _, err := writeVersion(tx, id, r.Version+1, d, actor.ID); err != nil {
			return err
		}
		return audit(tx, actor.ID, "rule.update", "rule", id, d.auditDetail(r.Version+1))
	})
}

func sameConditions(a, b RuleConditions) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// SetRuleState switches rule id off, to shadow or on, by actor (an admin),
// and audits it. Errors: Forbidden, NotFound, Invalid (field state).
func SetRuleState(ctx context.Context, db *gorm.DB, actor *User, id int64, state RuleState) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	if !state.Valid() {
		return fieldError("state", "rule.state")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := lockRule(tx, id)
		if err != nil {
			return err
		}
		if r.State == state {
			return nil
		}
		if err := tx.Exec("UPDATE rules SET state = ?, updated_at = now() WHERE id = ?", state, id).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "rule.state", "rule", id, map[string]any{"from": r.State, "to": state, "version": r.Version})
	})
}

const ruleColumns = `r.id, r.state, r.version_id, v.version, v.name, v.trigger, v.conditions, v.action, v.label, v.policy,
	r.created_at, r.updated_at`

func lockRule(tx *gorm.DB, id int64) (*Rule, error) {
	var r Rule
	res := tx.Raw(`SELECT `+ruleColumns+` FROM rules r JOIN rule_versions v ON v.id = r.version_id WHERE r.id = ? FOR UPDATE OF r`, id).Scan(&r)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, Coded(NotFound, "rule.not_found")
	}
	return &r, nil
}

// ensureRuleReader refuses anyone but moderators (who read the rules) and
// admins (who write them).
func ensureRuleReader(viewer *User) error {
	if viewer == nil || !viewer.Role.CanReadModeration() {
		return Coded(Forbidden, "rule.staff_only")
	}
	return nil
}

// Rules lists every rule in the order they run. Errors: Forbidden (not a
// moderator or an admin).
func Rules(ctx context.Context, db *gorm.DB, viewer *User) ([]Rule, error) {
	if err := ensureRuleReader(viewer); err != nil {
		return nil, err
	}
	var out []Rule
	err := db.WithContext(ctx).Raw(`SELECT ` + ruleColumns + ` FROM rules r JOIN rule_versions v ON v.id = r.version_id ORDER BY r.id`).
		Scan(&out).Error
	return out, err
}

// RulePage is one rule with its versions, what it did and would have done
// (the log, newest first) and its backtest.
type RulePage struct {
	Rule     Rule
	Versions []RuleVersion // newest first
	Runs     []RuleRun     // newest first, at most RuleLogLen
	Backtest Backtest
}

// RuleRun is one line of a rule's log: what a version did on an event, or
// in shadow would have done.
type RuleRun struct {
	ID          int64
	Version     int
	Event       string
	SubjectType SubjectType
	SubjectID   int64
	CaseID      *int64
	Action      RuleAction
	Shadow      bool
	Applied     bool
	ReversedAt  *time.Time
	CreatedAt   time.Time
}

// RuleLogLen is how many lines of its log a rule's page shows.
const RuleLogLen = 50

// RuleFor returns rule id's page. Errors: Forbidden (not a moderator or an
// admin), NotFound.
func RuleFor(ctx context.Context, db *gorm.DB, viewer *User, id int64) (*RulePage, error) {
	if err := ensureRuleReader(viewer); err != nil {
		return nil, err
	}
	db = db.WithContext(ctx)
	p := &RulePage{}
	res := db.Raw(`SELECT `+ruleColumns+` FROM rules r JOIN rule_versions v ON v.id = r.version_id WHERE r.id = ?`, id).Scan(&p.Rule)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, Coded(NotFound, "rule.not_found")
	}
	if err := db.Raw(`SELECT v.*, coalesce(u.name, '') AS created_name FROM rule_versions v LEFT JOIN users u ON u.id = v.created_by
		WHERE v.rule_id = ? ORDER BY v.version DESC`, id).Scan(&p.Versions).Error; err != nil {
		return nil, err
	}
	if err := db.Raw(`SELECT x.id, v.version, x.event, x.subject_type, x.subject_id, x.case_id, x.action, x.shadow, x.applied, x.reversed_at, x.created_at
		FROM rule_runs x JOIN rule_versions v ON v.id = x.rule_version_id WHERE x.rule_id = ? ORDER BY x.id DESC LIMIT ?`, id, RuleLogLen).
		Scan(&p.Runs).Error; err != nil {
		return nil, err
	}
	var err error
	p.Backtest, err = backtest(db, &p.Rule)
	return p, err
}

// CanEditRules reports whether u may write rules: admins.
func CanEditRules(u *User) bool { return u != nil && u.Role.CanManageStaff() }
