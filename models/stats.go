package models

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// StatsDays is how far back the stats page looks.
const StatsDays = 30

// DayCount is the number of reports of one reason on one day.
type DayCount struct {
	Day    time.Time
	Reason ReportReason
	N      int64
}

// ModeratorCount is one moderator's work: decisions in StatsDays, decisions
// today, and severe items they chose to see today.
type ModeratorCount struct {
	ActorID     int64
	Name        string
	Decisions   int64
	Today       int64
	SevereToday int64
}

// KindCount is how many users got a decision of one kind in StatsDays:
// one decision over several cases of one user counts once.
type KindCount struct {
	Kind DecisionKind
	N    int64
}

// ModStats is what the stats page shows.
type ModStats struct {
	Counts         map[CaseState]int64 // in review by state; resolved: in StatsDays
	ReportsByDay   []DayCount          // the last StatsDays days, by day and reason
	MedianDecision *time.Duration      // from first report to decision, to within 5%
	OldestOpen     *time.Time
	Kinds          []KindCount
	Moderators     []ModeratorCount
	Targets        []TargetFigure // the service-level targets: answered in StatsDays, open now
	// False reporters in StatsDays (DSA Art. 23): warnings sent, and
	// reporting restrictions that followed a warning.
	FalseReportWarnings   int64
	ReportingRestrictions int64
	// Designated organisations' reports in StatsDays, counted apart.
	Designated DesignatedReports
}

// statsPart is one figure of the stats page that adds up over time: the
// rows of [@from, @to) as (key, n) pairs. The same query writes a whole
// day's rollup and reads the days not rolled up yet.
type statsPart struct {
	metric string
	sql    string
}

// durationBase is the ratio between neighbouring buckets of decision
// times: the median is known to within half of it (5%).
const durationBase = 1.1

var statsParts = []statsPart{
	// Reports by reason (a report under two reasons counts under each).
	{"reports", `SELECT reason AS key, count(*) AS n FROM reports r, unnest(r.reasons) reason
		WHERE r.created_at >= @from AND r.created_at < @to GROUP BY 1`},
	// Decisions by kind, per user decided: a bulk decision over four cases
	// of one user is one restriction of one user, counted once (events
	// written before the decision's id was recorded count per case).
	{"kind", `SELECT detail->>'decision' AS key,
			count(DISTINCT coalesce(detail->>'decision_id', 'case ' || subject_id) || ' ' || coalesce(detail->>'user', '')) AS n
		FROM audit_events WHERE action = 'case.decide' AND created_at >= @from AND created_at < @to GROUP BY 1`},
	// Decisions by moderator.
	{"decisions", `SELECT actor_id::text AS key, count(*) AS n FROM audit_events
		WHERE action = 'case.decide' AND actor_id IS NOT NULL AND created_at >= @from AND created_at < @to GROUP BY 1`},
	// Cases resolved, by bucket of the time from first report to decision.
	{"resolved", `SELECT floor(ln(greatest(extract(epoch FROM resolved_at - created_at), 1)) / ln(` +
		strconv.FormatFloat(durationBase, 'f', -1, 64) + `))::int::text AS key, count(*) AS n
		FROM cases WHERE state = 'resolved' AND resolved_at >= @from AND resolved_at < @to GROUP BY 1`},
	// Service-level targets: items answered, in time or late.
	{"target", `SELECT CASE WHEN resolved_at <= created_at + make_interval(secs => @severe) THEN 'severe_decided.met'
			ELSE 'severe_decided.late' END AS key, count(*) AS n
		FROM cases WHERE state = 'resolved' AND resolved_at >= @from AND resolved_at < @to AND severity >= ` + itoa(SevereFrom) + ` GROUP BY 1
		UNION ALL
		SELECT CASE WHEN first_response_at <= created_at + make_interval(secs => @first) THEN 'first_response.met'
			ELSE 'first_response.late' END, count(*)
		FROM tickets WHERE first_response_at >= @from AND first_response_at < @to GROUP BY 1
		UNION ALL
		SELECT CASE WHEN decided_at <= ` + legalDeadline + ` THEN 'legal_answered.met' ELSE 'legal_answered.late' END, count(*)
		FROM legal_requests WHERE kind = 'illegal_filming' AND state = 'decided' AND decided_at >= @from AND decided_at < @to GROUP BY 1`},
}

