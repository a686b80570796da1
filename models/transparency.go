package models

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// The transparency report (DOMAIN "Transparency reports"): for a period,
// the KCC's items (정보통신망법 64-5) and the EU DSA Art. 15 and 24 items
// talksafe can fill. Every table is one query over the rows (cases,
// reports, decisions, restrictions, reversals, appeals, hidden_content,
// notices, legal_requests, statements, complaints); nothing is counted by
// hand. An item counts in the period it arrived in (a report filed, a
// request made, a complaint lodged, a statement or restriction issued);
// its outcome is the one it has when the report is read.

// TransparencyPeriod is the stretch of time a report covers: [From, To).
type TransparencyPeriod struct {
	From, To time.Time
}

// The presets of the period: the calendar month, half-year and year
// before the current one, in the reader's zone.
const (
	PresetLastMonth    = "last_month"
	PresetLastHalfYear = "last_half_year"
	PresetLastYear     = "last_year"
)

// TransparencyPresets are the presets in the page's order.
var TransparencyPresets = []string{PresetLastMonth, PresetLastHalfYear, PresetLastYear}

// MaxTransparencyDays is the longest period a report covers.
const MaxTransparencyDays = 5 * 366

// PresetPeriod is the preset's period before now, in now's zone (false: no
// such preset).
func PresetPeriod(preset string, now time.Time) (TransparencyPeriod, bool) {
	y, m, _ := now.Date()
	loc := now.Location()
	switch preset {
	case PresetLastMonth:
		to := time.Date(y, m, 1, 0, 0, 0, 0, loc)
		return TransparencyPeriod{From: to.AddDate(0, -1, 0), To: to}, true
	case PresetLastHalfYear:
		half := time.January
		if m > time.June {
			half = time.July
		}
		to := time.Date(y, half, 1, 0, 0, 0, 0, loc)
		return TransparencyPeriod{From: to.AddDate(0, -6, 0), To: to}, true
	case PresetLastYear:
		return TransparencyPeriod{From: time.Date(y-1, time.January, 1, 0, 0, 0, 0, loc), To: time.Date(y, time.January, 1, 0, 0, 0, 0, loc)}, true
	}
	return TransparencyPeriod{}, false
}

// ParsePeriod reads a period from its first and last days (YYYY-MM-DD,
// both included) in loc. Errors: Invalid, on field from or to (not a date,
// the last before the first, longer than MaxTransparencyDays).
func ParsePeriod(from, to string, loc *time.Location) (TransparencyPeriod, error) {
	errs := FieldErrors{}
	f, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(from), loc)
	if err != nil {
		errs.Add("from", "transparency.date")
	}
	t, err2 := time.ParseInLocation(time.DateOnly, strings.TrimSpace(to), loc)
	if err2 != nil {
		errs.Add("to", "transparency.date")
	}
	if err == nil && err2 == nil {
		switch {
		case t.Before(f):
			errs.Add("to", "transparency.order")
		case t.Sub(f) > MaxTransparencyDays*24*time.Hour:
			errs.Add("to", "transparency.too_long", itoa(MaxTransparencyDays))
		}
	}
	if err := errs.Err(); err != nil {
		return TransparencyPeriod{}, err
	}
	return TransparencyPeriod{From: f, To: t.AddDate(0, 0, 1)}, nil
}

// LastDay is the period's last day (To is the start of the day after it).
func (p TransparencyPeriod) LastDay() time.Time { return p.To.AddDate(0, 0, -1) }

func (p TransparencyPeriod) args() map[string]any {
	return map[string]any{"from": p.From, "to": p.To}
}

// KCCRow is one kind of request or report in the KCC's table: how many
// arrived in the period, what became of them (each in exactly one outcome),
// how many distinct pieces of content were deleted and how many were hidden
// or blocked on their way, and the time from arrival to the first decision
// (nil: none decided).
type KCCRow struct {
	Kind     string // illegal_filming.victim, illegal_filming.organisation, temporary_measure, or a reason code
	Received int64
	// Outcomes: content removed; temporarily blocked now (a temporary
	// measure in force); the account restricted without removal; the user
	// warned without removal; refused or no violation (a false report
	// too); restored (a decision on it reversed, or a temporary block
	// ended with the content shown again); still pending.
	Removed, Blocked, Restricted, Warned, Refused, Restored, Pending int64
	Deletions, Blocks                                                int64
	Median, P90                                                      *time.Duration
}

