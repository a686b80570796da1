package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// supportWorld: rin reported sol's chat message; tae is a bystander;
// haneul works support, root is an admin.
type supportWorld struct {
	en            *env
	rin, sol, tae *client
	report        int64
}

func newSupportWorld(t *testing.T) *supportWorld {
	t.Helper()
	en := newEnv(t)
	for _, n := range []string{"rin", "sol", "tae"} {
		en.user(n, models.RoleUser)
	}
	en.user("haneul", models.RoleSupport)
	en.user("jiho", models.RoleSupport)
	en.user("root", models.RoleAdmin)
	w := &supportWorld{en: en, rin: en.login("rin"), sol: en.login("sol"), tae: en.login("tae")}
	_, msg := chatWith(t, en, w.rin, w.sol, "sol", "I will find you")
	wantStatus(t, w.rin.submit(fmt.Sprintf("/report/message/%d", msg), url.Values{"reasons": {"threat"}}), http.StatusSeeOther)
	en.db.Raw("SELECT id FROM reports WHERE reporter_id = ?", en.userID("rin")).Scan(&w.report)
	return w
}

// open files rin's ticket about her report and returns its id.
func (w *supportWorld) open(t *testing.T, description string) int64 {
	t.Helper()
	r := w.rin.submit(views.MyTicketsPath, url.Values{"category": {"illegal_act"}, "description": {description},
		"reports": {fmt.Sprint(w.report)}})
	var id int64
	if _, err := fmt.Sscanf(r.header.Get("Location"), "/support/tickets/%d", &id); err != nil || r.status != http.StatusSeeOther {
		t.Fatalf("open a ticket: %d %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	return id
}

func wantTicketFieldError(t *testing.T, r *response, field string) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422\n%s", r.status, r.body)
	}
	if r.doc.Find(`[data-testid="error-`+field+`"]`).Length() != 1 {
		t.Fatalf("no error beside %s:\n%s", field, r.text())
	}
}

func TestNewTicket(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	t.Run("OK", func(t *testing.T) {
		page := w.rin.get(views.NotifySupportPath(w.report))
		wantStatus(t, page, http.StatusOK)
		if _, ok := page.doc.Find(fmt.Sprintf(`input[name="reports"][value="%d"]`, w.report)).Attr("checked"); !ok {
			t.Fatal("the report is not preselected")
		}
		id := w.open(t, "Sol threatens me.\nPlease act.")
		r := w.rin.get(views.MyTicketPath(id))
		if !strings.Contains(r.text(), "Sol threatens me.") || r.doc.Find(`[data-testid="linked-reports"] li`).Length() != 1 {
			t.Fatalf("ticket page:\n%s", r.text())
		}
		if !strings.Contains(w.rin.get(views.MyTicketsPath).text(), "Sol threatens me.") {
			t.Fatal("not in My tickets")
		}
	})
	t.Run("ErrSomeoneElsesReport", func(t *testing.T) {
		wantStatus(t, w.tae.get(views.NotifySupportPath(w.report)), http.StatusNotFound)
		wantStatus(t, w.tae.get(views.NotifySupportPath(999999)), http.StatusNotFound)
		wantStatus(t, w.tae.get(views.SupportNewPath+"?report=abc"), http.StatusNotFound)
		r := w.tae.submit(views.MyTicketsPath, url.Values{"category": {"illegal_act"}, "description": {"linking"},
			"reports": {fmt.Sprint(w.report)}})
		wantTicketFieldError(t, r, "reports")
		if strings.Contains(r.body, "sol") {
			t.Fatal("the refusal names the reported user")
		}
	})
	t.Run("ErrEmptyDescription", func(t *testing.T) {
		r := w.rin.submit(views.MyTicketsPath, url.Values{"category": {"safety_threat"}, "description": {"  "}})
		wantTicketFieldError(t, r, "description")
		if v, _ := r.doc.Find(`select[name="category"] option[selected]`).Attr("value"); v != "safety_threat" {
			t.Fatalf("category not kept: %q", v)
		}
	})
	t.Run("ErrTooManyToday", func(t *testing.T) {
		tae := w.en.userID("tae")
		for i := range models.TicketsPerDay {
			w.en.db.Exec("INSERT INTO tickets (user_id, category, subject, description, state) VALUES (?, 'other', 'earlier', ?, 'open')",
				tae, fmt.Sprintf("earlier ticket %d", i))
		}
		form := url.Values{"category": {"other"}, "description": {"one more, typed with care"}}
		r := w.tae.submit(views.MyTicketsPath, form)
		wantStatus(t, r, http.StatusTooManyRequests)
		if got := r.doc.Find(`[data-testid="form-error"]`).Text(); !strings.Contains(got, fmt.Sprintf("You have opened %d tickets in the last 24 hours", models.TicketsPerDay)) {
			t.Fatalf("the refusal: %q", got)
		}
		if r.doc.Find(`textarea[name="description"]`).Text() != "one more, typed with care" {
			t.Fatal("description not kept")
		}
		w.en.db.Exec("UPDATE tickets SET created_at = now() - interval '25 hours' WHERE user_id = ?", tae)
		wantStatus(t, w.tae.submit(views.MyTicketsPath, form), http.StatusSeeOther)
	})
	t.Run("ErrNoCategory", func(t *testing.T) {
		r := w.rin.submit(views.MyTicketsPath, url.Values{"description": {"kept text"}})
		wantTicketFieldError(t, r, "category")
		if r.doc.Find(`textarea[name="description"]`).Text() != "kept text" {
			t.Fatal("description not kept")
		}
	})
}

