package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// SendToModeration hands the case of report reportID, linked to ticket id,
// to moderation on behalf of actor (support): the case becomes escalated
// (top of the moderators' queue) with support's note, and the ticket waits
// "with moderation" until the case is decided. A case decided already is
// sent back for another look the same way (DOMAIN "Reversal"): escalated
// again, its decision shown to the moderators and standing until they
// reverse it or decide anew. Support never decides a case. Errors:
// Forbidden, Invalid (fields "report": not linked to the ticket;
// "moderation_note"), NotFound, Conflict (the ticket is resolved or with
// moderation already).
func SendToModeration(ctx context.Context, db *gorm.DB, actor *User, id, reportID int64, note string) error {
	if err := deskWorker(actor); err != nil {
		return err
	}
	f := FieldErrors{}
	note = checkText(f, "moderation_note", note, MaxTicketOutcome, "ticket.moderation_note_empty")
	if err := f.Err(); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := lockTicket(tx, id)
		if err != nil {
			return err
		}
		var caseID int64
		if err := tx.Raw(`SELECT r.case_id FROM reports r JOIN ticket_reports tr ON tr.report_id = r.id
			WHERE tr.ticket_id = ? AND r.id = ?`, id, reportID).Scan(&caseID).Error; err != nil {
			return err
		}
		if caseID == 0 {
			return fieldError("report", "ticket.report_choose")
		}
		switch t.State {
		case TicketResolved:
			return errTicketResolved()
		case TicketWithModeration:
			return Coded(Conflict, "ticket.with_moderation_already")
		}
		// A decided case is sent back for another look: it returns to the
		// queue escalated, its decision standing until a moderator reverses
		// it or decides the case again (which reverses it first).
		var decided bool
		if err := tx.Raw("SELECT state = ? FROM cases WHERE id = ? FOR UPDATE", CaseResolved, caseID).Scan(&decided).Error; err != nil {
			return err
		}
		if err := tx.Exec(`UPDATE cases SET state = @escalated, escalated_at = now(), escalated_by = @me,
				escalation_note = @note, resolution = NULL, resolved_by = NULL, resolved_at = NULL,
				claimed_by = CASE WHEN state = @resolved THEN NULL ELSE claimed_by END,
				claimed_at = CASE WHEN state = @resolved THEN NULL ELSE claimed_at END, updated_at = now()
			WHERE id = @case`,
			map[string]any{"escalated": CaseEscalated, "me": actor.ID, "note": note, "case": caseID, "resolved": CaseResolved}).Error; err != nil {
			return err
		}
		if err := tx.Model(t).Updates(map[string]any{"state": TicketWithModeration, "case_id": caseID,
			"moderation_result": nil, "updated_at": gorm.Expr("now()"),
			"assigned_to": gorm.Expr("coalesce(assigned_to, ?)", actor.ID)}).Error; err != nil {
			return err
		}
		if err := tx.Create(&TicketNote{TicketID: id, AuthorID: &actor.ID, Body: note}).Error; err != nil {
			return err
		}
		if err := audit(tx, actor.ID, AuditCaseEscalate, "case", caseID, map[string]any{"ticket": id, "note": note, "sent_back": decided}); err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditTicketEscalate, "ticket", id, map[string]any{"case": caseID, "report": reportID})
	})
}

// ticketsOnCaseDecided returns the tickets waiting "with moderation" on
// case caseID to support, with the decision res. The moderation decision
// calls it inside its own transaction, once the case is resolved.
func ticketsOnCaseDecided(tx *gorm.DB, caseID int64, res CaseResolution) error {
	if !res.Valid() {
		return fmt.Errorf("unknown case resolution %q", res)
	}
	return tx.Exec(`UPDATE tickets SET state = ?, moderation_result = ?, updated_at = now()
		WHERE case_id = ? AND state = ?`, TicketOpen, res, caseID, TicketWithModeration).Error
}
