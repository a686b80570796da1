package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"talksafe/handlers"
	"talksafe/models"
)

// TestPurgedRowsLeaveEveryPage: after the purge, no page shows what it
// deleted: a chat both members left (leaving starts its period), an export
// record past five years (its file then verifies as an unknown file), a
// resolved case and a resolved ticket past three years.
func TestPurgedRowsLeaveEveryPage(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{})
	en := f.en
	text := []byte(f.download(t, "text").body)
	mallory := en.login("mallory")
	for _, c := range []*client{f.alice, mallory} {
		wantStatus(t, c.submit(f.roomURL+"/leave", nil), http.StatusSeeOther)
	}
	var unset int64
	en.db.Raw("SELECT count(*) FROM chat_members WHERE room_id = ? AND left_at IS NULL", f.roomID).Scan(&unset)
	if unset != 0 {
		t.Fatalf("leaving did not record when: %d members without left_at", unset)
	}
	en.user("mod", models.RoleModerator)
	en.user("helper", models.RoleSupport)
	mod, support := en.login("mod"), en.login("helper")
	alice := en.userID("alice")
	var caseID, ticketID int64
	en.db.Raw(`INSERT INTO cases (subject_type, subject_id, reported_user_id, state, resolution, resolved_at)
		VALUES ('post', 1, ?, 'resolved', 'no_violation', now() - interval '1097 days') RETURNING id`, en.userID("mallory")).Scan(&caseID)
	en.db.Raw(`INSERT INTO tickets (user_id, category, subject, state, resolved_at, created_at)
		VALUES (?, 'other', 'old question', 'resolved', now() - interval '1097 days', now() - interval '1100 days') RETURNING id`, alice).Scan(&ticketID)
	casePath, deskPath, ticketPath := fmt.Sprintf("/mod/cases/%d", caseID), fmt.Sprintf("/support/desk/%d", ticketID), fmt.Sprintf("/support/tickets/%d", ticketID)
	wantStatus(t, mod.get(casePath), http.StatusOK)
	wantStatus(t, support.get(deskPath), http.StatusOK)
	wantStatus(t, f.alice.get(ticketPath), http.StatusOK)
	if f.alice.get("/settings/exports").doc.Find(`[data-testid="export"]`).Length() != 1 {
		t.Fatal("the export is not listed before the purge")
	}

	// A day later than the periods: 30 days after both left, five years
	// after the export.
	en.db.Exec("UPDATE chat_members SET left_at = now() - interval '31 days' WHERE room_id = ?", f.roomID)
	en.db.Exec("UPDATE chat_exports SET created_at = now() - interval '1828 days'")
	if _, err := models.PurgeRetention(context.Background(), en.app, nil, models.PurgeOptions{}); err != nil {
		t.Fatal(err)
	}
	var left int64
	en.db.Raw("SELECT count(*) FROM chat_messages WHERE room_id = ?", f.roomID).Scan(&left)
	if left != 0 {
		t.Errorf("%d messages of the left room remain", left)
	}
	if v := verdictOf(t, en.client().verify(text)); v != "no-match" {
		t.Errorf("a purged export verifies as %s, want as an unknown file", v)
	}
	if f.alice.get("/settings/exports").doc.Find(`[data-testid="export"]`).Length() != 0 {
		t.Error("My exports still lists the purged export")
	}
	wantStatus(t, mod.get(casePath), http.StatusNotFound)
	wantStatus(t, support.get(deskPath), http.StatusNotFound)
	wantStatus(t, f.alice.get(ticketPath), http.StatusNotFound)
}
