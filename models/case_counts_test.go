package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestCaseCountsFollowTheCases: the counts of open cases by state and
// severity that the stats page and the metrics read (kept by a trigger,
// folded by a job) equal a count of the cases after inserts, state and
// severity changes, resolutions, reopenings and deletes, before and after
// folding, with three folds at once.
func TestCaseCountsFollowTheCases(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	u := newUsers(t, db, "count.a")
	want := func(stage string) {
		t.Helper()
		q, err := models.ReadQueueFigures(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		var real []models.OpenCaseCount
		if err := db.Raw(`SELECT state, severity, count(*) AS n FROM cases WHERE state <> 'resolved'
			GROUP BY 1, 2 ORDER BY 1, 2`).Scan(&real).Error; err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(q.OpenCases) != fmt.Sprint(real) {
			t.Errorf("%s: counts %v, cases %v", stage, q.OpenCases, real)
		}
	}
	var ids []int64
	for i := range 40 {
		ids = append(ids, insertID(t, db, "INSERT INTO cases (subject_type, subject_id, reported_user_id, severity) VALUES ('post', ?, ?, ?)", i+1, u[0], 1+i%5))
	}
	want("after inserts")
	mustExec(t, db, "UPDATE cases SET state = 'claimed' WHERE id IN ?", ids[:10])
	mustExec(t, db, "UPDATE cases SET severity = 5 WHERE id IN ?", ids[5:15])
	mustExec(t, db, "UPDATE cases SET state = 'resolved', resolution = 'no_violation', resolved_at = now() WHERE id IN ?", ids[12:25])
	mustExec(t, db, "UPDATE cases SET reporter_count = reporter_count + 1 WHERE id IN ?", ids) // no count changes
	want("after changes")
	var wg sync.WaitGroup
	folded := make([]int64, 3)
	for i := range folded {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := models.CompactCaseCounts(ctx, db)
			if err != nil {
				t.Error(err)
			}
			folded[i] = n
		}()
	}
	wg.Wait()
	if n := count(t, db, "SELECT count(*) FROM case_count_deltas"); n != 0 {
		t.Errorf("%d deltas left after folding", n)
	}
	want("after folding")
	mustExec(t, db, "UPDATE cases SET state = 'escalated', escalated_at = now(), resolution = NULL, resolved_at = NULL WHERE id IN ?", ids[12:18]) // reopened by a reversal
	mustExec(t, db, "DELETE FROM cases WHERE id IN ?", ids[30:35])
	want("after reopening and deletes")
	if _, err := models.CompactCaseCounts(ctx, db); err != nil {
		t.Fatal(err)
	}
	want("after the second fold")
	if n := count(t, db, "SELECT count(*) FROM case_counts WHERE n < 0"); n != 0 {
		t.Errorf("%d negative counts", n)
	}
}