// statsKeyN is one row of a part.
type statsKeyN struct {
	Key string
	N   int64
}

// readPart reads one part over [from, to).
func readPart(db *gorm.DB, p statsPart, from, to time.Time) ([]statsKeyN, error) {
	var rows []statsKeyN
	err := db.Raw(p.sql, map[string]any{"from": from, "to": to,
		"severe": SevereDecisionTarget.Seconds(), "first": FirstResponseTarget.Seconds(),
		"legal": LegalAnswerTarget.Seconds()}).Scan(&rows).Error
	return rows, err
}

// statsSums gathers the parts' figures over a stretch of time, from the
// rollups and from the rows, before they become the page's.
type statsSums struct {
	reports  map[dayReason]int64
	byMetric map[string]map[string]int64 // every part but reports: key → n
}

type dayReason struct {
	day    time.Time
	reason ReportReason
}

func (s *statsSums) add(metric, key string, n int64) {
	if s.byMetric[metric] == nil {
		s.byMetric[metric] = map[string]int64{}
	}
	s.byMetric[metric][key] += n
}

// ModerationStats gathers the stats page; loc is the viewer's zone, for
// "today" and the days of the chart. Whole days that have ended are read
// from the rollups the stats_rollup job writes for loc (RollupStats); the
// days it has not written yet, and today, from the rows themselves, so the
// page is right whether or not the job has run, and costs about the same
// at any size once it has.
func ModerationStats(ctx context.Context, db *gorm.DB, loc *time.Location) (*ModStats, error) {
	db = db.WithContext(ctx)
	now := time.Now().In(loc)
	today := startOfDay(now)
	since := today.AddDate(0, 0, -(StatsDays - 1))
	s := &ModStats{Counts: map[CaseState]int64{}}
	// Cases in review by state, from the counts a trigger keeps.
	open, err := openCaseCounts(db)
	if err != nil {
		return nil, err
	}
	var severeOpen int64
	for _, c := range open {
		s.Counts[CaseState(c.State)] += c.N
		if c.Severity >= SevereFrom {
			severeOpen += c.N
		}
	}
	sums, err := windowSums(db, loc, since, now, "")
	if err != nil {
		return nil, err
	}
	for k, n := range sums.reports {
		s.ReportsByDay = append(s.ReportsByDay, DayCount{Day: k.day, Reason: k.reason, N: n})
	}
	slices.SortFunc(s.ReportsByDay, func(a, b DayCount) int {
		if c := a.Day.Compare(b.Day); c != 0 {
			return c
		}
		return strings.Compare(string(a.Reason), string(b.Reason))
	})
	s.Counts[CaseResolved], s.MedianDecision = medianOfBuckets(sums.byMetric["resolved"])
	for kind, n := range sums.byMetric["kind"] {
		s.Kinds = append(s.Kinds, KindCount{Kind: DecisionKind(kind), N: n})
	}
	slices.SortFunc(s.Kinds, func(a, b KindCount) int {
		if a.N != b.N {
			return int(b.N - a.N)
		}
		return strings.Compare(string(a.Kind), string(b.Kind))
	})
	var oldest []time.Time
	if err := db.Raw("SELECT created_at FROM cases WHERE state <> 'resolved' ORDER BY created_at, id LIMIT 1").Scan(&oldest).Error; err != nil {
		return nil, err
	}
	if len(oldest) > 0 {
		s.OldestOpen = &oldest[0]
	}
	if s.Moderators, err = moderatorCounts(db, sums.byMetric["decisions"], today); err != nil {
		return nil, err
	}
	if s.Targets, err = openTargets(db, sums.byMetric["target"], severeOpen); err != nil {
		return nil, err
	}
	// From the audit log's index on (action, created_at): warnings, and
	// restrictions of reporting for false reports.
	if err := db.Raw(`SELECT count(*) FILTER (WHERE action = 'reporter.warn'),
			count(*) FILTER (WHERE action = 'restriction.create' AND detail->>'scope' = 'reporting' AND detail->>'policy' = @policy)
		FROM audit_events WHERE action IN ('reporter.warn', 'restriction.create') AND created_at >= @since`,
		map[string]any{"policy": PolicyFalseReporting, "since": since}).Row().Scan(&s.FalseReportWarnings, &s.ReportingRestrictions); err != nil {
		return nil, err
	}
	if s.Designated, err = designatedReports(db, since); err != nil {
		return nil, err
	}
	return s, nil
}