// TransparencyCount is one cell of a count table: a row key, a column key
// and a count.
type TransparencyCount struct {
	Row, Col string
	N        int64
}

// ActionRow is one kind (or category) of restrictive decision, from the
// statements of reasons issued in the period: on a notice or on talksafe's
// own initiative, on which ground, and how far automated.
type ActionRow struct {
	Key                          string // statements.kind or statements.category; "" for the total
	Total                        int64
	OnNotice, OwnInitiative      int64
	Illegal, Incompatible        int64
	Fully, Partially, NotAutomed int64
	AutomatedDetection           int64
}

// TimeToAction is the time from a notice (a report or a legal request
// that arrived in the period) to its first decision: over the notices
// acted on (content removed, blocked or an account restricted or warned),
// and over every notice decided.
type TimeToAction struct {
	Acted, Decided             int64
	ActedMedian, DecidedMedian *time.Duration
}

// SuspensionRow is one row of the Art. 23 table: warnings given and
// suspensions imposed in the period, and how many accounts they touched.
type SuspensionRow struct {
	Who                   string // users (manifestly illegal content) or reporters (manifestly unfounded notices)
	Warnings, Suspensions int64
	Accounts              int64
}

// ComplaintRow is one kind of complaint lodged in the period: affected
// users' complaints (Art. 20), reporters' complaints against a "no
// violation", and appeals of restrictions.
type ComplaintRow struct {
	Kind                                          string // affected, reporter, appeal
	Received, Decided, Granted, Rejected, Pending int64
	Median                                        *time.Duration
}

// PersonInCharge is the person the KCC's report names.
type PersonInCharge struct {
	Name, Contact string
	UpdatedAt     time.Time
}

// TransparencyReport is the whole report of one period.
type TransparencyReport struct {
	Period          TransparencyPeriod
	LegalRequests   []KCCRow // KCCLegalRequests
	ReportsByReason []KCCRow // KCCReports
	Person          *PersonInCharge
	Notices         []TransparencyCount // NoticesByCategory: category × source, and "" × source for the totals
	Actions         []ActionRow         // ActionsByKind, the total last
	ActionsCategory []ActionRow         // ActionsByCategory, the total last
	Time            TimeToAction
	Suspensions     []SuspensionRow
	Complaints      []ComplaintRow
}

// LegalRequestKinds are the rows of the KCC's table of legal requests.
var LegalRequestKinds = []string{"illegal_filming.victim", "illegal_filming.organisation", "temporary_measure"}

// NoticeSources are the sources of notices: users, designated
// organisations (trusted flaggers), talksafe's automation.
var NoticeSources = []string{"user", "organisation", "automation"}

// statementKindNames are StatementKinds as statements.kind holds them.
func statementKindNames() []string {
	out := make([]string, len(StatementKinds))
	for i, k := range StatementKinds {
		out[i] = string(k)
	}
	return out
}

// ComplaintKinds are the rows of the complaints table.
var ComplaintKinds = []string{"affected", "reporter", "appeal"}

// Transparency reads the report of period p for admin actor. Errors:
// Forbidden (not an admin).
func Transparency(ctx context.Context, db *gorm.DB, actor *User, p TransparencyPeriod) (*TransparencyReport, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, err
	}
	db = db.WithContext(ctx)
	r := &TransparencyReport{Period: p}
	var err error
	if r.LegalRequests, err = KCCLegalRequests(db, p); err != nil {
		return nil, err
	}
	if r.ReportsByReason, err = KCCReports(db, p); err != nil {
		return nil, err
	}
	if r.Person, err = ReadPersonInCharge(ctx, db); err != nil {
		return nil, err
	}
	if r.Notices, err = NoticesByCategory(db, p); err != nil {
		return nil, err
	}
	if r.Actions, err = ActionsByKind(db, p); err != nil {
		return nil, err
	}
	if r.ActionsCategory, err = ActionsByCategory(db, p); err != nil {
		return nil, err
	}
	if r.Time, err = NoticeTimeToAction(db, p); err != nil {
		return nil, err
	}
	if r.Suspensions, err = Article23Suspensions(db, p); err != nil {
		return nil, err
	}
	if r.Complaints, err = ComplaintFigures(db, p); err != nil {
		return nil, err
	}
	return r, nil
}

