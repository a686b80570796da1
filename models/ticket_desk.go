package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// CanWorkTickets reports whether an account of role r works Customer
// Service tickets: replies, claims, notes, resolves, sends to moderation.
func (r Role) CanWorkTickets() bool { return r == RoleSupport }

// CanReadTickets reports whether an account of role r may read the support
// desk: support, and admins.
func (r Role) CanReadTickets() bool { return r == RoleSupport || r == RoleAdmin }

func deskReader(actor *User) error {
	if actor == nil || !actor.Role.CanReadTickets() {
		return Coded(Forbidden, "ticket.desk_only")
	}
	return nil
}

func deskWorker(actor *User) error {
	if actor == nil || !actor.Role.CanWorkTickets() {
		return Coded(Forbidden, "ticket.support_only")
	}
	return nil
}

// DeskRow is one ticket of the queue.
type DeskRow struct {
	Ticket
	UserName     string
	AssigneeName string
	LinkedCount  int
}

// DeskPage is one page of the queue, with the counts per state of the whole
// desk and the cursor of the next page (0: no more).
type DeskPage struct {
	Rows   []DeskRow
	Counts map[TicketState]int64
	Next   int64
}

// DeskQueue returns a page of the support desk's queue for actor (support or
// admin) under filter f, from the ticket id cursor on (0: the first page).
// Errors: Forbidden, Invalid (an unknown filter value).
func DeskQueue(ctx context.Context, db *gorm.DB, actor *User, f DeskFilter, cursor int64, limit int) (*DeskPage, error) {
	if err := deskReader(actor); err != nil {
		return nil, err
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	q := db.WithContext(ctx).Table("tickets t").
		Select(`t.*, u.name AS user_name, coalesce(a.name, '') AS assignee_name,
			(SELECT count(*) FROM ticket_reports tr WHERE tr.ticket_id = t.id) AS linked_count`).
		Joins("JOIN users u ON u.id = t.user_id").
		Joins("LEFT JOIN users a ON a.id = t.assigned_to").Limit(limit + 1)
	if f.State != "" {
		q = q.Where("t.state = ?", f.State)
	} else {
		q = q.Where("t.state <> ?", TicketResolved)
	}
	if f.Category != "" {
		q = q.Where("t.category = ?", f.Category)
	}
	if f.Linked {
		q = q.Where("EXISTS (SELECT 1 FROM ticket_reports tr WHERE tr.ticket_id = t.id)")
	}
	switch f.Assignee {
	case AssignedToMe:
		q = q.Where("t.assigned_to = ?", actor.ID)
	case AssignedNobody:
		q = q.Where("t.assigned_to IS NULL")
	}
	if f.Newest {
		q = q.Order("t.id DESC")
		if cursor > 0 {
			q = q.Where("t.id < ?", cursor)
		}
	} else {
		q = q.Order("t.id")
		if cursor > 0 {
			q = q.Where("t.id > ?", cursor)
		}
	}
	page := &DeskPage{Counts: map[TicketState]int64{}}
	if err := q.Scan(&page.Rows).Error; err != nil {
		return nil, err
	}
	page.Rows, page.Next = nextPage(page.Rows, limit, func(r DeskRow) int64 { return r.ID })
	var counts []struct {
		State TicketState
		N     int64
	}
	if err := db.WithContext(ctx).Table("tickets").Select("state, count(*) AS n").Group("state").Scan(&counts).Error; err != nil {
		return nil, err
	}
	for _, c := range counts {
		page.Counts[c.State] = c.N
	}
	return page, nil
}

// DeskMessage is a thread message with its author's name, for staff.
type DeskMessage struct {
	TicketMessage
	AuthorName string
}

// TicketNote is support's internal note on a ticket, never shown to its user.
type TicketNote struct {
	ID        int64
	TicketID  int64
	AuthorID  *int64
	Body      string
	CreatedAt time.Time
	// AuthorName is read with the note; "" for a note the portal wrote.
	AuthorName string `gorm:"->;-:migration"`
}

// LinkedReport is a report linked to a ticket, as support sees it.
type LinkedReport struct {
	MyReport
	CaseID           int64
	ReportedUserName string
	Resolution       *CaseResolution
}

// RestrictionRecord is one restriction of a ticket's user, with its appeal.
type RestrictionRecord struct {
	Restriction
	AppealState *AppealState
	InForce     bool
}

// DeskTicketView is a ticket as support works it.
type DeskTicketView struct {
	Ticket          Ticket
	UserName        string
	UserDisplayName string
	AssigneeName    string
	Messages        []DeskMessage // oldest first
	Notes           []TicketNote  // oldest first
	Reports         []LinkedReport
	Restrictions    []RestrictionRecord // newest first
	Staff           []User              // support staff a ticket can be assigned to
	SavedReplies    []SavedReply
}

// CanAct reports whether viewer may work this ticket (reply, note, claim,
// send to moderation, resolve); admins only read.
func (v *DeskTicketView) CanAct(viewer *User) bool {
	return viewer != nil && viewer.Role.CanWorkTickets()
}

// CanSendToModeration reports whether the ticket can be handed to
// moderation now: it has a linked report and is support's or the user's turn.
func (v *DeskTicketView) CanSendToModeration() bool {
	s := v.Ticket.State
	return len(v.Reports) > 0 && (s == TicketOpen || s == TicketWaitingOnUser)
}

// DeskTicket returns ticket id as support works it, for actor (support or
// admin). Reading it writes nothing; evidence is read one report at a time
// (TicketEvidence), each view audited. Errors: Forbidden, NotFound.
func DeskTicket(ctx context.Context, db *gorm.DB, actor *User, id int64) (*DeskTicketView, error) {
	if err := deskReader(actor); err != nil {
		return nil, err
	}
	var v DeskTicketView
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Take(&v.Ticket, id).Error; err != nil {
			return notFound(err, "ticket.not_found")
		}
		var u User
		if err := tx.Select("name", "display_name").Take(&u, v.Ticket.UserID).Error; err != nil {
			return err
		}
		v.UserName, v.UserDisplayName = u.Name, u.DisplayName
		if v.Ticket.AssignedTo != nil {
			if err := tx.Table("users").Select("name").Where("id = ?", *v.Ticket.AssignedTo).Scan(&v.AssigneeName).Error; err != nil {
				return err
			}
		}
		steps := []*gorm.DB{
			tx.Table("ticket_messages m").Select("m.*, coalesce(u.name, '') AS author_name").
				Joins("LEFT JOIN users u ON u.id = m.author_id").Where("m.ticket_id = ?", id).Order("m.id").Scan(&v.Messages),
			tx.Table("ticket_notes n").Select("n.*, coalesce(u.name, '') AS author_name").
				Joins("LEFT JOIN users u ON u.id = n.author_id").Where("n.ticket_id = ?", id).Order("n.id").Scan(&v.Notes),
			tx.Table("reports r").
				Select(`r.id, r.subject_type, r.reasons, r.created_at, r.state, c.state AS case_state, c.id AS case_id,
					c.resolution, u.name AS reported_user_name`).
				Joins("JOIN ticket_reports tr ON tr.report_id = r.id AND tr.ticket_id = ?", id).
				Joins("JOIN cases c ON c.id = r.case_id").Joins("JOIN users u ON u.id = r.reported_user_id").
				Order("r.id").Scan(&v.Reports),
			tx.Table("restrictions").
				Select("restrictions.*, a.state AS appeal_state, ("+restrictionInForce("restrictions")+") AS in_force").
				Joins("LEFT JOIN appeals a ON a.restriction_id = restrictions.id").
				Where("restrictions.user_id = ?", v.Ticket.UserID).Order("restrictions.id DESC").Scan(&v.Restrictions),
			tx.Where("role = ?", RoleSupport).Order("name").Find(&v.Staff),
			tx.Order("title").Find(&v.SavedReplies),
		}
		for _, s := range steps {
			if s.Error != nil {
				return s.Error
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// TicketEvidence returns the evidence of report reportID for actor (support
// or admin) when the report is linked to ticket ticketID, and writes the
// view to the audit log (via "ticket"). Support reads no other evidence.
// Errors: Forbidden, NotFound (no such ticket, or the report is not linked
// to it).
func TicketEvidence(ctx context.Context, db *gorm.DB, actor *User, ticketID, reportID int64) (*Evidence, error) {
	if err := deskReader(actor); err != nil {
		return nil, err
	}
	var linked int64
	if err := db.WithContext(ctx).Table("ticket_reports").Where("ticket_id = ? AND report_id = ?", ticketID, reportID).
		Count(&linked).Error; err != nil {
		return nil, err
	}
	if linked == 0 {
		return nil, Coded(NotFound, "ticket.report_not_linked")
	}
	return ReportEvidence(ctx, db, actor, reportID, "ticket")
}