func TestMyTicketIsMineOnly(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "Only for rin")
	wantStatus(t, w.sol.get(views.MyTicketPath(id)), http.StatusNotFound)
	wantStatus(t, w.tae.submit(views.MyTicketMessagesPath(id), url.Values{"body": {"hi"}}), http.StatusNotFound)
	wantStatus(t, w.tae.submit(views.MyTicketReopenPath(id), nil), http.StatusNotFound)
	if strings.Contains(w.tae.get(views.MyTicketsPath).body, "Only for rin") {
		t.Fatal("tae lists rin's ticket")
	}
	var n int64
	w.en.db.Raw("SELECT count(*) FROM ticket_messages").Scan(&n)
	if n != 0 {
		t.Fatal("a message was written")
	}
}

func TestTicketReplyAndReopen(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "Help")
	haneul := w.en.login("haneul")
	t.Run("OK", func(t *testing.T) {
		wantRedirect(t, haneul.submit(views.DeskReplyPath(id), url.Values{"reply": {"We are looking into it."}}), views.DeskTicketPath(id))
		page := w.rin.get(views.MyTicketPath(id))
		if got := page.doc.Find(`[data-testid="ticket-state"]`).Text(); got != "Waiting on you" {
			t.Fatalf("state %q", got)
		}
		if !strings.Contains(page.text(), "Customer Service") || strings.Contains(page.body, "haneul") {
			t.Fatal("the reply does not read as Customer Service's, or names the staff member")
		}
		wantRedirect(t, w.rin.submit(views.MyTicketMessagesPath(id), url.Values{"body": {"Thanks"}}), views.MyTicketPath(id))
	})
	t.Run("ErrEmptyReply", func(t *testing.T) {
		wantTicketFieldError(t, w.rin.submit(views.MyTicketMessagesPath(id), url.Values{"body": {" "}}), "body")
	})
	t.Run("ErrReplyAfter7Days", func(t *testing.T) {
		wantRedirect(t, haneul.submit(views.DeskResolvePath(id), url.Values{"outcome": {"Sol was restricted."}}), views.DeskTicketPath(id))
		w.en.db.Exec("UPDATE tickets SET resolved_at = now() - interval '8 days' WHERE id = ?", id)
		r := w.rin.submit(views.MyTicketMessagesPath(id), url.Values{"body": {"It happened again"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "more than 7 days ago") ||
			!strings.Contains(r.doc.Find(`[data-testid="unsent"]`).Text(), "It happened again") {
			t.Fatalf("%d\n%s", r.status, r.text())
		}
		page := w.rin.get(views.MyTicketPath(id))
		if page.doc.Find(`form[action="`+views.MyTicketReopenPath(id)+`"]`).Length() != 0 {
			t.Fatal("Reopen offered after 7 days")
		}
		r = w.rin.submit(views.MyTicketReopenPath(id), nil)
		wantRedirect(t, r, views.MyTicketPath(id))
		if !strings.Contains(w.rin.get(views.MyTicketPath(id)).text(), "can no longer be reopened") {
			t.Fatal("no error flash")
		}
	})
	t.Run("OKReopen", func(t *testing.T) {
		w.en.db.Exec("UPDATE tickets SET resolved_at = now() - interval '6 days' WHERE id = ?", id)
		wantRedirect(t, w.rin.submit(views.MyTicketReopenPath(id), nil), views.MyTicketPath(id))
		if got := w.rin.get(views.MyTicketPath(id)).doc.Find(`[data-testid="ticket-state"]`).Text(); got != "Open" {
			t.Fatalf("state %q", got)
		}
	})
}

func TestSupportDesk(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "Overdue one")
	fresh := w.open(t, "Fresh one")
	w.en.db.Exec("UPDATE tickets SET created_at = now() - interval '25 hours' WHERE id = ?", id)
	haneul, jiho, root := w.en.login("haneul"), w.en.login("jiho"), w.en.login("root")

	t.Run("OKQueue", func(t *testing.T) {
		r := haneul.get(views.SupportDeskPath)
		wantStatus(t, r, http.StatusOK)
		rows := r.doc.Find(`[data-testid="desk-ticket"]`)
		if rows.Length() != 2 || !strings.Contains(rows.First().Text(), "Overdue one") || !rows.First().HasClass("overdue") || rows.Last().HasClass("overdue") {
			t.Fatalf("queue:\n%s", r.text())
		}
		if got := r.doc.Find(`[data-testid="count-open"]`).Text(); got != "2" {
			t.Fatalf("open count %q", got)
		}
		newest := haneul.get(views.DeskQueuePath(models.DeskFilter{Newest: true}, 0))
		if !strings.Contains(newest.doc.Find(`[data-testid="desk-ticket"]`).First().Text(), "Fresh one") {
			t.Fatal("newest first")
		}
		wantStatus(t, root.get(views.SupportDeskPath), http.StatusOK)
	})
	t.Run("ErrUnknownFilter", func(t *testing.T) {
		for _, q := range []string{"state=lost", "category=nothing", "assigned=you", "sort=sideways", "linked=yes"} {
			r := haneul.get(views.SupportDeskPath + "?" + q)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.text(), "That filter is not one the support desk knows") {
				t.Fatalf("?%s: the page does not say why:\n%s", q, r.text())
			}
		}
	})
	t.Run("OKClaim", func(t *testing.T) {
		wantRedirect(t, haneul.submit(views.DeskClaimPath(id), nil), views.DeskTicketPath(id))
		wantRedirect(t, jiho.submit(views.DeskClaimPath(id), nil), views.DeskTicketPath(id))
		if !strings.Contains(jiho.get(views.DeskTicketPath(id)).text(), "haneul claimed this ticket first") {
			t.Fatal("the loser is not told")
		}
		mine := jiho.get(views.DeskQueuePath(models.DeskFilter{Assignee: models.AssignedToMe}, 0))
		if mine.doc.Find(`[data-testid="desk-ticket"]`).Length() != 0 {
			t.Fatal("jiho has haneul's ticket")
		}
		unassigned := jiho.get(views.DeskQueuePath(models.DeskFilter{Assignee: models.AssignedNobody}, 0))
		if unassigned.doc.Find(`[data-testid="desk-ticket"]`).Length() != 1 {
			t.Fatal("unassigned filter")
		}
	})
	t.Run("ErrEmptyForms", func(t *testing.T) {
		wantTicketFieldError(t, haneul.submit(views.DeskReplyPath(id), url.Values{"reply": {""}}), "reply")
		wantTicketFieldError(t, haneul.submit(views.DeskNotePath(id), url.Values{"note": {""}}), "note")
		wantTicketFieldError(t, haneul.submit(views.DeskResolvePath(id), url.Values{"outcome": {""}}), "outcome")
		r := haneul.submit(views.DeskModerationPath(id), url.Values{"report": {fmt.Sprint(w.report)}, "moderation_note": {""}})
		wantTicketFieldError(t, r, "moderation_note")
		wantTicketFieldError(t, haneul.submit(views.DeskModerationPath(id), url.Values{"report": {"0"}, "moderation_note": {"x"}}), "report")
		wantTicketFieldError(t, haneul.submit(views.DeskAssignPath(id), url.Values{"assignee": {fmt.Sprint(w.en.userID("root"))}}), "assignee")
	})
	t.Run("OKNoteNeverReachesTheUser", func(t *testing.T) {
		wantRedirect(t, haneul.submit(views.DeskNotePath(id), url.Values{"note": {"Secret staff remark"}}), views.DeskTicketPath(id))
		if !strings.Contains(haneul.get(views.DeskTicketPath(id)).text(), "Secret staff remark") {
			t.Fatal("note not shown to support")
		}
		if strings.Contains(w.rin.get(views.MyTicketPath(id)).body, "Secret staff remark") {
			t.Fatal("the user sees the internal note")
		}
	})
	t.Run("OKEvidence", func(t *testing.T) {
		// A threat is severe: shown once revealed (TestDeskSevereEvidence).
		wantRedirect(t, haneul.submit(views.DeskRevealPath(id), url.Values{"report": {fmt.Sprint(w.report)}}), views.DeskEvidencePath(id, w.report))
		r := haneul.get(views.DeskEvidencePath(id, w.report))
		if r.status != http.StatusOK || !strings.Contains(r.text(), "I will find you") {
			t.Fatalf("%d\n%s", r.status, r.text())
		}
		var n int64
		w.en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'evidence.view' AND subject_id = ? AND detail->>'via' = 'ticket'", w.report).Scan(&n)
		if n != 1 {
			t.Fatalf("%d audit events", n)
		}
		bare := w.rin.submit(views.MyTicketsPath, url.Values{"category": {"other"}, "description": {"no report"}})
		var bareID int64
		fmt.Sscanf(bare.header.Get("Location"), "/support/tickets/%d", &bareID)
		wantStatus(t, haneul.get(views.DeskEvidencePath(bareID, w.report)), http.StatusNotFound)
	})
	t.Run("OKSendToModeration", func(t *testing.T) {
		r := haneul.submit(views.DeskModerationPath(id), url.Values{"report": {fmt.Sprint(w.report)}, "moderation_note": {"Threat; please first."}})
		wantRedirect(t, r, views.DeskTicketPath(id))
		var state string
		w.en.db.Raw("SELECT c.state FROM cases c JOIN reports r ON r.case_id = c.id WHERE r.id = ?", w.report).Scan(&state)
		if state != string(models.CaseEscalated) {
			t.Fatalf("case %s", state)
		}
		if !strings.Contains(w.rin.get(views.MyTicketPath(id)).text(), "handed this to our moderators") {
			t.Fatal("the user is not told it is with moderation")
		}
		wantRedirect(t, haneul.submit(views.DeskModerationPath(fresh), url.Values{"report": {fmt.Sprint(w.report)}, "moderation_note": {"Same case"}}), views.DeskTicketPath(fresh))
	})
	t.Run("ErrSupportCannotDecide", func(t *testing.T) {
		// No support route decides a case: posting a decision's fields to
		// every support action leaves the case escalated.
		for _, p := range []string{views.DeskModerationPath(id), views.DeskResolvePath(fresh), views.DeskReplyPath(id)} {
			haneul.submit(p, url.Values{"report": {fmt.Sprint(w.report)}, "resolution": {"no_violation"}, "state": {"resolved"},
				"moderation_note": {"x"}, "outcome": {"done"}, "reply": {"r"}})
		}
		var state string
		w.en.db.Raw("SELECT c.state FROM cases c JOIN reports r ON r.case_id = c.id WHERE r.id = ?", w.report).Scan(&state)
		if state != string(models.CaseEscalated) {
			t.Fatalf("case %s", state)
		}
		for _, route := range w.en.e.Routes() {
			if strings.HasPrefix(route.Path, "/support") && strings.Contains(route.Path, "decide") {
				t.Errorf("support route %s decides", route.Path)
			}
		}
	})
	t.Run("OKRestrictionHistory", func(t *testing.T) {
		w.en.db.Exec(`INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at)
			VALUES (?, 'reporting', 'false reports', now() - interval '20 days', now() - interval '13 days')`, w.en.userID("rin"))
		if got := haneul.get(views.DeskTicketPath(id)).doc.Find(`[data-testid="restrictions"]`).Text(); !strings.Contains(got, "false reports") {
			t.Fatalf("restriction history %q", got)
		}
	})
	t.Run("OKAdminReadsOnly", func(t *testing.T) {
		r := root.get(views.DeskTicketPath(id))
		wantStatus(t, r, http.StatusOK)
		if r.doc.Find(`form[action="`+views.DeskReplyPath(id)+`"]`).Length() != 0 {
			t.Fatal("admin is offered the reply form")
		}
	})
}