// kccRowScan is a KCC row as the queries return it.
type kccRowScan struct {
	Kind                                                             string
	Received                                                         int64
	Removed, Blocked, Restricted, Warned, Refused, Restored, Pending int64
	Deletions, Blocks                                                int64
	Median, P90                                                      *float64
}

func (s kccRowScan) row() KCCRow {
	return KCCRow{Kind: s.Kind, Received: s.Received, Removed: s.Removed, Blocked: s.Blocked, Restricted: s.Restricted,
		Warned: s.Warned, Refused: s.Refused, Restored: s.Restored, Pending: s.Pending, Deletions: s.Deletions, Blocks: s.Blocks,
		Median: seconds(s.Median), P90: seconds(s.P90)}
}

// seconds is a number of seconds as a duration, to the second.
func seconds(s *float64) *time.Duration {
	if s == nil {
		return nil
	}
	d := time.Duration(*s * float64(time.Second)).Round(time.Second)
	return &d
}

// kccRows orders the scanned rows by keys, with an empty row for a key
// without any.
func kccRows(scanned []kccRowScan, keys []string) []KCCRow {
	by := map[string]kccRowScan{}
	for _, s := range scanned {
		by[s.Kind] = s
	}
	out := make([]KCCRow, 0, len(keys))
	for _, k := range keys {
		s := by[k]
		s.Kind = k
		out = append(out, s.row())
	}
	return out
}

// KCCLegalRequests is the KCC's table of legal requests that arrived in p:
// illegal-filming deletion requests by the requester's kind (the victim or
// a designated organisation), and temporary measures. Outcomes from the
// request's state and outcome; deletions are the distinct posts and
// comments removed, blocks those hidden at once on an illegal-filming
// request or temporarily blocked; the time to a decision runs from the
// request to its first decision (a temporary block, or the outcome).
func KCCLegalRequests(db *gorm.DB, p TransparencyPeriod) ([]KCCRow, error) {
	var rows []kccRowScan
	err := db.Raw(`SELECT x.kind || CASE WHEN x.kind = 'illegal_filming' THEN '.' || x.requester_kind ELSE '' END AS kind,
			count(*) AS received,
			count(*) FILTER (WHERE x.outcome = 'removed') AS removed,
			count(*) FILTER (WHERE x.state = 'blocked') AS blocked,
			count(*) FILTER (WHERE x.outcome = 'refused') AS refused,
			count(*) FILTER (WHERE x.outcome = 'restored') AS restored,
			count(*) FILTER (WHERE x.state = 'pending') AS pending,
			count(DISTINCT x.subject_type || ':' || x.subject_id) FILTER (WHERE x.outcome = 'removed') AS deletions,
			count(DISTINCT x.subject_type || ':' || x.subject_id) FILTER (WHERE x.blocked_at IS NOT NULL
				OR EXISTS (SELECT 1 FROM hidden_content h WHERE h.source = 'legal_request'
					AND h.subject_type = x.subject_type AND h.subject_id = x.subject_id AND h.hidden_at >= x.created_at)) AS blocks,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM least(x.blocked_at, x.decided_at) - x.created_at)) AS median,
			percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM least(x.blocked_at, x.decided_at) - x.created_at)) AS p90
		FROM legal_requests x WHERE x.created_at >= @from AND x.created_at < @to GROUP BY 1`, p.args()).Scan(&rows).Error
	return kccRows(rows, LegalRequestKinds), err
}

