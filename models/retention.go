package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// RetentionClass is one class of data in the retention schedule.
type RetentionClass string

// The classes of the retention schedule, in its order.
const (
	RetainChatMessages  RetentionClass = "chat_messages"
	RetainCases         RetentionClass = "cases"
	RetainLegalRequests RetentionClass = "legal_requests"
	RetainTickets       RetentionClass = "tickets"
	RetainExports       RetentionClass = "exports"
	RetainVerifications RetentionClass = "verifications"
	RetainExpired       RetentionClass = "sessions"
	RetainPictures      RetentionClass = "pictures"
	RetainSeverePicture RetentionClass = "severe_pictures"
	RetainAudit         RetentionClass = "audit"
)

// RetentionRule is one row of the retention schedule: how long a class of
// data is kept, from when, on what legal basis, and what happens at the
// end. Its words (the class, the start, the basis, the end) are catalog
// entries admin.retention.<what>.<class>.
type RetentionRule struct {
	Class RetentionClass
	// Env is the setting of the period in days ("" when the period is
	// fixed: when expired, or with its owner row).
	Env string
	// DefaultDays is the period when Env is not set; MinDays is the legal
	// minimum (0: none), below which a setting is refused.
	DefaultDays, MinDays int
	// OwnerOnly: the rows live in the audit log, which only the schema's
	// owner may delete from.
	OwnerOnly bool
	// Exists is false for a class whose data talksafe does not hold yet:
	// it is in the schedule, and nothing is purged.
	Exists bool
}

// Days is the class's period in days under p, 0 when it has none.
func (r RetentionRule) Days(p RetentionPeriods) int {
	if d, ok := p[r.Class]; ok {
		return d
	}
	return r.DefaultDays
}

// RetentionSchedule is the schedule, one row per class (DOMAIN "Retention").
// Years are counted in days with a leap day: 3 years are 1,096 days.
var RetentionSchedule = []RetentionRule{
	{Class: RetainChatMessages, Env: "RETENTION_CHAT_MESSAGES_DAYS", DefaultDays: 30, Exists: true},
	{Class: RetainCases, Env: "RETENTION_CASES_DAYS", DefaultDays: 1096, MinDays: 1096, Exists: true},
	{Class: RetainLegalRequests, Env: "RETENTION_LEGAL_REQUESTS_DAYS", DefaultDays: 1096, MinDays: 1096, Exists: true},
	{Class: RetainTickets, Env: "RETENTION_TICKETS_DAYS", DefaultDays: 1096, MinDays: 1096, Exists: true},
	{Class: RetainExports, Env: "RETENTION_EXPORTS_DAYS", DefaultDays: 1827, Exists: true},
	{Class: RetainVerifications, Env: "RETENTION_VERIFICATIONS_DAYS", DefaultDays: 366, MinDays: 366, OwnerOnly: true, Exists: true},
	{Class: RetainExpired, Exists: true},
	{Class: RetainPictures, Exists: true},
	{Class: RetainSeverePicture, Exists: true},
	{Class: RetainAudit, Env: "RETENTION_AUDIT_DAYS", DefaultDays: 1096, MinDays: 1096, OwnerOnly: true, Exists: true},
}

// RetentionPeriods are the periods in force, in days, by class: the
// settings, else the schedule's defaults.
type RetentionPeriods map[RetentionClass]int

// DefaultRetentionPeriods are the schedule's defaults.
func DefaultRetentionPeriods() RetentionPeriods {
	p := RetentionPeriods{}
	for _, r := range RetentionSchedule {
		if r.Env != "" {
			p[r.Class] = r.DefaultDays
		}
	}
	return p
}

// RetentionPeriodsFrom reads the periods from the settings getenv gives
// (os.Getenv). A period that is not a whole number of days, or is shorter
// than its class's legal minimum, is an error that says so.
func RetentionPeriodsFrom(getenv func(string) string) (RetentionPeriods, error) {
	p := DefaultRetentionPeriods()
	for _, r := range RetentionSchedule {
		v := strings.TrimSpace(getenv(r.Env))
		if r.Env == "" || v == "" {
			continue
		}
		d, err := strconv.Atoi(v)
		if err != nil || d < 1 {
			return nil, fmt.Errorf("%s=%q: give the retention period as a whole number of days, such as %d", r.Env, v, r.DefaultDays)
		}
		if d < r.MinDays {
			return nil, fmt.Errorf("%s=%d is shorter than the legal minimum of %d days for %s: the law requires keeping them that long",
				r.Env, d, r.MinDays, strings.ReplaceAll(string(r.Class), "_", " "))
		}
		p[r.Class] = d
	}
	return p, nil
}