func TestSavedReplyPages(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "Police")
	haneul, root := w.en.login("haneul"), w.en.login("root")
	var police int64
	w.en.db.Raw("SELECT id FROM saved_replies WHERE body LIKE '%investigation agency%'").Scan(&police)
	t.Run("OKUse", func(t *testing.T) {
		r := haneul.submit(views.DeskInsertReplyPath(id), url.Values{"reply": {""}, "saved": {fmt.Sprint(police)}})
		if r.status != http.StatusOK || !strings.Contains(r.doc.Find(`textarea[name="reply"]`).Text(), "investigation agency") {
			t.Fatalf("the saved reply is not in the reply box: %d", r.status)
		}
		if haneul.get(views.SavedRepliesPath).doc.Find(`a[href="`+views.EditSavedReplyPath(police)+`"]`).Length() != 0 {
			t.Fatal("support is offered Edit")
		}
	})
	t.Run("OKAdminEdits", func(t *testing.T) {
		wantRedirect(t, root.submit(views.SavedRepliesPath, url.Values{"title": {"Greeting"}, "body": {"Hello!"}, "language": {"en"}}), views.SavedRepliesPath)
		wantRedirect(t, root.submit(views.EditSavedReplyPath(police), url.Values{"title": {"Police"}, "body": {"Visit an investigation agency."}, "language": {"en"}}), views.SavedRepliesPath)
		if !strings.Contains(haneul.get(views.SavedRepliesPath).text(), "Greeting") {
			t.Fatal("new saved reply not listed")
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		r := root.submit(views.SavedRepliesPath, url.Values{"title": {""}, "body": {"kept"}})
		wantTicketFieldError(t, r, "title")
		if r.doc.Find(`textarea[name="body"]`).Text() != "kept" {
			t.Fatal("body not kept")
		}
		wantTicketFieldError(t, root.submit(views.SavedRepliesPath, url.Values{"title": {"Greeting"}, "body": {"dup"}, "language": {"en"}}), "title")
	})
}

