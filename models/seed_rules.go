package models

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// rules seeds the demo's automation rules, written by admin: three
// reporters with a good record on one post hide it pending review (on),
// and new accounts posting in many rooms at once labelled (in shadow).
func (s *demoSeeder) rules() {
	for _, in := range []RuleInput{
		{Name: "Three reporters with a good record on one post", Trigger: string(TriggerReport), MinReporters: "3", MinScore: "2",
			Action: string(ActionHide), State: string(RuleOn)},
		{Name: "New account posting across rooms", Trigger: string(TriggerPost), MaxAgeDays: "7", RateCount: "5", RateMinutes: "10",
			RateRooms: "3", Action: string(ActionLabel), Label: "possible spam wave", State: string(RuleShadow)},
	} {
		if s.err != nil {
			return
		}
		d, err := in.validate()
		if err != nil {
			s.err = err
			return
		}
		var id int64
		if s.err = s.tx.Raw("INSERT INTO rules (state) VALUES (?) RETURNING id", d.state).Scan(&id).Error; s.err != nil {
			return
		}
		if _, s.err = writeVersion(s.tx, id, 1, d, s.ids["admin"]); s.err != nil {
			return
		}
		detail := d.auditDetail(1)
		detail["state"] = d.state
		s.err = audit(s.tx, s.ids["admin"], "rule.create", "rule", id, detail)
	}
}

// ScaleRules is how many rules `talksafe seed --scale` writes.
const ScaleRules = 100

// scaleRules writes ScaleRules rules on or in shadow, as a busy trust and
// safety team keeps them: most run on reports, some on posts; each is
// evaluated on every event of its trigger, and few act.
func scaleRules(ctx context.Context, tx pgx.Tx, admin int64) error {
	for i := range ScaleRules {
		c := RuleConditions{}
		trigger, action, label, policy := TriggerReport, ActionLabel, "scale "+strconv.Itoa(i), ""
		switch i % 5 {
		case 0:
			c.MinReporters, c.MinScore = 5+i%7, float64(2+i%4)
			action = ActionHide
		case 1:
			c.Reasons, c.MinSeverity = []ReportReason{Reasons[i%len(Reasons)].Code}, 4
			action = ActionEscalate
		case 2:
			c.MinStrikes, c.MaxAgeDays = 12+i%5, 30
			action, policy = ActionRestrict, "spam"
		case 3:
			trigger, c.RateCount, c.RateMinutes, c.RateRooms = TriggerPost, 20+i%10, 10, 5
		case 4:
			c.Restricted, c.MinReporters = true, 10
		}
		if action != ActionLabel {
			label = ""
		}
		state := RuleOn
		if i%3 == 0 {
			state = RuleShadow
		}
		raw, err := json.Marshal(c)
		if err != nil {
			return err
		}
		var id, vid int64
		if err := tx.QueryRow(ctx, "INSERT INTO rules (state) VALUES ($1) RETURNING id", state).Scan(&id); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO rule_versions (rule_id, version, name, trigger, conditions, action, label, policy, created_by)
			VALUES ($1, 1, $2, $3, $4, $5, $6, $7, nullif($8, 0)) RETURNING id`, id, "Scale rule "+strconv.Itoa(i+1), trigger, string(raw), action, label,
			policy, admin).Scan(&vid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE rules SET version_id = $1 WHERE id = $2", vid, id); err != nil {
			return err
		}
	}
	return nil
}

// AddScaleRules writes the ScaleRules rules of `talksafe seed --scale` into
// db, by no one: the benchmarks measure filing with them.
func AddScaleRules(ctx context.Context, db *gorm.DB) error {
	return withConn(ctx, db, func(conn *pgx.Conn) error {
		return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error { return scaleRules(ctx, tx, 0) })
	})
}
