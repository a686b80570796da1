package models_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	res, err := models.SeedDemo(ctx, db)
	if err != nil || res != models.Seeded {
		t.Fatalf("SeedDemo = %v, %v", res, err)
	}
	counts := func() [5]int64 {
		return [5]int64{
			count(t, db, "SELECT count(*) FROM users"),
			count(t, db, "SELECT count(*) FROM friendships"),
			count(t, db, "SELECT count(*) FROM chat_messages"),
			count(t, db, "SELECT count(*) FROM board_posts"),
			count(t, db, "SELECT count(*) FROM board_comments"),
		}
	}
	first := counts()
	if first[0] != int64(len(models.DemoAccounts)) || first[2] < 200 || first[3] < 8 || first[4] < 10 {
		t.Fatalf("demo world too small: users, friendships, messages, posts, comments = %v", first)
	}
	for _, state := range []string{"friend", "hidden", "blocked"} {
		if count(t, db, "SELECT count(*) FROM friendships f JOIN users u ON u.id = f.user_id WHERE u.name = 'alice' AND f.state = ?", state) == 0 {
			t.Errorf("alice has no %s", state)
		}
	}
	if count(t, db, "SELECT count(*) FROM chat_members m JOIN users u ON u.id = m.user_id WHERE u.name = 'alice' AND NOT EXISTS (SELECT 1 FROM friendships f WHERE f.user_id = m.user_id AND f.friend_id = m.other_id)") == 0 {
		t.Error("alice has no chat with a non-friend")
	}
	if count(t, db, "SELECT count(*) FROM chat_messages WHERE NOT delivered") == 0 {
		t.Error("no undelivered message from a blocked sender")
	}
	if count(t, db, "SELECT count(*) FROM open_chat_rooms") != 2 {
		t.Error("want two Open Chat rooms")
	}
	for _, state := range models.CaseStates {
		if count(t, db, "SELECT count(*) FROM cases WHERE state = ?", state) == 0 {
			t.Errorf("no %s case for mod to try", state)
		}
	}
	if count(t, db, "SELECT count(*) FROM appeals WHERE state = 'pending'") == 0 || count(t, db, "SELECT count(*) FROM reports WHERE state = 'false'") == 0 {
		t.Error("no pending appeal or no false report in the demo world")
	}
	if count(t, db, "SELECT count(*) FROM cases WHERE subject_type = 'post' AND reporter_count >= 2 AND state = 'open'") < 3 {
		t.Error("no spam wave in the demo queue")
	}
	if _, err := models.Authenticate(ctx, db, "mod", models.DemoPassword, "192.0.2.50"); err != nil {
		t.Errorf("demo staff log-in: %v", err)
	}

	t.Run("Idempotent", func(t *testing.T) {
		res, err := models.SeedDemo(ctx, db)
		if err != nil || res != models.AlreadySeeded {
			t.Fatalf("second SeedDemo = %v, %v", res, err)
		}
		if again := counts(); again != first {
			t.Fatalf("counts changed: %v -> %v", first, again)
		}
	})
	t.Run("KeepsLaterSignUps", func(t *testing.T) {
		if _, err := models.CreateUser(ctx, db, models.SignUp{Name: "newcomer", Password: "newcomer pass", Confirm: "newcomer pass"}); err != nil {
			t.Fatal(err)
		}
		if res, err := models.SeedDemo(ctx, db); err != nil || res != models.AlreadySeeded {
			t.Fatalf("SeedDemo = %v, %v", res, err)
		}
	})
}

func TestSeedDemoRefusesRealUsers(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	if _, err := models.CreateUser(ctx, db, models.SignUp{Name: "realperson", Password: "real password", Confirm: "real password"}); err != nil {
		t.Fatal(err)
	}
	_, err := models.SeedDemo(ctx, db)
	if models.ErrorCode(err) != models.Conflict {
		t.Fatalf("err = %v, want Conflict", err)
	}
	if n := count(t, db, "SELECT count(*) FROM users"); n != 1 {
		t.Errorf("%d users after the refusal, want 1", n)
	}
}

// The scale seed writes what the benchmarks read: every table in the sizes
// asked for, the queue in every state, and the audit log of each decision.
func TestSeedScale(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	size := models.ScaleSize{Users: 400, Messages: 2_000, Cases: 200, Reports: 700, BankEntries: 300}
	if err := models.SeedScale(ctx, db, size, "scale password"); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int64{
		"SELECT count(*) FROM users WHERE role = 'user'": 400,
		"SELECT count(*) FROM chat_messages":             2_000,
		"SELECT count(*) FROM cases":                     200,
		"SELECT count(*) FROM reports":                   700,
		"SELECT count(*) FROM text_bank_entries":         300,
		"SELECT count(DISTINCT state) FROM cases":        4,
		"SELECT count(*) FROM cases WHERE reporter_count <> (SELECT count(*) FROM reports r WHERE r.case_id = cases.id)":                                                                              0,
		"SELECT count(*) FROM cases c WHERE state = 'resolved' AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'case.decide' AND a.subject_id = c.id AND a.created_at = c.resolved_at)": 0,
		"SELECT count(*) FROM audit_events WHERE action = 'case.decide'":                                                                                                                              count(t, db, "SELECT count(*) FROM cases WHERE state = 'resolved'"),
		"SELECT count(*) FROM audit_events WHERE action = 'evidence.reveal'": count(t, db, `SELECT count(*) FROM cases WHERE state = 'resolved'
			AND reasons && ARRAY['sexual_exploitation', 'threat', 'self_harm', 'obscene']`),
		"SELECT count(DISTINCT detail->>'decision') FROM audit_events WHERE action = 'case.decide'": 5,
	} {
		if got := count(t, db, q); got != want {
			t.Errorf("%s: %d, want %d", q, got, want)
		}
	}
	q, err := models.ModQueue(ctx, db, 0, models.QueueFilter{Reason: models.ReportReason("spam"), Unclaimed: true}, 0, 10)
	if err != nil || len(q.Cases) == 0 {
		t.Fatalf("the queue of the scale data: %v, %v", q, err)
	}
}
