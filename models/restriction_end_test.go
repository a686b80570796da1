package models_test

import (
	"context"
	"sync"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestNoticeEndedRestrictions: a restriction whose end has passed is told
// to its user once, its pending appeal closed; one still in force, one
// lifted, and one ended while another restriction still takes the same
// scope away get no "ended" notice; two runs at once tell each user once.
func TestNoticeEndedRestrictions(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	u := newUsers(t, db, "end.a", "end.b", "end.c", "end.d")
	restrict := func(user int64, scope, starts, ends string) int64 {
		return insertID(t, db, "INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at) VALUES (?, ?, 'spam', "+
			starts+", "+ends+")", user, scope)
	}
	ended := restrict(u[0], "posting", ago(2, 0), ago(0, 1))
	mustExec(t, db, "INSERT INTO appeals (restriction_id, user_id, body) VALUES (?, ?, 'please')", ended, u[0])
	future := restrict(u[1], "posting", ago(1, 0), "now() + interval '1 day'")
	lifted := restrict(u[2], "messaging", ago(2, 0), ago(0, 1))
	mustExec(t, db, "UPDATE restrictions SET lifted_at = now() - interval '1 day' WHERE id = ?", lifted)
	covered := restrict(u[3], "posting", ago(2, 0), ago(0, 1))
	restrict(u[3], "service", ago(1, 0), "NULL")

	var wg sync.WaitGroup
	var total int64
	var mu sync.Mutex
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := models.NoticeEndedRestrictions(ctx, db)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 2 {
		t.Errorf("%d restrictions marked, want 2 (the ended one and the covered one)", total)
	}
	notices := func(user int64) int64 {
		return count(t, db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = ?", user, models.NoticeRestrictionEnded)
	}
	if n := notices(u[0]); n != 1 {
		t.Errorf("the ended restriction's user has %d notices, want 1", n)
	}
	if s := count(t, db, "SELECT count(*) FROM appeals WHERE restriction_id = ? AND state = 'closed' AND decided_at IS NOT NULL", ended); s != 1 {
		t.Errorf("the ended restriction's appeal is not closed")
	}
	for _, user := range []int64{u[1], u[2], u[3]} {
		if n := notices(user); n != 0 {
			t.Errorf("user %d got %d ended notices, want none", user, n)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM restrictions WHERE end_noticed_at IS NOT NULL AND id IN ?", []int64{ended, covered}); n != 2 {
		t.Errorf("%d of the ended restrictions are marked, want 2", n)
	}
	if n := count(t, db, "SELECT count(*) FROM restrictions WHERE end_noticed_at IS NOT NULL AND id IN ?", []int64{future, lifted}); n != 0 {
		t.Errorf("a restriction in force or lifted is marked as ended")
	}
	// Nothing more to tell.
	if n, err := models.NoticeEndedRestrictions(ctx, db); err != nil || n != 0 {
		t.Errorf("second run: %d, %v", n, err)
	}
}
