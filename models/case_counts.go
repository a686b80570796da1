package models

import (
	"context"

	"gorm.io/gorm"
)

// CompactCaseCounts folds the cases' count deltas (written by a trigger as
// cases change state or severity) into case_counts. Two runs at once fold
// each delta once: a delta deleted by one is skipped by the other. It
// returns how many deltas it folded.
func CompactCaseCounts(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`WITH d AS (DELETE FROM case_count_deltas RETURNING state, severity, n),
		folded AS (INSERT INTO case_counts (state, severity, n)
			SELECT state, severity, sum(n) FROM d GROUP BY 1, 2
			ON CONFLICT (state, severity) DO UPDATE SET n = case_counts.n + excluded.n)
		SELECT count(*) FROM d`).Scan(&n).Error
	return n, err
}

// openCaseCounts is how many cases are in each state but resolved at each
// worst severity: the folded counts plus the deltas not folded yet, never a
// count of the cases themselves.
func openCaseCounts(db *gorm.DB) ([]OpenCaseCount, error) {
	var out []OpenCaseCount
	err := db.Raw(`SELECT state, severity, sum(n) AS n FROM (
			SELECT state, severity, n FROM case_counts
			UNION ALL SELECT state, severity, n FROM case_count_deltas) c
		GROUP BY state, severity HAVING sum(n) <> 0 ORDER BY state, severity`).Scan(&out).Error
	return out, err
}