// PurgeBatch is how many rows one transaction of the purge deletes at most.
const PurgeBatch = 1000

// PurgeOptions say how a purge runs.
type PurgeOptions struct {
	DryRun bool // count what would go, delete nothing
	Batch  int  // rows per transaction (0: PurgeBatch)
	// Only limits the purge to one class ("": every class).
	Only RetentionClass
}

// PurgeCount is what a purge did with one class: the rows deleted (or, in
// a dry run, that would be), or Skipped when the class lives in the audit
// log and the connection's role may not delete from it.
type PurgeCount struct {
	Class   RetentionClass
	Table   string
	Count   int64
	Skipped bool
}

// purgeStep deletes, from one table, the rows of a class past its period:
// cond is an SQL condition on the table's row x, with "?" for the period's
// cutoff (now minus the period) when it has one.
type purgeStep struct {
	class RetentionClass
	table string
	key   string
	cond  string
	// secs is the fixed age in seconds of an expiring row (throttles), used
	// instead of the class's period.
	secs float64
	// noCutoff: cond takes no argument (sessions: past their expiry).
	noCutoff bool
}

// held is the SQL condition "an active legal hold covers subject_type id".
func held(subjectType, id string) string {
	return `EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.subject_type = '` + subjectType +
		`' AND h.subject_id = ` + id + `)`
}

// cutoff is the start of a class's period as SQL: rows older go.
const cutoff = `(now() - make_interval(days => ?))`

