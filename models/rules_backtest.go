package models

import (
	"gorm.io/gorm"
)

// BacktestWindow is how far back a rule's backtest reads decided cases.
const BacktestWindow = DuplicateWindow

// Backtest is what a rule would have done over the cases decided in the
// last BacktestWindow: how many it would have hit, and how many of those
// moderators upheld (found a violation; for a duplicate rule, found none).
type Backtest struct {
	Decided int // cases decided in the window that the rule's trigger sees
	Hit     int
	Upheld  int
}

// backtest runs rule r's conditions over the decided cases of the window,
// each read as it stood when it was opened: its reasons and reporters, the
// author's strikes, account age, restrictions and writing rate then, and
// for a bank condition the evidence of its first report (a case no report
// opened has no text to match). The
// conditions are the live engine's (RuleConditions.holds).
func backtest(db *gorm.DB, r *Rule) (Backtest, error) {
	var rows []struct {
		Resolution CaseResolution
		Reasons    ReasonList `gorm:"type:text[]"`
		Severity   int
		Reporters  int
		Score      float64
		Strikes    int
		AgeDays    float64
		Restricted bool
		RateItems  int
		RateRooms  int
		Title      string
		Body       string
	}
	subjects := []SubjectType{SubjectPost, SubjectComment}
	if r.Trigger == TriggerReport {
		subjects = append(subjects, SubjectMessage)
	}
	m := r.Conditions.RateMinutes
	err := db.Raw(`SELECT c.resolution, c.reasons, c.severity, c.reporter_count AS reporters, c.weight AS score,
			(SELECT coalesce(sum(s.count), 0) FROM strikes s WHERE s.user_id = c.reported_user_id AND s.withdrawn_at IS NULL
				AND s.created_at < c.created_at AND s.created_at > c.created_at - make_interval(days => @window)) AS strikes,
			extract(epoch FROM c.created_at - u.created_at) / 86400 AS age_days,
			EXISTS (SELECT 1 FROM restrictions s WHERE s.user_id = c.reported_user_id AND s.starts_at <= c.created_at
				AND (s.ends_at IS NULL OR s.ends_at > c.created_at) AND (s.lifted_at IS NULL OR s.lifted_at > c.created_at)) AS restricted,
			w.items AS rate_items, w.rooms AS rate_rooms, coalesce(e.title, '') AS title, coalesce(e.body, '') AS body
		FROM cases c JOIN users u ON u.id = c.reported_user_id
		LEFT JOIN LATERAL (SELECT s.title, s.body FROM reports x JOIN evidence_snapshots s ON s.report_id = x.id
				WHERE @banks AND x.case_id = c.id ORDER BY x.id LIMIT 1) e ON true
		LEFT JOIN LATERAL (SELECT count(*) AS items, count(DISTINCT room_id) AS rooms FROM (
				SELECT p.room_id FROM board_posts p WHERE @m > 0 AND p.author_id = c.reported_user_id
					AND p.created_at <= c.created_at AND p.created_at > c.created_at - make_interval(mins => @m)
				UNION ALL
				SELECT p.room_id FROM board_comments x JOIN board_posts p ON p.id = x.post_id WHERE @m > 0 AND x.author_id = c.reported_user_id
					AND x.created_at <= c.created_at AND x.created_at > c.created_at - make_interval(mins => @m)) y) w ON true
		WHERE c.state = 'resolved' AND c.resolved_at > now() - make_interval(secs => @since) AND c.subject_type IN @subjects
			AND (@report = false OR c.reporter_count > 0)
		ORDER BY c.id DESC LIMIT 10000`,
		map[string]any{"window": StrikeWindowDays, "m": m, "since": BacktestWindow.Seconds(), "subjects": subjects,
			"report": r.Trigger == TriggerReport, "banks": len(r.Conditions.Banks) > 0}).Scan(&rows).Error
	if err != nil {
		return Backtest{}, err
	}
	out := Backtest{Decided: len(rows)}
	want := ResolutionActionTaken
	if r.Action == ActionDuplicate {
		want = ResolutionNoViolation
	}
	for i := range rows {
		x := &rows[i]
		f := &ruleFacts{Reasons: x.Reasons, Severity: x.Severity, Reporters: x.Reporters, Score: x.Score, Strikes: x.Strikes,
			AgeDays: x.AgeDays, Restricted: x.Restricted, rate: map[int][2]int{m: {x.RateItems, x.RateRooms}}}
		if len(r.Conditions.Banks) > 0 {
			// The bank condition last, on the cases the others let through.
			c := r.Conditions
			c.Banks = nil
			if !c.holds(f) {
				continue
			}
			f.banks = map[int64]bool{}
			for _, t := range []string{x.Title, x.Body} {
				hits, err := MatchTextBanks(db.Statement.Context, db, r.Conditions.Banks, t)
				if err != nil {
					return Backtest{}, err
				}
				for _, h := range hits {
					f.banks[h.BankID] = true
				}
			}
		}
		if r.Conditions.holds(f) {
			out.Hit++
			if rows[i].Resolution == want {
				out.Upheld++
			}
		}
	}
	return out, nil
}