// windowSums adds up the parts over [since, now): the rolled-up days first,
// then the rows of the rest. only, when not "", limits it to one part.
func windowSums(db *gorm.DB, loc *time.Location, since, now time.Time, only string) (*statsSums, error) {
	sums := &statsSums{reports: map[dayReason]int64{}, byMetric: map[string]map[string]int64{}}
	today := startOfDay(now)
	rolledTo, err := readRollups(db, loc, since, today, sums, only)
	if err != nil {
		return nil, err
	}
	if rolledTo.Equal(today) {
		if rolledTo, err = readHourRollups(db, today, now, sums, only); err != nil {
			return nil, err
		}
	}
	return sums, readLive(db, loc, rolledTo, now, sums, only)
}

func startOfDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// readRollups adds the rollups of loc's days from since, as long as they
// run on without a gap and before today, and returns where they stop.
func readRollups(db *gorm.DB, loc *time.Location, since, today time.Time, sums *statsSums, only string) (time.Time, error) {
	var done []time.Time
	if err := db.Raw("SELECT day FROM stats_days_done WHERE zone = ? AND day >= ?::date AND day < ?::date ORDER BY day",
		loc.String(), since.Format(time.DateOnly), today.Format(time.DateOnly)).Scan(&done).Error; err != nil {
		return since, err
	}
	to := since
	for _, d := range done {
		if d.Format(time.DateOnly) != to.Format(time.DateOnly) {
			break
		}
		to = to.AddDate(0, 0, 1)
	}
	if !to.After(since) {
		return since, nil
	}
	var rows []struct {
		Metric string
		Day    *time.Time
		Key    string
		N      int64
	}
	if err := db.Raw(`SELECT metric, CASE WHEN metric = 'reports' THEN day END AS day, key, sum(n) AS n
		FROM stats_days WHERE zone = ? AND day >= ?::date AND day < ?::date AND (? = '' OR metric = ?) GROUP BY 1, 2, 3`,
		loc.String(), since.Format(time.DateOnly), to.Format(time.DateOnly), only, only).Scan(&rows).Error; err != nil {
		return since, err
	}
	for _, r := range rows {
		if r.Metric == "reports" && r.Day != nil {
			day := time.Date(r.Day.Year(), r.Day.Month(), r.Day.Day(), 0, 0, 0, 0, loc)
			sums.reports[dayReason{day, ReportReason(r.Key)}] += r.N
			continue
		}
		sums.add(r.Metric, r.Key, r.N)
	}
	return to, nil
}

// readHourRollups adds the rollups of today's whole hours from today, as
// long as they run on without a gap, and returns where they stop. A zone
// whose day does not start on a whole UTC hour reads today from the rows.
func readHourRollups(db *gorm.DB, today, now time.Time, sums *statsSums, only string) (time.Time, error) {
	if !today.Equal(today.Truncate(time.Hour)) {
		return today, nil
	}
	var done []time.Time
	if err := db.Raw("SELECT hour FROM stats_hours_done WHERE hour >= ? AND hour < ? ORDER BY hour", today, now).Scan(&done).Error; err != nil {
		return today, err
	}
	to := today
	for _, h := range done {
		if !h.Equal(to) {
			break
		}
		to = to.Add(time.Hour)
	}
	if !to.After(today) {
		return today, nil
	}
	var rows []struct {
		Metric, Key string
		N           int64
	}
	if err := db.Raw(`SELECT metric, key, sum(n) AS n FROM stats_hours WHERE hour >= ? AND hour < ? AND (? = '' OR metric = ?)
		GROUP BY 1, 2`, today, to, only, only).Scan(&rows).Error; err != nil {
		return today, err
	}
	for _, r := range rows {
		if r.Metric == "reports" {
			sums.reports[dayReason{today, ReportReason(r.Key)}] += r.N
			continue
		}
		sums.add(r.Metric, r.Key, r.N)
	}
	return to, nil
}

