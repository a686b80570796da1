package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TicketInput is the New ticket form.
type TicketInput struct {
	Category      TicketCategory
	Description   string
	ReportIDs     []int64 // the user's own reports to link
	RestrictionID int64   // the restriction appealed, for the appeal category
}

// TicketChoices is what the New ticket form offers a user: their recent
// reports to link and their restrictions in force to appeal.
type TicketChoices struct {
	Reports      []MyReport
	Restrictions []Restriction
}

// ticketReportChoices is how many recent reports the form offers.
const ticketReportChoices = 50

// TicketsPerDay is the most tickets one user opens in 24 hours: beyond it,
// they add to the tickets they have.
const (
	TicketsPerDay        = 10
	ticketAdvisoryLockNS = 7402
)

// NewTicketChoices returns what userID may link to a new ticket. preselect,
// when not 0, is one of their reports to offer even if it is older than the
// recent ones. Errors: NotFound (preselect is not one of their reports, as
// any unknown id).
func NewTicketChoices(ctx context.Context, db *gorm.DB, userID, preselect int64) (*TicketChoices, error) {
	var out TicketChoices
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx.Table("reports r").
			Select("r.id, r.subject_type, r.reasons, r.created_at, r.state, c.state AS case_state").
			Joins("JOIN cases c ON c.id = r.case_id").Where("r.reporter_id = ?", userID)
		if err := q.Session(&gorm.Session{}).Order("r.id DESC").Limit(ticketReportChoices).Scan(&out.Reports).Error; err != nil {
			return err
		}
		if preselect > 0 {
			found := false
			for _, r := range out.Reports {
				found = found || r.ID == preselect
			}
			if !found {
				var r []MyReport
				if err := q.Where("r.id = ?", preselect).Scan(&r).Error; err != nil {
					return err
				}
				if len(r) == 0 {
					return Coded(NotFound, "ticket.report_not_yours")
				}
				out.Reports = append(r, out.Reports...)
			}
		}
		return tx.Where("user_id = ? AND "+restrictionInForce("restrictions"), userID).Order("id DESC").Find(&out.Restrictions).Error
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// OpenTicket opens userID's ticket with its linked reports; a ticket in the
// appeal category files the appeal of the restriction it names in the same
// transaction. Errors: Invalid (fields "category", "description",
// "reports" — a report that is not theirs, as an unknown one —,
// "restriction": none, not theirs, or not in force), Conflict (field
// "restriction": appealed already), Throttled (TicketsPerDay reached).
func OpenTicket(ctx context.Context, db *gorm.DB, userID int64, in TicketInput) (*Ticket, error) {
	f := FieldErrors{}
	if !in.Category.Valid() {
		f.Add("category", "ticket.category_choose")
	}
	desc := checkText(f, "description", in.Description, MaxTicketText, "ticket.description_empty")
	if in.Category.IsAppeal() && in.RestrictionID <= 0 {
		f.Add("restriction", "ticket.restriction_choose")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	t := &Ticket{UserID: userID, Category: in.Category, Subject: ticketSubject(desc), Description: desc, State: TicketOpen}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// One user's tickets queue up, so the daily count holds under
		// concurrent submits.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?, ?)", ticketAdvisoryLockNS, int32(userID)).Error; err != nil {
			return err
		}
		var today int64
		if err := tx.Table("tickets").Where("user_id = ? AND created_at > now() - interval '1 day'", userID).Count(&today).Error; err != nil {
			return err
		}
		if today >= TicketsPerDay {
			return Coded(Throttled, "ticket.throttled", today)
		}
		ids := uniqueIDs(in.ReportIDs)
		if len(ids) > 0 {
			var mine int64
			if err := tx.Table("reports").Where("id IN ? AND reporter_id = ?", ids, userID).Count(&mine).Error; err != nil {
				return err
			}
			if int(mine) != len(ids) {
				return fieldError("reports", "ticket.report_not_yours")
			}
		}
		if in.Category.IsAppeal() {
			a, err := fileAppeal(tx, userID, in.RestrictionID, desc)
			if err != nil {
				return appealFieldError(err)
			}
			t.RestrictionID, t.AppealID = &a.RestrictionID, &a.ID
		}
		if err := tx.Select("UserID", "Category", "Subject", "Description", "State", "RestrictionID", "AppealID").Create(t).Error; err != nil {
			return err
		}
		for _, id := range ids {
			if err := tx.Exec("INSERT INTO ticket_reports (ticket_id, report_id) VALUES (?, ?)", t.ID, id).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// appealFieldError puts fileAppeal's errors beside the ticket form's fields.
func appealFieldError(err error) error {
	e := AsError(err)
	if e == nil {
		return err
	}
	if msg, ok := e.Fields["body"]; ok {
		return FieldErrors{"description": msg}.Err()
	}
	switch e.Code {
	case NotFound, Invalid: // a restriction that is not theirs reads as one not in force
		return FieldErrors{"restriction": e.Msg}.Err()
	case Conflict:
		c := *e
		c.Fields = FieldErrors{"restriction": e.Msg}
		return &c
	}
	return err
}

func uniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// MyTickets returns up to limit of userID's tickets older than before (0:
// the newest), newest first, and the id to page on from (0: no more).
func MyTickets(ctx context.Context, db *gorm.DB, userID, before int64, limit int) ([]Ticket, int64, error) {
	q := db.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var out []Ticket
	if err := q.Find(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r Ticket) int64 { return r.ID })
	return out, next, nil
}

// TicketThread is a ticket as its user sees it: never an internal note,
// never a staff member's name.
type TicketThread struct {
	Ticket      Ticket
	Messages    []TicketMessage // oldest first
	Reports     []MyReport
	Restriction *Restriction // the restriction appealed, for the appeal category
	Appeal      *Appeal
}

// MyTicket returns userID's ticket id with its thread. Errors: NotFound
// (no such ticket of theirs).
func MyTicket(ctx context.Context, db *gorm.DB, userID, id int64) (*TicketThread, error) {
	var th TicketThread
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("id = ? AND user_id = ?", id, userID).Take(&th.Ticket).Error; err != nil {
			return notFound(err, "ticket.not_found")
		}
		if err := tx.Where("ticket_id = ?", id).Order("id").Find(&th.Messages).Error; err != nil {
			return err
		}
		if err := tx.Table("reports r").
			Select("r.id, r.subject_type, r.reasons, r.created_at, r.state, c.state AS case_state").
			Joins("JOIN ticket_reports tr ON tr.report_id = r.id AND tr.ticket_id = ?", id).
			Joins("JOIN cases c ON c.id = r.case_id").
			Where("r.reporter_id = ?", userID).Order("r.id").Scan(&th.Reports).Error; err != nil {
			return err
		}
		if th.Ticket.AppealID == nil || th.Ticket.RestrictionID == nil {
			return nil
		}
		th.Appeal, th.Restriction = &Appeal{}, &Restriction{}
		if err := tx.Where("id = ? AND user_id = ?", *th.Ticket.AppealID, userID).Take(th.Appeal).Error; err != nil {
			return err
		}
		return tx.Where("id = ? AND user_id = ?", *th.Ticket.RestrictionID, userID).Take(th.Restriction).Error
	})
	if err != nil {
		return nil, err
	}
	return &th, nil
}

