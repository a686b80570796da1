package models

import (
	"context"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The audit actions of Customer Service.
const (
	AuditTicketClaim    = "ticket.claim"
	AuditTicketAssign   = "ticket.assign"
	AuditTicketTakeOver = "ticket.take_over"
	AuditTicketReply    = "ticket.reply"
	AuditTicketNote     = "ticket.note"
	AuditTicketEscalate = "ticket.escalate"
	AuditCaseEscalate   = "case.escalate"
	AuditTicketResolve  = "ticket.resolve"
	AuditSavedReply     = "saved_reply.save"
	AuditSavedReplyDel  = "saved_reply.delete"
)

// lockTicket reads ticket id FOR UPDATE. Errors: NotFound.
func lockTicket(tx *gorm.DB, id int64) (*Ticket, error) {
	var t Ticket
	if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Take(&t, id).Error; err != nil {
		return nil, notFound(err, "ticket.not_found")
	}
	return &t, nil
}

// errTicketResolved is the answer to working a resolved ticket.
func errTicketResolved() error {
	return Coded(Conflict, "ticket.resolved")
}

// ClaimTicket makes ticket id actor's (support). Claiming one's own ticket
// again changes nothing. Errors: Forbidden, NotFound, Conflict (resolved,
// or claimed by someone else first).
func ClaimTicket(ctx context.Context, db *gorm.DB, actor *User, id int64) error {
	if err := deskWorker(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`UPDATE tickets SET assigned_to = @me, updated_at = now()
			WHERE id = @id AND state <> @resolved AND (assigned_to IS NULL OR assigned_to = @me)`,
			map[string]any{"me": actor.ID, "id": id, "resolved": TicketResolved})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			var t struct {
				State TicketState
				Name  string
			}
			err := tx.Raw(`SELECT t.state, coalesce(u.name, '') AS name FROM tickets t
				LEFT JOIN users u ON u.id = t.assigned_to WHERE t.id = ?`, id).Take(&t).Error
			if err != nil {
				return notFound(err, "ticket.not_found")
			}
			if t.State.Resolved() {
				return errTicketResolved()
			}
			return Coded(Conflict, "ticket.claimed_first", t.Name)
		}
		return audit(tx, actor.ID, AuditTicketClaim, "ticket", id, map[string]any{})
	})
}

// heldByOther refuses actor's work on ticket t when another support agent
// holds it: a claim reserves its replies and its resolution for its holder.
// Errors: Conflict.
func heldByOther(tx *gorm.DB, t *Ticket, actor *User) error {
	if !t.HeldByOther(actor) {
		return nil
	}
	var name string
	if err := tx.Raw("SELECT name FROM users WHERE id = ?", *t.AssignedTo).Scan(&name).Error; err != nil {
		return err
	}
	return Coded(Conflict, "ticket.held_by", name)
}

// TakeOverTicket makes ticket id, which another support agent holds,
// actor's (support): its replies and resolution are theirs from then on,
// and the audit log records from whom it was taken. It returns the user name
// of the agent who held it. Errors: Forbidden, NotFound, Conflict
// (resolved; nobody else holds it, so it is claimed instead).
func TakeOverTicket(ctx context.Context, db *gorm.DB, actor *User, id int64) (from string, err error) {
	if err := deskWorker(actor); err != nil {
		return "", err
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := lockTicket(tx, id)
		if err != nil {
			return err
		}
		if t.State.Resolved() {
			return errTicketResolved()
		}
		if !t.HeldByOther(actor) {
			return Coded(Conflict, "ticket.not_held")
		}
		holder := *t.AssignedTo
		if err := tx.Raw("SELECT name FROM users WHERE id = ?", holder).Scan(&from).Error; err != nil {
			return err
		}
		if err := tx.Model(t).Updates(map[string]any{"assigned_to": actor.ID, "updated_at": gorm.Expr("now()")}).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditTicketTakeOver, "ticket", id, map[string]any{"from": holder})
	})
	return from, err
}

