package models

import (
	"context"
	"slices"
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
	Counts         map[CaseState]int64
	ReportsByDay   []DayCount // the last StatsDays days, by day and reason
	MedianDecision *time.Duration
	OldestOpen     *time.Time
	Kinds          []KindCount
	Moderators     []ModeratorCount
	Targets        []TargetFigure // the service-level targets, for items that arrived in StatsDays
}

// ModerationStats gathers the stats page; loc is the viewer's zone, for
// "today" and the days of the chart. Each figure is one indexed query.
func ModerationStats(ctx context.Context, db *gorm.DB, loc *time.Location) (*ModStats, error) {
	db = db.WithContext(ctx)
	now := time.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	since := today.AddDate(0, 0, -(StatsDays - 1))
	s := &ModStats{Counts: map[CaseState]int64{}}
	// Cases in review by state, and those resolved in StatsDays: each an
	// index-only count, never a scan of every case ever decided.
	for _, st := range CaseStates {
		q, arg := "SELECT count(*) FROM cases WHERE state = ?", any(nil)
		if st == CaseResolved {
			q, arg = "SELECT count(*) FROM cases WHERE state = ? AND resolved_at >= ?", since
		}
		var n int64
		args := []any{st}
		if arg != nil {
			args = append(args, arg)
		}
		if err := db.Raw(q, args...).Scan(&n).Error; err != nil {
			return nil, err
		}
		s.Counts[st] = n
	}
	// Grouped by the reasons array, not per reason: most reports carry one or
	// two, so the rows are few and no row is unnested in the database.
	var groups []struct {
		Day     time.Time
		Reasons ReasonList `gorm:"type:text[]"`
		N       int64
	}
	if err := db.Raw(`SELECT date_trunc('day', r.created_at AT TIME ZONE @tz) AS day, r.reasons, count(*) AS n
		FROM reports r WHERE r.created_at >= @since GROUP BY 1, 2`,
		map[string]any{"tz": loc.String(), "since": since}).Scan(&groups).Error; err != nil {
		return nil, err
	}
	type dayReason struct {
		day    time.Time
		reason ReportReason
	}
	sums := map[dayReason]int64{}
	for _, g := range groups {
		for _, r := range g.Reasons {
			sums[dayReason{g.Day, r}] += g.N
		}
	}
	for k, n := range sums {
		s.ReportsByDay = append(s.ReportsByDay, DayCount{Day: k.day, Reason: k.reason, N: n})
	}
	slices.SortFunc(s.ReportsByDay, func(a, b DayCount) int {
		if c := a.Day.Compare(b.Day); c != 0 {
			return c
		}
		return strings.Compare(string(a.Reason), string(b.Reason))
	})
	var median *float64
	if err := db.Raw(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at))
		FROM cases WHERE state = 'resolved' AND resolved_at >= ?`, since).Scan(&median).Error; err != nil {
		return nil, err
	}
	if median != nil {
		d := time.Duration(*median * float64(time.Second))
		s.MedianDecision = &d
	}
	var oldest []time.Time
	if err := db.Raw("SELECT created_at FROM cases WHERE state <> 'resolved' ORDER BY created_at, id LIMIT 1").Scan(&oldest).Error; err != nil {
		return nil, err
	}
	if len(oldest) > 0 {
		s.OldestOpen = &oldest[0]
	}
	// Per user decided: a bulk decision over four cases of one user is one
	// restriction of one user, counted once (events written before the
	// decision's id was recorded count per case).
	if err := db.Raw(`SELECT detail->>'decision' AS kind,
			count(DISTINCT coalesce(detail->>'decision_id', 'case ' || subject_id) || ' ' || coalesce(detail->>'user', '')) AS n
		FROM audit_events WHERE action = 'case.decide' AND created_at >= ? GROUP BY 1 ORDER BY 2 DESC`, since).Scan(&s.Kinds).Error; err != nil {
		return nil, err
	}
	err := db.Raw(`SELECT a.actor_id, u.name,
			count(*) FILTER (WHERE a.action = 'case.decide') AS decisions,
			count(*) FILTER (WHERE a.action = 'case.decide' AND a.created_at >= @today) AS today,
			count(*) FILTER (WHERE a.action = @reveal AND a.created_at >= @today) AS severe_today
		FROM audit_events a JOIN users u ON u.id = a.actor_id
		WHERE a.action IN ('case.decide', @reveal) AND a.created_at >= @since
		GROUP BY a.actor_id, u.name ORDER BY decisions DESC, u.name`,
		map[string]any{"today": today, "since": since, "reveal": AuditEvidenceReveal}).Scan(&s.Moderators).Error
	if err != nil {
		return nil, err
	}
	if s.Targets, err = ServiceTargetFigures(ctx, db, since); err != nil {
		return nil, err
	}
	return s, nil
}
