package models_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestSeedDemoEvidence: in the demo world nothing in a report's evidence is
// newer than the report, each snapshot is dated with its report, and an
// escalation note speaks only of what the evidence holds (the phone number
// support saw).
func TestSeedDemoEvidence(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	if _, err := models.SeedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	var late int64
	db.Raw(`SELECT count(*) FROM reports r JOIN evidence_snapshots e ON e.report_id = r.id
		WHERE e.created_at <> r.created_at OR e.written_at > r.created_at
		OR EXISTS (SELECT 1 FROM evidence_messages m WHERE m.snapshot_id = e.id AND m.sent_at > r.created_at)`).Scan(&late)
	if late != 0 {
		t.Errorf("%d reports whose evidence is newer than they are", late)
	}
	var phone int64
	db.Raw(`SELECT count(*) FROM cases c JOIN reports r ON r.case_id = c.id JOIN evidence_snapshots e ON e.report_id = r.id
		JOIN evidence_messages m ON m.snapshot_id = e.id
		WHERE c.escalation_note LIKE '%phone number%' AND m.body LIKE '%010-%'`).Scan(&phone)
	if phone == 0 {
		t.Error("the escalation note speaks of a phone number that is not in the evidence")
	}
}
