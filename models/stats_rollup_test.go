package models_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestStatsRollupsMatchTheRows: with 40 days of reports, decisions,
// resolved cases and answered tickets, the stats page's figures read from
// the rollups (after RollupStats) are those read from the rows alone, in
// the default zone and in a moderator's own; three runs at once write each
// day once; days before the window are not kept.
func TestStatsRollupsMatchTheRows(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	u := newUsers(t, db, "roll.a", "roll.b", "roll.mod", "roll.mod2")
	mustExec(t, db, "UPDATE users SET role = 'moderator' WHERE id IN ?", []int64{u[2], u[3]})
	mustExec(t, db, "UPDATE users SET time_zone = 'America/New_York' WHERE id = ?", u[3])
	reasons := []string{"{spam}", "{threat}", "{spam,fraud}", "{harassment}"}
	for i := range 120 {
		// Every 8 hours for 40 days, some cases decided, some not.
		at := fmt.Sprintf("now() - interval '%d hours'", i*8+1)
		c := insertID(t, db, "INSERT INTO cases (subject_type, subject_id, reported_user_id, severity, created_at) VALUES ('post', ?, ?, ?, "+at+")",
			i+1, u[1], 1+i%5)
		insertID(t, db, "INSERT INTO reports (reporter_id, reported_user_id, subject_type, subject_id, case_id, reasons, created_at) VALUES (?, ?, 'post', ?, ?, ?, "+at+")",
			u[0], u[1], i+1, c, reasons[i%len(reasons)])
		if i%3 != 0 {
			decided := fmt.Sprintf("%s + interval '%d minutes'", at, 7+i*13%2000)
			mustExec(t, db, "UPDATE cases SET state = 'resolved', resolution = 'no_violation', resolved_at = "+decided+" WHERE id = ?", c)
			kind := []string{"remove", "warn", "no_violation"}[(i/3)%3]
			mustExec(t, db, "INSERT INTO audit_events (actor_id, action, subject_type, subject_id, detail, created_at) VALUES (?, 'case.decide', 'case', ?, ?, "+decided+")",
				u[2+i%2], c, fmt.Sprintf(`{"decision": %q, "decision_id": "%d", "user": "%d"}`, kind, i, u[1]))
		}
		if i%4 == 0 {
			mustExec(t, db, "INSERT INTO tickets (user_id, category, subject, created_at, first_response_at) VALUES (?, 'other', 'help', "+at+", "+at+" + interval '"+fmt.Sprint(i%40)+" hours')", u[0])
		}
	}
	for _, zone := range []string{models.DefaultTimeZone, "America/New_York"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		live, err := models.ModerationStats(ctx, db, loc)
		if err != nil {
			t.Fatal(err)
		}
		if len(live.ReportsByDay) < 40 || len(live.Kinds) != 3 || len(live.Moderators) != 2 || live.MedianDecision == nil {
			t.Fatalf("%s: the world is too small to compare: %+v", zone, live)
		}
		if zone == models.DefaultTimeZone {
			var wg sync.WaitGroup
			written := make([]int, 3)
			for i := range written {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := models.RollupStats(ctx, db)
					if err != nil {
						t.Error(err)
					}
					written[i] = n
				}()
			}
			wg.Wait()
			if total, want := written[0]+written[1]+written[2], 2*(models.StatsDays-1)+int(models.HourRollupSpan/time.Hour); total != want {
				t.Errorf("the runs wrote %v hours and days, want %d in all (29 days per zone and 26 hours)", written, want)
			}
		}
		rolled, err := models.ModerationStats(ctx, db, loc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(live, rolled) {
			t.Errorf("%s: from the rollups\n%+v\nfrom the rows\n%+v", zone, rolled, live)
		}
	}
	// The page reads today's whole hours from their rollups: 500 more
	// decisions in the last whole hour show, in a zone where it is today
	// (and not in one where it was yesterday).
	last := time.Now().Truncate(time.Hour).Add(-time.Hour)
	mustExec(t, db, `INSERT INTO stats_hours (hour, metric, key, n) VALUES (?, 'decisions', ?, 500)
		ON CONFLICT (hour, metric, key) DO UPDATE SET n = stats_hours.n + 500`, last, fmt.Sprint(u[2]))
	for _, zone := range []string{models.DefaultTimeZone, "America/New_York"} {
		loc, _ := time.LoadLocation(zone)
		s, err := models.ModerationStats(ctx, db, loc)
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for _, m := range s.Moderators {
			if m.ActorID == u[2] {
				got = m.Decisions
			}
		}
		y, m, d := time.Now().In(loc).Date()
		inToday := !last.Before(time.Date(y, m, d, 0, 0, 0, 0, loc))
		if inToday != (got >= 500) {
			t.Errorf("%s: the last hour is today: %v; roll.mod's decisions %d", zone, inToday, got)
		}
	}
	mustExec(t, db, "UPDATE stats_hours SET n = n - 500 WHERE hour = ? AND metric = 'decisions' AND key = ?", last, fmt.Sprint(u[2]))
	// The page reads the rollups, not the rows again: a changed rollup shows.
	mustExec(t, db, "UPDATE stats_days SET n = n + 1000 WHERE zone = ? AND metric = 'kind' AND key = 'warn'", models.DefaultTimeZone)
	loc, _ := time.LoadLocation(models.DefaultTimeZone)
	if s, err := models.ModerationStats(ctx, db, loc); err != nil || s.Kinds[0].Kind != "warn" || s.Kinds[0].N < 1000 {
		t.Errorf("the page did not read the rollups: %+v, %v", s.Kinds, err)
	}
	if n := count(t, db, "SELECT count(DISTINCT (zone, day)) FROM stats_days"); n > 2*(models.StatsDays-1) {
		t.Errorf("%d days rolled up, want at most %d", n, 2*(models.StatsDays-1))
	}
	// A day before the window goes at the next run.
	mustExec(t, db, "INSERT INTO stats_days_done (zone, day) VALUES ('Asia/Seoul', current_date - 40)")
	mustExec(t, db, "INSERT INTO stats_days (zone, day, metric, key, n) VALUES ('Asia/Seoul', current_date - 40, 'reports', 'spam', 1)")
	if n, err := models.RollupStats(ctx, db); err != nil || n != 0 {
		t.Errorf("a run with nothing new wrote %d days, %v", n, err)
	}
	if n := count(t, db, "SELECT count(*) FROM stats_days WHERE day < current_date - 35"); n != 0 {
		t.Errorf("%d rows before the window remain", n)
	}
}
