package models

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
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
// admin) under filter f, after the ticket id cursor (0: the first page).
// Unless f asks for the newest first, urgent tickets come first: overdue
// for their first response, then "a threat to my safety", then the oldest.
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
		now := time.Now()
		key := func(t string) string {
			return "NOT (" + t + ".first_response_at IS NULL AND " + t + ".state <> 'resolved' AND " + t + ".created_at < @due), " +
				t + ".category <> 'safety_threat', " + t + ".created_at, " + t + ".id"
		}
		args := map[string]any{"due": now.Add(-FirstResponseTarget), "cursor": cursor}
		q = q.Order(clause.OrderBy{Expression: clause.NamedExpr{SQL: key("t"), Vars: []any{args}}})
		if cursor > 0 {
			q = q.Where("("+key("t")+") > (SELECT "+key("c")+" FROM tickets c WHERE c.id = @cursor)", args)
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
	UserLanguage    string // the ticket's user's language: saved replies in it come first
	AssigneeName    string
	Messages        []DeskMessage // oldest first
	Notes           []TicketNote  // oldest first
	Reports         []LinkedReport
	Restrictions    []RestrictionRecord // newest first
	Staff           []User              // support staff a ticket can be assigned to
	SavedReplies    []SavedReply        // the user's language first
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
		if err := tx.Select("name", "display_name", "language").Take(&u, v.Ticket.UserID).Error; err != nil {
			return err
		}
		v.UserName, v.UserDisplayName, v.UserLanguage = u.Name, u.DisplayName, u.Language
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
			tx.Order("language, title").Find(&v.SavedReplies),
		}
		for _, s := range steps {
			if s.Error != nil {
				return s.Error
			}
		}
		v.SavedReplies = SavedRepliesFor(v.SavedReplies, v.UserLanguage)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// DeskEvidence is a linked report's evidence as support reads it from a
// ticket: hidden (not even read) while the report has a severe reason and
// the reader has not revealed its case, as on the moderators' case page.
type DeskEvidence struct {
	Evidence *Evidence // nil while hidden
	Reasons  ReasonList
	CaseID   int64
	Hidden   bool
}

// TicketEvidence returns the evidence of report reportID for actor (support
// or admin) when the report is linked to ticket ticketID, and writes the
// view to the audit log (via "ticket"). Evidence under a severe reason stays
// hidden until actor reveals it (RevealTicketEvidence). Support reads no
// other evidence. Errors: Forbidden, NotFound (no such ticket, or the report
// is not linked to it).
func TicketEvidence(ctx context.Context, db *gorm.DB, actor *User, ticketID, reportID int64) (*DeskEvidence, error) {
	if err := deskReader(actor); err != nil {
		return nil, err
	}
	var out DeskEvidence
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r Report
		if err := linkedReport(tx, ticketID, reportID, &r); err != nil {
			return err
		}
		out.Reasons, out.CaseID = r.Reasons, r.CaseID
		if slices.ContainsFunc(r.Reasons, ReportReason.Severe) {
			seen, err := revealedBy(tx, actor, r.CaseID)
			if err != nil {
				return err
			}
			if out.Hidden = !seen; out.Hidden {
				return nil
			}
		}
		var err error
		out.Evidence, err = reportEvidence(tx, actor, reportID, "ticket")
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RevealTicketEvidence records that actor (support or admin) chose to see
// the severe evidence of report reportID, linked to ticket ticketID: the
// reveal of its case, audited and counted in the day's exposure as a
// moderator's. Errors: Forbidden, NotFound.
func RevealTicketEvidence(ctx context.Context, db *gorm.DB, actor *User, ticketID, reportID int64) error {
	if err := deskReader(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r Report
		if err := linkedReport(tx, ticketID, reportID, &r); err != nil {
			return err
		}
		return revealCase(tx, actor, r.CaseID)
	})
}

// linkedReport reads report reportID into r when it is linked to ticket
// ticketID. Errors: NotFound.
func linkedReport(tx *gorm.DB, ticketID, reportID int64, r *Report) error {
	err := tx.Raw(`SELECT r.* FROM reports r JOIN ticket_reports tr ON tr.report_id = r.id
		WHERE tr.ticket_id = ? AND r.id = ?`, ticketID, reportID).Take(r).Error
	return notFound(err, "ticket.report_not_linked")
}