// KCCReports is the KCC's table of user reports that arrived in p, by
// reason (a report under two reasons counts under each). Outcomes, in this
// order: restored when a decision on its case was reversed (on appeal or
// by a moderator), whatever came after; pending while it waits; removed
// when the decision removed the content; restricted or warned when it
// acted on the account only; refused when no violation was found or the
// report was false. Deletions are the distinct items removed, blocks those
// hidden pending review on its case; the time to a decision runs from the
// report to its decision.
func KCCReports(db *gorm.DB, p TransparencyPeriod) ([]KCCRow, error) {
	var rows []kccRowScan
	err := db.Raw(`WITH r AS (
			SELECT reason, r.state, r.created_at, r.decided_at, r.subject_type || ':' || r.subject_id AS subject,
				d.kind AS decision, coalesce(d.removed, false) OR d.kind = 'remove' AS removed,
				EXISTS (SELECT 1 FROM reversals v WHERE r.case_id = ANY (v.case_ids)) AS restored,
				EXISTS (SELECT 1 FROM hidden_content h WHERE h.case_id = r.case_id) AS hidden
			FROM reports r CROSS JOIN unnest(r.reasons) reason
			LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN decisions d ON d.id = c.decision_id
			WHERE r.created_at >= @from AND r.created_at < @to)
		SELECT reason AS kind, count(*) AS received,
			count(*) FILTER (WHERE restored) AS restored,
			count(*) FILTER (WHERE NOT restored AND state IN ('received', 'under_review')) AS pending,
			count(*) FILTER (WHERE NOT restored AND state = 'upheld' AND removed) AS removed,
			count(*) FILTER (WHERE NOT restored AND state = 'upheld' AND NOT removed AND decision = 'restrict') AS restricted,
			count(*) FILTER (WHERE NOT restored AND state = 'upheld' AND NOT removed AND decision IS DISTINCT FROM 'restrict') AS warned,
			count(*) FILTER (WHERE NOT restored AND state IN ('rejected', 'false')) AS refused,
			count(DISTINCT subject) FILTER (WHERE NOT restored AND state = 'upheld' AND removed) AS deletions,
			count(DISTINCT subject) FILTER (WHERE hidden) AS blocks,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS median,
			percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS p90
		FROM r GROUP BY reason`, p.args()).Scan(&rows).Error
	keys := make([]string, 0, len(Reasons))
	for _, r := range Reasons {
		keys = append(keys, string(r.Code))
	}
	return kccRows(rows, keys), err
}

// reasonCategories are the DSA categories (Transparency Database's
// STATEMENT_CATEGORY_*) of the Reasons for Reporting, and legalCategories
// those of what a legal request says the content is: read from the one
// table of statements of reasons (statementReasons), so a notice is counted
// under the category its statement would carry.
var reasonCategories, legalCategories = func() (map[ReportReason]string, map[string]string) {
	reasons, legal := map[ReportReason]string{}, map[string]string{}
	for _, r := range Reasons {
		reasons[r.Code] = statementReasons[string(r.Code)].Category
	}
	for _, k := range legalContentKinds {
		legal[k] = statementReasons[k].Category
	}
	return reasons, legal
}()

// legalContentKinds are what a legal request may say the content is
// (legal_requests.content_kind).
var legalContentKinds = []string{"illegally_filmed", "composite", "child_abuse", "privacy", "reputation"}

// ReasonCategory is the DSA category of a Reason for Reporting.
func ReasonCategory(r ReportReason) string {
	if c, ok := reasonCategories[r]; ok {
		return c
	}
	return "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
}

// NoticeCategories are the DSA categories notices and actions fall in, in
// the page's order.
func NoticeCategories() []string {
	var out []string
	seen := map[string]bool{}
	add := func(c string) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, r := range Reasons {
		add(ReasonCategory(r.Code))
	}
	for _, k := range legalContentKinds {
		add(legalCategories[k])
	}
	return out
}

// sqlCase is an SQL CASE over expr mapping m's keys to its values (quoted
// literals of our own tables, never user input), else def.
func sqlCase[K ~string](expr string, m map[K]string, def string) string {
	var b strings.Builder
	b.WriteString("CASE " + expr)
	for k, v := range m {
		b.WriteString(" WHEN '" + string(k) + "' THEN '" + v + "'")
	}
	b.WriteString(" ELSE '" + def + "' END")
	return b.String()
}