// The purge, class by class. A hold on a user covers their rooms, the cases
// about them and those they reported in, their tickets, their exports and
// the audit events they did or that are about them; a hold on a room covers
// its messages, its exports and the cases of its messages; a hold on a case
// covers its reports, evidence and decision, the legal requests and
// statements of reasons about it, the tickets linked to its reports and
// its audit events. A hold on a user covers the legal requests they made or
// whose content they wrote, and their statements of reasons.
var purgeSteps = []purgeStep{
	// A legal request is the law's record for 3 years after its decision
	// (its case may go before it: case_id is then NULL); an undecided one
	// is never purged.
	{class: RetainLegalRequests, table: "legal_requests", key: "id", cond: `x.state = 'decided' AND x.decided_at < ` + cutoff + `
		AND NOT (x.case_id IS NOT NULL AND ` + held("case", "x.case_id") + `)
		AND NOT (x.requester_id IS NOT NULL AND ` + held("user", "x.requester_id") + `)
		AND NOT (x.author_id IS NOT NULL AND ` + held("user", "x.author_id") + `)`},
	{class: RetainChatMessages, table: "chat_messages", key: "id", cond: `x.room_id IN (
		SELECT r.id FROM chat_rooms r
		WHERE EXISTS (SELECT 1 FROM chat_members m WHERE m.room_id = r.id)
		  AND NOT EXISTS (SELECT 1 FROM chat_members m WHERE m.room_id = r.id
		                  AND (m.active OR m.left_at IS NULL OR m.left_at >= ` + cutoff + `))
		  AND NOT ` + held("room", "r.id") + ` AND NOT ` + held("user", "r.user_low") + `
		  AND NOT ` + held("user", "r.user_high") + `
		  AND NOT EXISTS (SELECT 1 FROM cases c JOIN chat_messages cm ON cm.id = c.subject_id
		                  WHERE c.subject_type = 'message' AND cm.room_id = r.id
		                    AND (c.state <> 'resolved' OR ` + held("case", "c.id") + `)))`},
	{class: RetainCases, table: "cases", key: "id", cond: casesPurgeable},
	// A decision goes once every case it stood on, covered or gave strikes
	// for is gone or goes in this purge, unless it still restricts someone
	// or gave strikes to a held user; its strikes and reversals go with it.
	{class: RetainCases, table: "decisions", key: "id", cond: decisionsPurgeable},
	// A statement of reasons goes, past the period, with its case and its
	// decision, once its legal request is gone (the legal requests' step
	// runs first; a dry run counts a statement of a request going in the
	// same purge with the next one). A complaint goes with its decision
	// (ON DELETE CASCADE).
	{class: RetainCases, table: "statements", key: "id", cond: `x.created_at < ` + cutoff + `
		AND x.legal_request_id IS NULL AND NOT (x.user_id IS NOT NULL AND ` + held("user", "x.user_id") + `)
		AND (x.case_id IS NULL OR EXISTS (SELECT 1 FROM cases c WHERE c.id = x.case_id AND ` + strings.ReplaceAll(casesPurgeable, "x.", "c.") + `))
		AND (x.decision_id IS NULL OR EXISTS (SELECT 1 FROM decisions d WHERE d.id = x.decision_id AND ` +
		strings.ReplaceAll(strings.ReplaceAll(decisionsPurgeable, "x.id", "d.id"), "x.created_at", "d.created_at") + `))`},
	{class: RetainTickets, table: "tickets", key: "id", cond: `x.state = 'resolved' AND x.resolved_at < ` + cutoff + `
		AND NOT ` + held("user", "x.user_id") + `
		AND NOT EXISTS (SELECT 1 FROM ticket_reports tr JOIN reports r ON r.id = tr.report_id
		                WHERE tr.ticket_id = x.id AND ` + held("case", "r.case_id") + `)`},
	{class: RetainExports, table: "chat_exports", key: "id", cond: `x.created_at < ` + cutoff + `
		AND NOT ` + held("user", "x.user_id") + ` AND NOT ` + held("room", "x.room_id")},
	{class: RetainVerifications, table: "audit_events", key: "id", cond: `x.action = 'export.verify' AND x.created_at < ` + cutoff},
	{class: RetainExpired, table: "sessions", key: "id_hash", cond: `x.expires_at < now()`, noCutoff: true},
	{class: RetainExpired, table: "login_throttles", key: "key", cond: `x.last_failure_at < now() - make_interval(secs => ?)`,
		secs: max(NameLoginPolicy.Window, NameLoginPolicy.LockFor, AddressLoginPolicy.Window, AddressLoginPolicy.LockFor).Seconds()},
	{class: RetainExpired, table: "lookup_throttles", key: "key", cond: `x.window_start <= now() - make_interval(secs => ?)`,
		secs: max(AccountLookupPolicy.Window, AddressLookupPolicy.Window).Seconds()},
	{class: RetainExpired, table: "verify_throttles", key: "key", cond: `x.window_start < now() - make_interval(secs => ?)`,
		secs: VerifyPolicy.Window.Seconds()},
	{class: RetainAudit, table: "audit_events", key: "id", cond: `x.action <> 'export.verify' AND x.created_at < ` + cutoff + `
		AND NOT (x.actor_id IS NOT NULL AND ` + held("user", "x.actor_id") + `)
		AND NOT (x.subject_type = 'user' AND ` + held("user", "x.subject_id") + `)
		AND NOT (x.subject_type = 'case' AND ` + held("case", "x.subject_id") + `)
		AND NOT (x.subject_type = 'hold' AND EXISTS (SELECT 1 FROM legal_holds h WHERE h.id = x.subject_id AND h.released_at IS NULL))`},
}

// decisionsPurgeable is the condition on a decision x that the purge
// deletes it: past the period, every case it stood on, covered or gave
// strikes for gone or going in this purge, no restriction of it in force
// and no strike of it on a held user.
var decisionsPurgeable = `x.created_at < ` + cutoff + `
		AND NOT EXISTS (SELECT 1 FROM cases c WHERE (c.decision_id = x.id
		        OR c.id IN (SELECT unnest(v.case_ids) FROM reversals v WHERE v.decision_id = x.id)
		        OR c.id IN (SELECT s.case_id FROM strikes s WHERE s.decision_id = x.id))
		    AND NOT (` + strings.ReplaceAll(casesPurgeable, "x.", "c.") + `))
		AND NOT EXISTS (SELECT 1 FROM strikes s WHERE s.decision_id = x.id AND ` + held("user", "s.user_id") + `)
		AND NOT EXISTS (SELECT 1 FROM restrictions r WHERE r.decision_id = x.id AND ` + restrictionInForce("r") + `)`

// casesPurgeable is the condition on a case x that the purge deletes it:
// resolved before its period and under no hold.
var casesPurgeable = `x.state = 'resolved' AND x.resolved_at < ` + cutoff + `
		AND NOT ` + held("case", "x.id") + ` AND NOT ` + held("user", "x.reported_user_id") + `
		AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.case_id = x.id AND ` + held("user", "r.reporter_id") + `)
		AND NOT (x.subject_type = 'message' AND EXISTS (SELECT 1 FROM chat_messages cm
		         WHERE cm.id = x.subject_id AND ` + held("room", "cm.room_id") + `))`

