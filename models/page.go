package models

// nextPage trims rows, read with a limit of limit+1, to limit and returns
// the cursor of the next page: the key of the last row kept, or 0 when rows
// is the last page. Every keyset list pages through it.
func nextPage[T any](rows []T, limit int, key func(T) int64) ([]T, int64) {
	if limit < 0 || len(rows) <= limit {
		return rows, 0
	}
	rows = rows[:limit]
	if limit == 0 {
		return rows, 0
	}
	return rows, key(rows[limit-1])
}
