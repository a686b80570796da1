package models_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/testdb"
)

// ticketWorld is a chat report by rita of sam's message, a support account
// and an admin.
type ticketWorld struct {
	*chatWorld
	report   int64
	caseID   int64
	support  *models.User
	support2 *models.User
	admin    *models.User
}

func newTicketWorld(t *testing.T) *ticketWorld {
	t.Helper()
	w := &ticketWorld{chatWorld: newChatWorld(t)}
	filed, err := w.file(w.fromSender[3], "threat")
	if err != nil {
		t.Fatal(err)
	}
	w.report, w.caseID = filed.ReportID, filed.CaseID
	w.support = staff(t, w.db, "haneul", models.RoleSupport)
	w.support2 = staff(t, w.db, "jiho", models.RoleSupport)
	w.admin = staff(t, w.db, "root", models.RoleAdmin)
	return w
}

func staff(t *testing.T, db *gorm.DB, name string, role models.Role) *models.User {
	t.Helper()
	pw := "password for " + name
	in := models.SignUp{Name: name, Password: pw, Confirm: pw}
	var u *models.User
	var err error
	if role.IsStaff() {
		u, err = models.CreateStaffFromCommandLine(context.Background(), db, models.StaffSignUp{SignUp: in, Role: role})
	} else {
		u, err = models.CreateUser(context.Background(), db, in)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (w *ticketWorld) open(t *testing.T) *models.Ticket {
	t.Helper()
	tk, err := models.OpenTicket(w.ctx, w.db, w.reporter, models.TicketInput{Category: models.TicketIllegalAct,
		Description: "He threatened me.\nPlease act.", ReportIDs: []int64{w.report}})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if e := models.AsError(err); e == nil || !e.Fields.Has(field) {
		t.Fatalf("err = %v, want a message beside %q", err, field)
	}
}

func ticketState(t *testing.T, db *gorm.DB, id int64) models.TicketState {
	t.Helper()
	var s models.TicketState
	if err := db.Raw("SELECT state FROM tickets WHERE id = ?", id).Scan(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpenTicket(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	t.Run("OK", func(t *testing.T) {
		tk := w.open(t)
		if tk.Subject != "He threatened me." || tk.State != models.TicketOpen {
			t.Fatalf("ticket %+v", tk)
		}
		if n := count(t, w.db, "SELECT count(*) FROM ticket_reports WHERE ticket_id = ? AND report_id = ?", tk.ID, w.report); n != 1 {
			t.Fatalf("%d links", n)
		}
	})
	t.Run("ErrEmptyDescription", func(t *testing.T) {
		_, err := models.OpenTicket(w.ctx, w.db, w.reporter, models.TicketInput{Category: models.TicketOther, Description: "  \n "})
		wantCode(t, err, models.Invalid)
		wantField(t, err, "description")
	})
	t.Run("ErrUnknownCategory", func(t *testing.T) {
		_, err := models.OpenTicket(w.ctx, w.db, w.reporter, models.TicketInput{Category: "gossip", Description: "x"})
		wantField(t, err, "category")
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		_, err := models.OpenTicket(w.ctx, w.db, w.reporter, models.TicketInput{Category: models.TicketOther, Description: strings.Repeat("가", 5001)})
		wantField(t, err, "description")
	})
	t.Run("ErrSomeoneElsesReport", func(t *testing.T) {
		before := count(t, w.db, "SELECT count(*) FROM tickets")
		_, err := models.OpenTicket(w.ctx, w.db, w.bystander, models.TicketInput{Category: models.TicketIllegalAct,
			Description: "linking rita's report", ReportIDs: []int64{w.report}})
		wantCode(t, err, models.Invalid)
		wantField(t, err, "reports")
		if count(t, w.db, "SELECT count(*) FROM tickets") != before {
			t.Fatal("a ticket was written")
		}
		_, err = models.NewTicketChoices(w.ctx, w.db, w.bystander, w.report)
		wantCode(t, err, models.NotFound)
		_, err = models.NewTicketChoices(w.ctx, w.db, w.bystander, 99999)
		wantCode(t, err, models.NotFound)
	})
	t.Run("OKChoices", func(t *testing.T) {
		ch, err := models.NewTicketChoices(w.ctx, w.db, w.reporter, w.report)
		if err != nil || len(ch.Reports) != 1 || ch.Reports[0].ID != w.report {
			t.Fatalf("choices %+v, %v", ch, err)
		}
	})
}

func TestOpenTicketAppeal(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	ids := newUsers(t, db, "dave", "erin")
	var restriction int64
	db.Raw(`INSERT INTO restrictions (user_id, scope, policy_reason, starts_at, ends_at)
		VALUES (?, 'posting', 'spam', now() - interval '1 day', now() + interval '6 days') RETURNING id`, ids[0]).Scan(&restriction)
	in := models.TicketInput{Category: models.TicketAppeal, Description: "I did not spam.", RestrictionID: restriction}
	t.Run("ErrNoRestriction", func(t *testing.T) {
		_, err := models.OpenTicket(ctx, db, ids[0], models.TicketInput{Category: models.TicketAppeal, Description: "x"})
		wantField(t, err, "restriction")
	})
	t.Run("ErrNotTheirs", func(t *testing.T) {
		_, err := models.OpenTicket(ctx, db, ids[1], in)
		wantField(t, err, "restriction")
	})
	t.Run("OK", func(t *testing.T) {
		tk, err := models.OpenTicket(ctx, db, ids[0], in)
		if err != nil {
			t.Fatal(err)
		}
		if tk.AppealID == nil || count(t, db, "SELECT count(*) FROM appeals WHERE id = ? AND restriction_id = ? AND body = 'I did not spam.'", *tk.AppealID, restriction) != 1 {
			t.Fatalf("no appeal for ticket %+v", tk)
		}
	})
	t.Run("ErrAppealedAlready", func(t *testing.T) {
		before := count(t, db, "SELECT count(*) FROM tickets")
		_, err := models.OpenTicket(ctx, db, ids[0], in)
		wantCode(t, err, models.Conflict)
		wantField(t, err, "restriction")
		if count(t, db, "SELECT count(*) FROM tickets") != before {
			t.Fatal("a second ticket was written")
		}
	})
}

func TestTicketThread(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	tk := w.open(t)
	t.Run("ErrSomeoneElsesTicket", func(t *testing.T) {
		_, err := models.MyTicket(w.ctx, w.db, w.sender, tk.ID)
		wantCode(t, err, models.NotFound)
		wantCode(t, models.ReplyToMyTicket(w.ctx, w.db, w.sender, tk.ID, "hi"), models.NotFound)
		list, _, _ := models.MyTickets(w.ctx, w.db, w.sender, 0, 10)
		if len(list) != 0 {
			t.Fatal("sam lists rita's ticket")
		}
	})
	t.Run("OKSupportReplies", func(t *testing.T) {
		if err := models.ReplyToTicket(w.ctx, w.db, w.support, tk.ID, "We are on it."); err != nil {
			t.Fatal(err)
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketWaitingOnUser {
			t.Fatalf("state %s", s)
		}
		if count(t, w.db, "SELECT count(*) FROM tickets WHERE id = ? AND first_response_at IS NOT NULL AND assigned_to = ?", tk.ID, w.support.ID) != 1 {
			t.Fatal("first response or assignee not recorded")
		}
		if count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'ticket_reply' AND body = 'We are on it.'", w.reporter) != 1 {
			t.Fatal("no notice")
		}
		if count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'ticket.reply' AND subject_id = ? AND actor_id = ?", tk.ID, w.support.ID) != 1 {
			t.Fatal("not audited")
		}
	})
	t.Run("OKUserReplies", func(t *testing.T) {
		if err := models.ReplyToMyTicket(w.ctx, w.db, w.reporter, tk.ID, "Thank you"); err != nil {
			t.Fatal(err)
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketOpen {
			t.Fatalf("state %s", s)
		}
		th, err := models.MyTicket(w.ctx, w.db, w.reporter, tk.ID)
		if err != nil || len(th.Messages) != 2 || !th.Messages[0].FromStaff || th.Messages[1].Body != "Thank you" || len(th.Reports) != 1 {
			t.Fatalf("thread %+v %v", th, err)
		}
	})
	t.Run("ErrEmptyReply", func(t *testing.T) {
		wantField(t, models.ReplyToMyTicket(w.ctx, w.db, w.reporter, tk.ID, " "), "body")
		wantField(t, models.ReplyToTicket(w.ctx, w.db, w.support, tk.ID, ""), "reply")
	})
	t.Run("ErrAdminOnlyReads", func(t *testing.T) {
		wantCode(t, models.ReplyToTicket(w.ctx, w.db, w.admin, tk.ID, "hello"), models.Forbidden)
		if _, err := models.DeskTicket(w.ctx, w.db, w.admin, tk.ID); err != nil {
			t.Fatal(err)
		}
		user := &models.User{ID: w.reporter, Role: models.RoleUser}
		_, err := models.DeskTicket(w.ctx, w.db, user, tk.ID)
		wantCode(t, err, models.Forbidden)
	})
	t.Run("OKNoteNeverShown", func(t *testing.T) {
		if err := models.AddTicketNote(w.ctx, w.db, w.support, tk.ID, "Sam has two other cases."); err != nil {
			t.Fatal(err)
		}
		v, err := models.DeskTicket(w.ctx, w.db, w.support, tk.ID)
		if err != nil || len(v.Notes) != 1 || v.Notes[0].AuthorName != "haneul" {
			t.Fatalf("notes %+v %v", v, err)
		}
		wantField(t, models.AddTicketNote(w.ctx, w.db, w.support, tk.ID, ""), "note")
	})
}

func TestResolveAndReopen(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	tk := w.open(t)
	t.Run("ErrEmptyOutcome", func(t *testing.T) {
		wantField(t, models.ResolveTicket(w.ctx, w.db, w.support, tk.ID, ""), "outcome")
	})
	t.Run("OK", func(t *testing.T) {
		if err := models.ResolveTicket(w.ctx, w.db, w.support, tk.ID, "Sam was restricted."); err != nil {
			t.Fatal(err)
		}
		if count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'ticket_resolved'", w.reporter) != 1 {
			t.Fatal("no notice")
		}
		wantCode(t, models.ResolveTicket(w.ctx, w.db, w.support, tk.ID, "again"), models.Conflict)
		wantCode(t, models.ReplyToTicket(w.ctx, w.db, w.support, tk.ID, "late"), models.Conflict)
	})
	t.Run("OKReopenWithin7Days", func(t *testing.T) {
		mustExec(t, w.db, "UPDATE tickets SET resolved_at = now() - interval '6 days 23 hours' WHERE id = ?", tk.ID)
		if err := models.ReopenMyTicket(w.ctx, w.db, w.reporter, tk.ID); err != nil {
			t.Fatal(err)
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketOpen {
			t.Fatalf("state %s", s)
		}
		wantCode(t, models.ReopenMyTicket(w.ctx, w.db, w.reporter, tk.ID), models.Conflict)
	})
	t.Run("ErrReplyAfter7Days", func(t *testing.T) {
		if err := models.ResolveTicket(w.ctx, w.db, w.support, tk.ID, "Done."); err != nil {
			t.Fatal(err)
		}
		mustExec(t, w.db, "UPDATE tickets SET resolved_at = now() - interval '7 days 1 minute' WHERE id = ?", tk.ID)
		wantCode(t, models.ReplyToMyTicket(w.ctx, w.db, w.reporter, tk.ID, "Still scared"), models.Conflict)
		wantCode(t, models.ReopenMyTicket(w.ctx, w.db, w.reporter, tk.ID), models.Conflict)
		if s := ticketState(t, w.db, tk.ID); s != models.TicketResolved {
			t.Fatalf("state %s", s)
		}
		if count(t, w.db, "SELECT count(*) FROM ticket_messages WHERE ticket_id = ?", tk.ID) != 0 {
			t.Fatal("the late reply was stored")
		}
	})
	t.Run("OKReplyReopens", func(t *testing.T) {
		mustExec(t, w.db, "UPDATE tickets SET resolved_at = now() - interval '1 day' WHERE id = ?", tk.ID)
		if err := models.ReplyToMyTicket(w.ctx, w.db, w.reporter, tk.ID, "It happened again"); err != nil {
			t.Fatal(err)
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketOpen {
			t.Fatalf("state %s", s)
		}
	})
}

func TestMyTicketsPaging(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	var ids []int64
	for range 5 {
		ids = append(ids, w.open(t).ID)
	}
	p1, next, err := models.MyTickets(w.ctx, w.db, w.reporter, 0, 3)
	if err != nil || len(p1) != 3 || p1[0].ID != ids[4] || next != ids[2] {
		t.Fatalf("page 1 %v next %d %v", p1, next, err)
	}
	p2, next, _ := models.MyTickets(w.ctx, w.db, w.reporter, next, 3)
	if len(p2) != 2 || p2[0].ID != ids[1] || next != 0 {
		t.Fatalf("page 2 %v next %d", p2, next)
	}
}

func TestClaimAndAssign(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	tk := w.open(t)
	t.Run("OK", func(t *testing.T) {
		if err := models.ClaimTicket(w.ctx, w.db, w.support, tk.ID); err != nil {
			t.Fatal(err)
		}
		if err := models.ClaimTicket(w.ctx, w.db, w.support, tk.ID); err != nil {
			t.Fatal("claiming one's own ticket again:", err)
		}
	})
	t.Run("ErrClaimedFirst", func(t *testing.T) {
		err := models.ClaimTicket(w.ctx, w.db, w.support2, tk.ID)
		wantCode(t, err, models.Conflict)
		if !strings.Contains(err.Error(), "haneul") {
			t.Fatalf("err %v does not say who", err)
		}
	})
	t.Run("OKAssign", func(t *testing.T) {
		if err := models.AssignTicket(w.ctx, w.db, w.support, tk.ID, w.support2.ID); err != nil {
			t.Fatal(err)
		}
		if count(t, w.db, "SELECT count(*) FROM tickets WHERE id = ? AND assigned_to = ?", tk.ID, w.support2.ID) != 1 {
			t.Fatal("not assigned")
		}
		if count(t, w.db, "SELECT count(*) FROM audit_events WHERE action IN ('ticket.claim', 'ticket.assign') AND subject_id = ?", tk.ID) != 3 {
			t.Fatal("claims and assignment not audited")
		}
	})
	t.Run("ErrAssignToNonSupport", func(t *testing.T) {
		wantField(t, models.AssignTicket(w.ctx, w.db, w.support, tk.ID, w.admin.ID), "assignee")
		wantField(t, models.AssignTicket(w.ctx, w.db, w.support, tk.ID, w.reporter), "assignee")
	})
	t.Run("ErrQueueFilters", func(t *testing.T) {
		mine, err := models.DeskQueue(w.ctx, w.db, w.support2, models.DeskFilter{Assignee: models.AssignedToMe}, 0, 10)
		if err != nil || len(mine.Rows) != 1 || mine.Counts[models.TicketOpen] != 1 {
			t.Fatalf("mine %+v %v", mine, err)
		}
		none, _ := models.DeskQueue(w.ctx, w.db, w.support2, models.DeskFilter{Assignee: models.AssignedNobody}, 0, 10)
		other, _ := models.DeskQueue(w.ctx, w.db, w.support2, models.DeskFilter{Category: models.TicketAppeal}, 0, 10)
		if len(none.Rows) != 0 || len(other.Rows) != 0 {
			t.Fatal("filters let the ticket through")
		}
		_, err = models.DeskQueue(w.ctx, w.db, &models.User{ID: w.reporter, Role: models.RoleUser}, models.DeskFilter{}, 0, 10)
		wantCode(t, err, models.Forbidden)
	})
}

func TestDeskQueueOrderAndPaging(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	var ids []int64
	for range 5 {
		ids = append(ids, w.open(t).ID)
	}
	mustExec(t, w.db, "UPDATE tickets SET created_at = now() - interval '30 hours' WHERE id = ?", ids[0])
	p1, err := models.DeskQueue(w.ctx, w.db, w.support, models.DeskFilter{}, 0, 3)
	if err != nil || len(p1.Rows) != 3 || p1.Rows[0].ID != ids[0] || p1.Next != ids[2] {
		t.Fatalf("page 1 %+v %v", p1, err)
	}
	if !p1.Rows[0].Overdue() || p1.Rows[1].Overdue() {
		t.Fatal("overdue wrong")
	}
	p2, _ := models.DeskQueue(w.ctx, w.db, w.support, models.DeskFilter{}, p1.Next, 3)
	if len(p2.Rows) != 2 || p2.Rows[0].ID != ids[3] || p2.Next != 0 {
		t.Fatalf("page 2 %+v", p2)
	}
	newest, _ := models.DeskQueue(w.ctx, w.db, w.support, models.DeskFilter{Newest: true}, 0, 2)
	if newest.Rows[0].ID != ids[4] {
		t.Fatal("newest first is not newest first")
	}
	bare, err := models.OpenTicket(w.ctx, w.db, w.reporter, models.TicketInput{Category: models.TicketOther, Description: "no report"})
	if err != nil {
		t.Fatal(err)
	}
	linked, _ := models.DeskQueue(w.ctx, w.db, w.support, models.DeskFilter{Linked: true}, 0, 10)
	other, _ := models.DeskQueue(w.ctx, w.db, w.support, models.DeskFilter{Category: models.TicketOther}, 0, 10)
	if len(linked.Rows) != 5 || len(other.Rows) != 1 || other.Rows[0].ID != bare.ID || other.Rows[0].LinkedCount != 0 {
		t.Fatalf("linked %d rows, other %+v", len(linked.Rows), other.Rows)
	}
}

func TestSendToModeration(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	tk := w.open(t)
	other := w.open(t)
	t.Run("ErrEmptyNote", func(t *testing.T) {
		wantField(t, models.SendToModeration(w.ctx, w.db, w.support, tk.ID, w.report, ""), "moderation_note")
	})
	t.Run("ErrReportNotLinked", func(t *testing.T) {
		wantField(t, models.SendToModeration(w.ctx, w.db, w.support, tk.ID, w.report+1000, "urgent"), "report")
	})
	t.Run("ErrNotSupport", func(t *testing.T) {
		wantCode(t, models.SendToModeration(w.ctx, w.db, w.admin, tk.ID, w.report, "urgent"), models.Forbidden)
	})
	t.Run("OK", func(t *testing.T) {
		if err := models.SendToModeration(w.ctx, w.db, w.support, tk.ID, w.report, "Threats of violence; the user is afraid."); err != nil {
			t.Fatal(err)
		}
		if count(t, w.db, `SELECT count(*) FROM cases WHERE id = ? AND state = 'escalated' AND escalated_at IS NOT NULL
			AND escalated_by = ? AND escalation_note = 'Threats of violence; the user is afraid.' AND resolution IS NULL`, w.caseID, w.support.ID) != 1 {
			t.Fatal("case not escalated with the note")
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketWithModeration {
			t.Fatalf("state %s", s)
		}
		if count(t, w.db, "SELECT count(*) FROM audit_events WHERE action IN ('case.escalate', 'ticket.escalate')") != 2 {
			t.Fatal("not audited")
		}
		wantCode(t, models.SendToModeration(w.ctx, w.db, w.support, tk.ID, w.report, "again"), models.Conflict)
		// A reply keeps it with moderation.
		if err := models.ReplyToTicket(w.ctx, w.db, w.support, tk.ID, "Moderators are looking at it."); err != nil {
			t.Fatal(err)
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketWithModeration {
			t.Fatalf("state after a reply %s", s)
		}
	})
	t.Run("ErrSupportCannotDecide", func(t *testing.T) {
		_, err := models.DecideCase(w.ctx, w.db, w.support, w.caseID, models.Decision{Kind: models.DecideRemove, Policy: "threat"})
		wantCode(t, err, models.Forbidden)
		if count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'resolved'", w.caseID) != 0 {
			t.Fatal("the case was decided")
		}
		if s := ticketState(t, w.db, tk.ID); s != models.TicketWithModeration {
			t.Fatalf("state %s", s)
		}
	})
	t.Run("OKCaseDecided", func(t *testing.T) {
		// The moderation decision returns the case's tickets in its transaction.
		mod := staff(t, w.db, "mina", models.RoleModerator)
		if _, err := models.DecideCase(w.ctx, w.db, mod, w.caseID, models.Decision{Kind: models.DecideRemove, Policy: "threat"}); err != nil {
			t.Fatal(err)
		}
		if count(t, w.db, "SELECT count(*) FROM tickets WHERE id = ? AND state = 'open' AND moderation_result = 'action_taken'", tk.ID) != 1 {
			t.Fatal("the ticket did not come back with the decision")
		}
		if s := ticketState(t, w.db, other.ID); s != models.TicketOpen {
			t.Fatalf("a ticket not sent changed: %s", s)
		}
		// Support sends the decided case back for another look: escalated
		// again with the note, its decision standing until decided anew.
		if err := models.SendToModeration(w.ctx, w.db, w.support, other.ID, w.report, "He keeps threatening her."); err != nil {
			t.Fatal(err)
		}
		if count(t, w.db, `SELECT count(*) FROM cases WHERE id = ? AND state = 'escalated' AND resolution IS NULL
			AND decision_id IS NOT NULL AND escalation_note = 'He keeps threatening her.'`, w.caseID) != 1 {
			t.Fatal("the decided case was not sent back escalated with the note")
		}
		if s := ticketState(t, w.db, other.ID); s != models.TicketWithModeration {
			t.Fatalf("state %s", s)
		}
		// Deciding it again reverses the earlier decision first: one set of
		// strikes stands, the earlier one withdrawn.
		if _, err := models.DecideCase(w.ctx, w.db, mod, w.caseID, models.Decision{Kind: models.DecideWarn, Policy: "threat"}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM strikes s JOIN cases c ON c.reported_user_id = s.user_id WHERE c.id = ? AND s.withdrawn_at IS NULL", w.caseID); n != 1 {
			t.Fatalf("%d sets of strikes stand", n)
		}
		if n := count(t, w.db, "SELECT count(*) FROM reversals WHERE via = 'decided_again' AND ? = ANY (case_ids)", w.caseID); n != 1 {
			t.Fatalf("%d reversals", n)
		}
		if s := ticketState(t, w.db, other.ID); s != models.TicketOpen {
			t.Fatalf("the ticket did not come back: %s", s)
		}
	})
}

func TestTicketEvidence(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	tk := w.open(t)
	bare, err := models.OpenTicket(w.ctx, w.db, w.reporter, models.TicketInput{Category: models.TicketOther, Description: "no report"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		// A threat is a severe reason: hidden, not read, until revealed.
		ev, err := models.TicketEvidence(w.ctx, w.db, w.support, tk.ID, w.report)
		if err != nil || !ev.Hidden || ev.Evidence != nil {
			t.Fatalf("%+v %v", ev, err)
		}
		if err := models.RevealTicketEvidence(w.ctx, w.db, w.support, tk.ID, w.report); err != nil {
			t.Fatal(err)
		}
		if count(t, w.db, `SELECT count(*) FROM audit_events WHERE action = 'evidence.reveal' AND subject_type = 'case' AND subject_id = ?`, w.caseID) != 1 {
			t.Fatal("reveal not audited on the case")
		}
		ev, err = models.TicketEvidence(w.ctx, w.db, w.support, tk.ID, w.report)
		if err != nil || ev.Hidden || len(ev.Evidence.Messages) == 0 {
			t.Fatalf("%+v %v", ev, err)
		}
		if count(t, w.db, `SELECT count(*) FROM audit_events WHERE action = 'evidence.view' AND subject_id = ? AND detail->>'via' = 'ticket'`, w.report) != 1 {
			t.Fatal("view not audited")
		}
	})
	t.Run("ErrNotLinked", func(t *testing.T) {
		_, err := models.TicketEvidence(w.ctx, w.db, w.support, bare.ID, w.report)
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrUser", func(t *testing.T) {
		_, err := models.TicketEvidence(w.ctx, w.db, &models.User{ID: w.reporter, Role: models.RoleUser}, tk.ID, w.report)
		wantCode(t, err, models.Forbidden)
	})
}

func TestSavedReplies(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	list, err := models.SavedReplies(w.ctx, w.db, w.support)
	if err != nil || len(list) < 2 {
		t.Fatalf("%v %v", list, err)
	}
	police := false
	for _, r := range list {
		police = police || strings.Contains(r.Body, "investigation agency") && strings.Contains(r.Body, "Export Chat Message")
	}
	if !police {
		t.Fatal("no saved reply sends the user to an investigation agency with the exported chat")
	}
	t.Run("ErrSupportCannotEdit", func(t *testing.T) {
		_, err := models.SaveReply(w.ctx, w.db, w.support, 0, "Mine", "text", "en")
		wantCode(t, err, models.Forbidden)
	})
	t.Run("OK", func(t *testing.T) {
		r, err := models.SaveReply(w.ctx, w.db, w.admin, 0, "Thanks", "Thank you for your patience.", "en")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := models.SaveReply(w.ctx, w.db, w.admin, r.ID, "Thanks!", "Thank you.", "en"); err != nil {
			t.Fatal(err)
		}
		if err := models.DeleteSavedReply(w.ctx, w.db, w.admin, r.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrDuplicateTitle", func(t *testing.T) {
		_, err := models.SaveReply(w.ctx, w.db, w.admin, 0, list[0].Title, "x", "en")
		wantCode(t, err, models.Conflict)
		wantField(t, err, "title")
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		_, err := models.SaveReply(w.ctx, w.db, w.admin, 0, "", "", "en")
		wantField(t, err, "title")
		wantField(t, err, "body")
	})
}

// TestClaimConcurrently: two support staff claim one ticket at once;
// exactly one has it, the other is told who does.
func TestClaimConcurrently(t *testing.T) {
	t.Parallel()
	w := newTicketWorld(t)
	for range 5 {
		tk := w.open(t)
		errs := make(chan error, 2)
		for _, who := range []*models.User{w.support, w.support2} {
			go func() { errs <- models.ClaimTicket(w.ctx, w.db, who, tk.ID) }()
		}
		won, lost := 0, 0
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				won++
			case models.ErrorCode(err) == models.Conflict:
				lost++
			default:
				t.Fatal(err)
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("%d won, %d lost", won, lost)
		}
		if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'ticket.claim' AND subject_id = ?", tk.ID); n != 1 {
			t.Fatalf("%d claims audited", n)
		}
	}
}