// NoticesByCategory counts the notices that arrived in p (DSA Art. 15(1)(b)
// and 16) by the DSA category of their reason and by source: reports
// (by users, or by designated organisations: trusted flaggers), legal
// requests (the victim or a designated organisation), and what automation
// found (content hidden by a rule or a hash bank, under its case's
// reasons). A notice under reasons of two categories counts under each;
// the rows with an empty category count each notice once.
func NoticesByCategory(db *gorm.DB, p TransparencyPeriod) ([]TransparencyCount, error) {
	var rows []TransparencyCount
	err := db.Raw(`WITH n AS (
			SELECT 'r' || r.id AS id, CASE WHEN u.designation IS NOT NULL THEN 'organisation' ELSE 'user' END AS source,
				`+sqlCase("reason", reasonCategories, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC")+` AS category
			FROM reports r JOIN users u ON u.id = r.reporter_id CROSS JOIN unnest(r.reasons) reason
			WHERE r.created_at >= @from AND r.created_at < @to
			UNION ALL
			SELECT 'l' || x.id, CASE WHEN x.requester_kind = 'organisation' THEN 'organisation' ELSE 'user' END,
				`+sqlCase("x.content_kind", legalCategories, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC")+`
			FROM legal_requests x WHERE x.created_at >= @from AND x.created_at < @to
			UNION ALL
			SELECT 'h' || h.id, 'automation', `+sqlCase("reason", reasonCategories, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC")+`
			FROM hidden_content h LEFT JOIN cases c ON c.id = h.case_id
				CROSS JOIN unnest(CASE WHEN cardinality(c.reasons) > 0 THEN c.reasons ELSE ARRAY['other'] END) reason
			WHERE h.source IN ('rule', 'hash_bank') AND h.hidden_at >= @from AND h.hidden_at < @to)
		SELECT coalesce(category, '') AS row, source AS col, count(DISTINCT id) AS n FROM n
		GROUP BY GROUPING SETS ((category, source), (source))`, p.args()).Scan(&rows).Error
	return rows, err
}

// actionColumns are the columns of an actions table, from the statements
// of reasons.
const actionColumns = `count(*) AS total,
	count(*) FILTER (WHERE source_type IN ('SOURCE_ARTICLE_16', 'SOURCE_TRUSTED_FLAGGER')) AS on_notice,
	count(*) FILTER (WHERE source_type NOT IN ('SOURCE_ARTICLE_16', 'SOURCE_TRUSTED_FLAGGER')) AS own_initiative,
	count(*) FILTER (WHERE decision_ground = 'DECISION_GROUND_ILLEGAL_CONTENT') AS illegal,
	count(*) FILTER (WHERE decision_ground = 'DECISION_GROUND_INCOMPATIBLE_CONTENT') AS incompatible,
	count(*) FILTER (WHERE automated_decision = 'AUTOMATED_DECISION_FULLY') AS fully,
	count(*) FILTER (WHERE automated_decision = 'AUTOMATED_DECISION_PARTIALLY') AS partially,
	count(*) FILTER (WHERE automated_decision NOT IN ('AUTOMATED_DECISION_FULLY', 'AUTOMATED_DECISION_PARTIALLY')) AS not_automed,
	count(*) FILTER (WHERE automated_detection) AS automated_detection`

// ActionsByKind counts the restrictive decisions of p (their statements of
// reasons, DSA Art. 15(1)(c) and 17) by kind (removal, hide, temporary
// block, account or reporting restriction): on a notice or on talksafe's
// own initiative, on the ground of illegal content or of the terms, fully,
// partly or not automated. The total comes last (Key "").
func ActionsByKind(db *gorm.DB, p TransparencyPeriod) ([]ActionRow, error) {
	var rows []ActionRow
	err := db.Raw(`SELECT coalesce(kind, '') AS key, `+actionColumns+`
		FROM statements WHERE created_at >= @from AND created_at < @to GROUP BY GROUPING SETS ((kind), ())`, p.args()).Scan(&rows).Error
	return actionRows(rows, statementKindNames()), err
}

// ActionsByCategory counts the restrictive decisions of p as ActionsByKind
// does, by the DSA category of their statements.
func ActionsByCategory(db *gorm.DB, p TransparencyPeriod) ([]ActionRow, error) {
	var rows []ActionRow
	err := db.Raw(`SELECT coalesce(category, '') AS key, `+actionColumns+`
		FROM statements WHERE created_at >= @from AND created_at < @to GROUP BY GROUPING SETS ((category), ())`, p.args()).Scan(&rows).Error
	keys := NoticeCategories()
	for _, r := range rows {
		if r.Key != "" && !slices.Contains(keys, r.Key) {
			keys = append(keys, r.Key)
		}
	}
	return actionRows(rows, keys), err
}

// actionRows orders rows by keys, each key shown, the total last.
func actionRows(rows []ActionRow, keys []string) []ActionRow {
	by := map[string]ActionRow{}
	for _, r := range rows {
		by[r.Key] = r
	}
	out := make([]ActionRow, 0, len(keys)+1)
	for _, k := range append(keys, "") {
		r := by[k]
		r.Key = k
		out = append(out, r)
	}
	return out
}

// NoticeTimeToAction is the median time from a notice that arrived in p (a
// user report or a legal request) to its first decision: over those acted
// on (a report upheld; a request removed or blocked), and over every one
// decided (DSA Art. 15(1)(b): median time needed to take the action).
func NoticeTimeToAction(db *gorm.DB, p TransparencyPeriod) (TimeToAction, error) {
	var row struct {
		Acted, Decided             int64
		ActedMedian, DecidedMedian *float64
	}
	err := db.Raw(`WITH t AS (
			SELECT extract(epoch FROM decided_at - created_at) AS secs, state = 'upheld' AS acted
			FROM reports WHERE created_at >= @from AND created_at < @to AND decided_at IS NOT NULL
			UNION ALL
			SELECT extract(epoch FROM least(blocked_at, decided_at) - created_at), outcome = 'removed' OR blocked_at IS NOT NULL
			FROM legal_requests WHERE created_at >= @from AND created_at < @to AND least(blocked_at, decided_at) IS NOT NULL)
		SELECT count(*) FILTER (WHERE acted) AS acted, count(*) AS decided,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) FILTER (WHERE acted) AS acted_median,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS decided_median
		FROM t`, p.args()).Scan(&row).Error
	return TimeToAction{Acted: row.Acted, Decided: row.Decided, ActedMedian: seconds(row.ActedMedian),
		DecidedMedian: seconds(row.DecidedMedian)}, err
}

// Article23Suspensions is the DSA Art. 23 table of p: users who provided
// illegal or prohibited content (warning notices, and restrictions of
// posting, messaging or the whole service), and reporters who filed
// manifestly unfounded reports (the false-report warning, and
// restrictions of reporting), with how many distinct accounts were
// suspended.
func Article23Suspensions(db *gorm.DB, p TransparencyPeriod) ([]SuspensionRow, error) {
	var rows []SuspensionRow
	err := db.Raw(`SELECT w.who, w.warnings, coalesce(s.suspensions, 0) AS suspensions, coalesce(s.accounts, 0) AS accounts
		FROM (SELECT CASE WHEN kind = 'warning' THEN 'users' ELSE 'reporters' END AS who, count(*) AS warnings
		      FROM notices WHERE kind IN ('warning', 'false_report_warning') AND created_at >= @from AND created_at < @to GROUP BY 1
		      UNION ALL SELECT 'users', 0 UNION ALL SELECT 'reporters', 0) w
		LEFT JOIN (SELECT CASE WHEN scope = 'reporting' THEN 'reporters' ELSE 'users' END AS who,
		           count(*) AS suspensions, count(DISTINCT user_id) AS accounts
		      FROM restrictions WHERE created_at >= @from AND created_at < @to GROUP BY 1) s ON s.who = w.who`, p.args()).Scan(&rows).Error
	by := map[string]SuspensionRow{}
	for _, r := range rows {
		x := by[r.Who]
		x.Who, x.Warnings, x.Suspensions, x.Accounts = r.Who, x.Warnings+r.Warnings, r.Suspensions, r.Accounts
		by[r.Who] = x
	}
	return []SuspensionRow{by["users"], by["reporters"]}, err
}

// ComplaintFigures is the DSA Art. 20 table of p: complaints lodged in it
// by affected users and by reporters (complaints), and appeals of
// restrictions (appeals), with how many were decided, granted (the
// decision reversed or the restriction lifted), rejected and are pending,
// and the median time to decide them. An appeal closed because its
// restriction was replaced counts as decided, neither granted nor
// rejected.
func ComplaintFigures(db *gorm.DB, p TransparencyPeriod) ([]ComplaintRow, error) {
	var rows []struct {
		Kind                                          string
		Received, Decided, Granted, Rejected, Pending int64
		Median                                        *float64
	}
	err := db.Raw(`SELECT CASE WHEN by_reporter THEN 'reporter' ELSE 'affected' END AS kind, count(*) AS received,
			count(*) FILTER (WHERE state <> 'pending') AS decided, count(*) FILTER (WHERE state = 'granted') AS granted,
			count(*) FILTER (WHERE state = 'rejected') AS rejected, count(*) FILTER (WHERE state = 'pending') AS pending,
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS median
		FROM complaints WHERE created_at >= @from AND created_at < @to GROUP BY 1
		UNION ALL
		SELECT 'appeal', count(*), count(*) FILTER (WHERE state <> 'pending'), count(*) FILTER (WHERE state = 'lifted'),
			count(*) FILTER (WHERE state = 'upheld'), count(*) FILTER (WHERE state = 'pending'),
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))
		FROM appeals WHERE created_at >= @from AND created_at < @to`, p.args()).Scan(&rows).Error
	out := make([]ComplaintRow, 0, len(ComplaintKinds))
	for _, k := range ComplaintKinds {
		c := ComplaintRow{Kind: k}
		for _, r := range rows {
			if r.Kind == k {
				c = ComplaintRow{Kind: k, Received: r.Received, Decided: r.Decided, Granted: r.Granted, Rejected: r.Rejected,
					Pending: r.Pending, Median: seconds(r.Median)}
			}
		}
		out = append(out, c)
	}
	return out, err
}

// The limits of the person in charge's fields.
const (
	MaxPersonName    = 100
	MaxPersonContact = 200
)

// ReadPersonInCharge is the person in charge, nil when none is set.
func ReadPersonInCharge(ctx context.Context, db *gorm.DB) (*PersonInCharge, error) {
	var p PersonInCharge
	err := db.WithContext(ctx).Raw("SELECT name, contact, updated_at FROM person_in_charge").Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// SetPersonInCharge sets the person in charge the KCC's report names, by
// admin actor. Audited (transparency.person_in_charge). Errors: Forbidden
// (not an admin), Invalid (fields name, contact: empty or too long).
func SetPersonInCharge(ctx context.Context, db *gorm.DB, actor *User, name, contact string) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	name, contact = strings.TrimSpace(name), strings.TrimSpace(contact)
	errs := FieldErrors{}
	switch {
	case name == "":
		errs.Add("name", "transparency.name_required")
	case utf8.RuneCountInString(name) > MaxPersonName:
		errs.Add("name", "transparency.field_too_long", itoa(MaxPersonName))
	}
	switch {
	case contact == "":
		errs.Add("contact", "transparency.contact_required")
	case utf8.RuneCountInString(contact) > MaxPersonContact:
		errs.Add("contact", "transparency.field_too_long", itoa(MaxPersonContact))
	}
	if err := errs.Err(); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO person_in_charge (name, contact, updated_by) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, contact = EXCLUDED.contact,
				updated_by = EXCLUDED.updated_by, updated_at = now()`, name, contact, actor.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "transparency.person_in_charge", "", 0, map[string]any{"name": name, "contact": contact})
	})
}
