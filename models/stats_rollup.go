package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// RollupStats writes the stats page's figures of each whole hour of the
// last day and more, and of each whole day of the window that has ended,
// for each time zone a moderator or admin reads the page in (and the
// default zone, which the metrics read), those not written yet: one
// transaction per hour or zone and day, which takes its row in
// stats_hours_done or stats_days_done first, so two runs at once write each
// once. Older hours and days are deleted. It returns how many hours and
// days it wrote.
//
// A rolled-up day keeps what happened on it: a decision reversed later
// still counts among that day's decisions and decision times, as it was
// made then.
func RollupStats(ctx context.Context, db *gorm.DB) (int, error) {
	db = db.WithContext(ctx)
	var zones []string
	if err := db.Raw(`SELECT DISTINCT time_zone FROM users WHERE role IN ?`,
		[]Role{RoleModerator, RoleAdmin}).Scan(&zones).Error; err != nil {
		return 0, err
	}
	zones = append(zones, DefaultTimeZone)
	written, err := rollupHours(db)
	if err != nil {
		return written, err
	}
	seen := map[string]bool{}
	for _, z := range zones {
		loc, err := time.LoadLocation(z)
		if err != nil || seen[loc.String()] {
			continue // a zone no longer known to Go: its readers' pages read the rows
		}
		seen[loc.String()] = true
		today := startOfDay(time.Now().In(loc))
		since := today.AddDate(0, 0, -(StatsDays - 1))
		for day := since; day.Before(today); day = day.AddDate(0, 0, 1) {
			ok, err := rollupDay(db, loc, day)
			if err != nil {
				return written, err
			}
			if ok {
				written++
			}
		}
		if err := db.Exec("DELETE FROM stats_days WHERE zone = ? AND day < ?::date", loc.String(), since.Format(time.DateOnly)).Error; err != nil {
			return written, err
		}
		if err := db.Exec("DELETE FROM stats_days_done WHERE zone = ? AND day < ?::date", loc.String(), since.Format(time.DateOnly)).Error; err != nil {
			return written, err
		}
	}
	return written, nil
}

// HourRollupSpan is how far back whole hours are rolled up: today's, in
// any zone.
const HourRollupSpan = 26 * time.Hour

// rollupHours writes each whole hour of the last HourRollupSpan not written
// yet, and deletes those before it. It returns how many it wrote.
func rollupHours(db *gorm.DB) (int, error) {
	now := time.Now().UTC().Truncate(time.Hour)
	written := 0
	for h := now.Add(-HourRollupSpan); h.Before(now); h = h.Add(time.Hour) {
		ok, err := rollupPeriod(db, "INSERT INTO stats_hours_done (hour) VALUES (?) ON CONFLICT DO NOTHING", []any{h},
			"INSERT INTO stats_hours (hour, metric, key, n) VALUES (?, ?, ?, ?)", []any{h}, h, h.Add(time.Hour))
		if err != nil {
			return written, err
		}
		if ok {
			written++
		}
	}
	cut := now.Add(-HourRollupSpan)
	if err := db.Exec("DELETE FROM stats_hours WHERE hour < ?", cut).Error; err != nil {
		return written, err
	}
	return written, db.Exec("DELETE FROM stats_hours_done WHERE hour < ?", cut).Error
}

// rollupDay writes one day of loc, unless it is written (or being written).
func rollupDay(db *gorm.DB, loc *time.Location, day time.Time) (bool, error) {
	d := day.Format(time.DateOnly)
	return rollupPeriod(db, "INSERT INTO stats_days_done (zone, day) VALUES (?, ?::date) ON CONFLICT DO NOTHING", []any{loc.String(), d},
		"INSERT INTO stats_days (zone, day, metric, key, n) VALUES (?, ?::date, ?, ?, ?)", []any{loc.String(), d}, day, day.AddDate(0, 0, 1))
}

// rollupPeriod writes the parts of [from, to) with insert (its leading
// arguments at, then the metric, the key and n), unless markDone, which
// claims the period, finds it written (or being written).
func rollupPeriod(db *gorm.DB, markDone string, markArgs []any, insert string, at []any, from, to time.Time) (bool, error) {
	wrote := false
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(markDone, markArgs...)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		for _, p := range statsParts {
			rows, err := readPart(tx, p, from, to)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := tx.Exec(insert, append(append([]any{}, at...), p.metric, r.Key, r.N)...).Error; err != nil {
					return err
				}
			}
		}
		wrote = true
		return nil
	})
	return wrote, err
}