// args are the step's arguments for its condition under periods p: the
// period's days for each cutoff in it.
func (s purgeStep) args(p RetentionPeriods) []any {
	switch {
	case s.noCutoff:
		return nil
	case s.secs > 0:
		return []any{s.secs}
	}
	days := 0
	for _, r := range RetentionSchedule {
		if r.Class == s.class {
			days = r.Days(p)
		}
	}
	args := make([]any, strings.Count(s.cond, "?"))
	for i := range args {
		args[i] = days
	}
	return args
}

// CanPurgeAudit says whether db's role may delete from the audit log: the
// schema's owner may (within a retention purge), the serving role may not.
func CanPurgeAudit(ctx context.Context, db *gorm.DB) (bool, error) {
	var ok bool
	err := db.WithContext(ctx).Raw("SELECT has_table_privilege('audit_events', 'DELETE')").Scan(&ok).Error
	return ok, err
}

// PurgeRetention deletes, class by class, the rows past their retention
// period under p that no legal hold covers: in batches of at most
// opt.Batch rows, each in its own transaction, each batch taking rows no
// other purge holds (FOR UPDATE SKIP LOCKED), so that two purges at once
// delete each row once; run again, it finds nothing more. The classes kept
// in the audit log (verification log, audit events) are purged only when
// db's role may delete from it (the schema's owner), else reported Skipped.
// Each class that lost rows gets an audit event (retention.purge) with its
// count. A dry run counts and deletes nothing.
func PurgeRetention(ctx context.Context, db *gorm.DB, p RetentionPeriods, opt PurgeOptions) ([]PurgeCount, error) {
	if opt.Batch <= 0 {
		opt.Batch = PurgeBatch
	}
	owner, err := CanPurgeAudit(ctx, db)
	if err != nil {
		return nil, err
	}
	ownerOnly := map[RetentionClass]bool{}
	for _, r := range RetentionSchedule {
		ownerOnly[r.Class] = r.OwnerOnly
	}
	var out []PurgeCount
	totals := map[RetentionClass]int64{}
	for _, s := range purgeSteps {
		if opt.Only != "" && s.class != opt.Only {
			continue
		}
		pc := PurgeCount{Class: s.class, Table: s.table}
		switch {
		case ownerOnly[s.class] && !owner:
			pc.Skipped = true
		case opt.DryRun:
			err = db.WithContext(ctx).Raw("SELECT count(*) FROM "+s.table+" x WHERE "+s.cond, s.args(p)...).Scan(&pc.Count).Error
		default:
			pc.Count, err = purgeStepRun(ctx, db, s, p, opt.Batch, ownerOnly[s.class])
		}
		if err != nil {
			return out, fmt.Errorf("purge %s from %s: %w", s.class, s.table, err)
		}
		totals[s.class] += pc.Count
		out = append(out, pc)
	}
	if opt.DryRun {
		return out, nil
	}
	for _, r := range RetentionSchedule {
		if n := totals[r.Class]; n > 0 {
			detail := map[string]any{"class": string(r.Class), "count": n}
			if r.Env != "" {
				detail["days"] = r.Days(p)
			}
			if err := auditSystem(db.WithContext(ctx), "retention.purge", "retention", detail); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// purgeStepRun deletes step s's rows batch by batch until none is left.
func purgeStepRun(ctx context.Context, db *gorm.DB, s purgeStep, p RetentionPeriods, batch int, audit bool) (int64, error) {
	stmt := "DELETE FROM " + s.table + " WHERE " + s.key + " IN (SELECT x." + s.key + " FROM " + s.table + " x WHERE " +
		s.cond + " LIMIT " + strconv.Itoa(batch) + " FOR UPDATE OF x SKIP LOCKED)"
	var total int64
	for {
		var n int64
		err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if audit {
				if err := tx.Exec("SET LOCAL talksafe.retention_purge = 'on'").Error; err != nil {
					return err
				}
			}
			res := tx.Exec(stmt, s.args(p)...)
			n = res.RowsAffected
			return res.Error
		})
		if err != nil {
			return total, err
		}
		total += n
		if n == 0 {
			return total, nil
		}
	}
}

// auditSystem appends an event done by talksafe itself (no actor, no
// subject row).
func auditSystem(db *gorm.DB, action, subjectType string, detail any) error {
	raw, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	return db.Create(&AuditEvent{Action: action, SubjectType: subjectType, Detail: raw}).Error
}