// readLive adds the figures of [from, to) from the rows themselves.
func readLive(db *gorm.DB, loc *time.Location, from, to time.Time, sums *statsSums, only string) error {
	for _, p := range statsParts {
		if p.metric == "reports" || (only != "" && p.metric != only) {
			continue
		}
		rows, err := readPart(db, p, from, to)
		if err != nil {
			return err
		}
		for _, r := range rows {
			sums.add(p.metric, r.Key, r.N)
		}
	}
	if only != "" && only != "reports" {
		return nil
	}
	// Reports by day in loc and reason, grouped by the reasons array: most
	// reports carry one or two, so the rows are few.
	var groups []struct {
		Day     time.Time
		Reasons ReasonList `gorm:"type:text[]"`
		N       int64
	}
	if err := db.Raw(`SELECT date_trunc('day', r.created_at AT TIME ZONE @tz) AS day, r.reasons, count(*) AS n
		FROM reports r WHERE r.created_at >= @from AND r.created_at < @to GROUP BY 1, 2`,
		map[string]any{"tz": loc.String(), "from": from, "to": to}).Scan(&groups).Error; err != nil {
		return err
	}
	for _, g := range groups {
		day := time.Date(g.Day.Year(), g.Day.Month(), g.Day.Day(), 0, 0, 0, 0, loc)
		for _, r := range g.Reasons {
			sums.reports[dayReason{day, r}] += g.N
		}
	}
	return nil
}

// medianOfBuckets is the number of cases in the buckets of decision times
// and their median, the middle of its bucket (nil: no case).
func medianOfBuckets(buckets map[string]int64) (int64, *time.Duration) {
	type bucket struct{ i, n int64 }
	var bs []bucket
	var total int64
	for k, n := range buckets {
		i, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue
		}
		bs = append(bs, bucket{i, n})
		total += n
	}
	if total == 0 {
		return 0, nil
	}
	slices.SortFunc(bs, func(a, b bucket) int { return int(a.i - b.i) })
	var seen int64
	for _, b := range bs {
		seen += b.n
		if 2*seen >= total {
			secs := math.Pow(durationBase, float64(b.i)+0.5)
			d := time.Duration(secs * float64(time.Second)).Round(time.Second)
			return total, &d
		}
	}
	return total, nil
}

// moderatorCounts are the moderators' decisions in the window (decided, by
// actor id) with their decisions and severe reveals today, from the rows.
func moderatorCounts(db *gorm.DB, decided map[string]int64, today time.Time) ([]ModeratorCount, error) {
	var todays []ModeratorCount
	if err := db.Raw(`SELECT actor_id,
			count(*) FILTER (WHERE action = 'case.decide') AS today,
			count(*) FILTER (WHERE action = @reveal) AS severe_today
		FROM audit_events WHERE action IN ('case.decide', @reveal) AND created_at >= @today AND actor_id IS NOT NULL
		GROUP BY actor_id`, map[string]any{"today": today, "reveal": AuditEvidenceReveal}).Scan(&todays).Error; err != nil {
		return nil, err
	}
	byID := map[int64]*ModeratorCount{}
	for k, n := range decided {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue
		}
		byID[id] = &ModeratorCount{ActorID: id, Decisions: n}
	}
	for _, t := range todays {
		m := byID[t.ActorID]
		if m == nil {
			m = &ModeratorCount{ActorID: t.ActorID}
			byID[t.ActorID] = m
		}
		m.Today, m.SevereToday = t.Today, t.SevereToday
	}
	if len(byID) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	var names []struct {
		ID   int64
		Name string
	}
	if err := db.Raw("SELECT id, name FROM users WHERE id IN ?", ids).Scan(&names).Error; err != nil {
		return nil, err
	}
	out := make([]ModeratorCount, 0, len(names))
	for _, u := range names {
		m := byID[u.ID]
		m.Name = u.Name
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b ModeratorCount) int {
		if a.Decisions != b.Decisions {
			return int(b.Decisions - a.Decisions)
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}
