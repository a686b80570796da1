package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// RollupStats writes the stats page's figures of each whole day of the
// window that has ended and is not written yet, for each time zone a
// moderator or admin reads the page in (and the default zone, which the
// metrics read): one transaction per zone and day, which takes the day's
// row in stats_days_done first, so two runs at once write each day once.
// Days before the window are deleted. It returns how many days it wrote.
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
	written := 0
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

// rollupDay writes one day of loc, unless it is written (or being written).
func rollupDay(db *gorm.DB, loc *time.Location, day time.Time) (bool, error) {
	wrote := false
	err := db.Transaction(func(tx *gorm.DB) error {
		res := tx.Exec("INSERT INTO stats_days_done (zone, day) VALUES (?, ?::date) ON CONFLICT DO NOTHING",
			loc.String(), day.Format(time.DateOnly))
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		next := day.AddDate(0, 0, 1)
		for _, p := range statsParts {
			rows, err := readPart(tx, p, day, next)
			if err != nil {
				return err
			}
			for _, r := range rows {
				if err := tx.Exec("INSERT INTO stats_days (zone, day, metric, key, n) VALUES (?, ?::date, ?, ?, ?)",
					loc.String(), day.Format(time.DateOnly), p.metric, r.Key, r.N).Error; err != nil {
					return err
				}
			}
		}
		wrote = true
		return nil
	})
	return wrote, err
}
