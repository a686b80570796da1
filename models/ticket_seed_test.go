package models_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestSeedDemoDesk: support logs in to a desk with tickets in every state,
// one linked to a report, one past the first-response target.
func TestSeedDemoDesk(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	if _, err := models.SeedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	support, err := models.UserByName(ctx, db, "support")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range models.TicketStates {
		page, err := models.DeskQueue(ctx, db, support, models.DeskFilter{State: s}, 0, 50)
		if err != nil || len(page.Rows) == 0 {
			t.Errorf("no %s ticket (%v)", s, err)
		}
	}
	page, err := models.DeskQueue(ctx, db, support, models.DeskFilter{Linked: true}, 0, 50)
	if err != nil || len(page.Rows) == 0 {
		t.Fatalf("no open ticket linked to a report (%v)", err)
	}
	active, _ := models.DeskQueue(ctx, db, support, models.DeskFilter{}, 0, 50)
	overdue := 0
	for _, r := range active.Rows {
		if r.Overdue() {
			overdue++
		}
	}
	if overdue != 1 {
		t.Errorf("%d overdue tickets, want 1", overdue)
	}
	if count(t, db, "SELECT count(*) FROM cases WHERE state = 'escalated' AND escalation_note <> ''") == 0 {
		t.Error("no case escalated by support")
	}
}