// ReplyToMyTicket adds userID's message to their ticket id: it becomes
// support's turn again (a ticket with moderation stays there), and a
// resolved ticket is reopened, within ReopenWindow of its resolution.
// Errors: Invalid (field "body"), NotFound, Conflict (resolved longer ago
// than ReopenWindow).
func ReplyToMyTicket(ctx context.Context, db *gorm.DB, userID, id int64, body string) error {
	f := FieldErrors{}
	body = checkText(f, "body", body, MaxTicketText, "ticket.message_empty")
	if err := f.Err(); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := reopenMine(tx, userID, id, true); err != nil {
			return err
		}
		return tx.Create(&TicketMessage{TicketID: id, AuthorID: &userID, Body: body}).Error
	})
}

// ReopenMyTicket reopens userID's resolved ticket id within ReopenWindow of
// its resolution. Errors: NotFound, Conflict (not resolved, or resolved
// longer ago than ReopenWindow).
func ReopenMyTicket(ctx context.Context, db *gorm.DB, userID, id int64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return reopenMine(tx, userID, id, false)
	})
}

// reopenMine makes userID's ticket id support's turn: a resolved ticket
// within the reopen window becomes open again; with reply, a ticket that
// is not resolved takes the reply (waiting on the user becomes open).
func reopenMine(tx *gorm.DB, userID, id int64, reply bool) error {
	var t Ticket
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ? AND user_id = ?", id, userID).Take(&t).Error; err != nil {
		return notFound(err, "ticket.not_found")
	}
	now := time.Now()
	switch {
	case t.State.Resolved() && !t.ReopenableAt(now):
		return Coded(Conflict, "ticket.reopen_too_late")
	case !t.State.Resolved() && !reply:
		return Coded(Conflict, "ticket.still_open")
	case t.State.WithModeration():
		return tx.Model(&t).Update("updated_at", gorm.Expr("now()")).Error
	}
	return tx.Model(&t).Updates(map[string]any{"state": TicketOpen, "resolved_at": nil, "resolved_by": nil,
		"updated_at": gorm.Expr("now()")}).Error
}