// AssignTicket gives ticket id to the support staff member toID, on behalf
// of actor (support). Errors: Forbidden, NotFound, Invalid (field
// "assignee": not a support account), Conflict (resolved).
func AssignTicket(ctx context.Context, db *gorm.DB, actor *User, id, toID int64) error {
	if err := deskWorker(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := lockTicket(tx, id)
		if err != nil {
			return err
		}
		var to User
		if err := tx.Where("id = ? AND role = ?", toID, RoleSupport).Take(&to).Error; err != nil {
			if e := notFound(err, ""); ErrorCode(e) == NotFound {
				return fieldError("assignee", "ticket.assignee_choose")
			}
			return err
		}
		if t.State.Resolved() {
			return errTicketResolved()
		}
		if err := tx.Model(t).Updates(map[string]any{"assigned_to": to.ID, "updated_at": gorm.Expr("now()")}).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditTicketAssign, "ticket", id, map[string]any{"to": to.ID})
	})
}

// ReplyToTicket sends actor's (support) reply to ticket id's user, who gets
// a notice. The ticket then waits on the user (one with moderation stays
// there); the first reply meets the first-response target; an unclaimed
// ticket becomes actor's. Errors: Forbidden, Invalid (field "reply"),
// NotFound, Conflict (resolved; held by another agent).
func ReplyToTicket(ctx context.Context, db *gorm.DB, actor *User, id int64, body string) error {
	if err := deskWorker(actor); err != nil {
		return err
	}
	f := FieldErrors{}
	body = checkText(f, "reply", body, MaxTicketText, "ticket.reply_empty")
	if err := f.Err(); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := lockTicket(tx, id)
		if err != nil {
			return err
		}
		if t.State.Resolved() {
			return errTicketResolved()
		}
		if err := heldByOther(tx, t, actor); err != nil {
			return err
		}
		state := TicketWaitingOnUser
		if t.State.WithModeration() {
			state = t.State
		}
		if err := tx.Model(t).Updates(map[string]any{"state": state, "updated_at": gorm.Expr("now()"),
			"first_response_at": gorm.Expr("coalesce(first_response_at, now())"),
			"assigned_to":       gorm.Expr("coalesce(assigned_to, ?)", actor.ID)}).Error; err != nil {
			return err
		}
		m := TicketMessage{TicketID: id, AuthorID: &actor.ID, FromStaff: true, Body: body}
		if err := tx.Create(&m).Error; err != nil {
			return err
		}
		if err := notify(tx, &Notice{UserID: t.UserID, Kind: NoticeTicketReply, Title: t.Subject, Body: body, TicketID: &t.ID}); err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditTicketReply, "ticket", id, map[string]any{"message": m.ID})
	})
}

// AddTicketNote adds actor's (support) internal note to ticket id; its user
// never sees it. Errors: Forbidden, Invalid (field "note"), NotFound.
func AddTicketNote(ctx context.Context, db *gorm.DB, actor *User, id int64, body string) error {
	if err := deskWorker(actor); err != nil {
		return err
	}
	f := FieldErrors{}
	body = checkText(f, "note", body, MaxTicketText, "ticket.note_empty")
	if err := f.Err(); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := lockTicket(tx, id); err != nil {
			return err
		}
		n := TicketNote{TicketID: id, AuthorID: &actor.ID, Body: body}
		if err := tx.Create(&n).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditTicketNote, "ticket", id, map[string]any{"note": n.ID})
	})
}

// ResolveTicket resolves ticket id with an outcome its user reads, on
// behalf of actor (support); the user gets a notice and may reopen it
// within ReopenWindow. Errors: Forbidden, Invalid (field "outcome"),
// NotFound, Conflict (resolved already; held by another agent).
func ResolveTicket(ctx context.Context, db *gorm.DB, actor *User, id int64, outcome string) error {
	if err := deskWorker(actor); err != nil {
		return err
	}
	f := FieldErrors{}
	outcome = checkText(f, "outcome", outcome, MaxTicketOutcome, "ticket.outcome_empty")
	if err := f.Err(); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := lockTicket(tx, id)
		if err != nil {
			return err
		}
		if t.State.Resolved() {
			return Coded(Conflict, "ticket.resolved_already")
		}
		if err := heldByOther(tx, t, actor); err != nil {
			return err
		}
		if err := tx.Model(t).Updates(map[string]any{"state": TicketResolved, "outcome": outcome,
			"resolved_at": gorm.Expr("now()"), "resolved_by": actor.ID, "updated_at": gorm.Expr("now()"),
			"assigned_to": gorm.Expr("coalesce(assigned_to, ?)", actor.ID)}).Error; err != nil {
			return err
		}
		if err := notify(tx, &Notice{UserID: t.UserID, Kind: NoticeTicketResolved, Title: t.Subject, Body: outcome, TicketID: &t.ID}); err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditTicketResolve, "ticket", id, map[string]any{"from": t.State})
	})
}