func TestAppealTicket(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	var restriction int64
	w.en.db.Raw(`INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at)
		VALUES (?, 'posting', 'spam', now() - interval '1 day', now() + interval '6 days') RETURNING id`, w.en.userID("sol")).Scan(&restriction)
	form := func() url.Values {
		return url.Values{"category": {"appeal"}, "description": {"I did not spam."}, "restriction": {fmt.Sprint(restriction)}}
	}
	t.Run("ErrNotTheirs", func(t *testing.T) {
		wantTicketFieldError(t, w.tae.submit(views.MyTicketsPath, form()), "restriction")
	})
	t.Run("OK", func(t *testing.T) {
		page := w.sol.get(views.SupportNewPath)
		if page.doc.Find(fmt.Sprintf(`select[name="restriction"] option[value="%d"]`, restriction)).Length() != 1 {
			t.Fatal("the restriction is not offered")
		}
		r := w.sol.submit(views.MyTicketsPath, form())
		wantStatus(t, r, http.StatusSeeOther)
		if got := w.sol.get(r.header.Get("Location")).doc.Find(`[data-testid="ticket-appeal"]`).Text(); !strings.Contains(got, "Waiting for a moderator") {
			t.Fatalf("appeal on the ticket page: %q", got)
		}
		var n int64
		w.en.db.Raw("SELECT count(*) FROM appeals a JOIN tickets t ON t.appeal_id = a.id WHERE a.restriction_id = ?", restriction).Scan(&n)
		if n != 1 {
			t.Fatal("the ticket did not file the appeal")
		}
	})
	t.Run("ErrAppealedAlready", func(t *testing.T) {
		r := w.sol.submit(views.MyTicketsPath, form())
		wantTicketFieldError(t, r, "restriction")
		if !strings.Contains(r.text(), "once") || r.doc.Find(`textarea[name="description"]`).Text() != "I did not spam." {
			t.Fatalf("refusal:\n%s", r.text())
		}
	})
}
