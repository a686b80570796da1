package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/views"
)

// TestDeskClaimReservesTicket: a claimed ticket's replies and resolution
// are its holder's; another support agent sees who holds it, is refused a
// reply or a resolution, and may take it over with its own button, which is
// audited and moves the reservation to them.
func TestDeskClaimReservesTicket(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "He threatens me every night.")
	haneul, jiho := w.en.login("haneul"), w.en.login("jiho")
	path := views.DeskTicketPath(id)
	wantStatus(t, haneul.submit(path+"/claim", nil), http.StatusSeeOther)

	page := jiho.get(path)
	held := page.doc.Find(`[data-testid="assignee"]`).Text()
	if !strings.Contains(held, "haneul") || !strings.Contains(held, "Only they reply") {
		t.Fatalf("the page does not say who holds the ticket:\n%s", held)
	}
	if page.doc.Find(`form[action="`+path+`/reply"]`).Length() != 0 || page.doc.Find(`form[action="`+path+`/resolve"]`).Length() != 0 {
		t.Fatal("jiho is offered the reply or resolve form of haneul's ticket")
	}
	if page.doc.Find(`form[action="`+path+`/take-over"] button`).Length() != 1 {
		t.Fatalf("no Take over button:\n%s", page.text())
	}

	t.Run("ErrHeldByOther", func(t *testing.T) {
		r := jiho.submit(path+"/reply", url.Values{"reply": {"We are on it."}})
		wantFlash(t, jiho, r, "haneul holds this ticket")
		r = jiho.submit(path+"/resolve", url.Values{"outcome": {"Done."}})
		wantFlash(t, jiho, r, "haneul holds this ticket")
		var messages, resolved int64
		w.en.db.Raw("SELECT count(*) FROM ticket_messages WHERE ticket_id = ?", id).Scan(&messages)
		w.en.db.Raw("SELECT count(*) FROM tickets WHERE id = ? AND state = 'resolved'", id).Scan(&resolved)
		if messages != 0 || resolved != 0 {
			t.Fatalf("%d replies stored, resolved %d", messages, resolved)
		}
	})
	t.Run("OKTakeOver", func(t *testing.T) {
		wantStatus(t, jiho.post(path+"/take-over", nil), http.StatusForbidden) // no token
		r := jiho.submit(path+"/take-over", nil)
		wantFlash(t, jiho, r, "You took over this ticket from haneul")
		var audited int64
		if err := w.en.db.Raw(`SELECT count(*) FROM audit_events WHERE action = 'ticket.take_over' AND subject_id = ?
			AND actor_id = ? AND detail->>'from' = ?`, id, w.en.userID("jiho"), fmt.Sprint(w.en.userID("haneul"))).Scan(&audited).Error; err != nil {
			t.Fatal(err)
		}
		if audited != 1 {
			t.Fatalf("%d take-overs audited", audited)
		}
		wantFlash(t, jiho, jiho.submit(path+"/reply", url.Values{"reply": {"We are on it."}}), "")
		r = haneul.submit(path+"/reply", url.Values{"reply": {"Me too."}})
		wantFlash(t, haneul, r, "jiho holds this ticket")
	})
}
