package models

import (
	"time"

	"gorm.io/gorm"
)

// CaseTicket is a Customer Service ticket linked to one of a case's
// reports, with support's internal notes: staff text, for moderators.
type CaseTicket struct {
	ID      int64
	Subject string
	State   TicketState
	Notes   []TicketNote `gorm:"-"` // oldest first
}

// caseTickets reads the tickets linked to case caseID's reports, newest
// first, with their notes.
func caseTickets(tx *gorm.DB, caseID int64) ([]CaseTicket, error) {
	var out []CaseTicket
	if err := tx.Raw(`SELECT t.id, t.subject, t.state FROM tickets t WHERE t.id IN
			(SELECT tr.ticket_id FROM ticket_reports tr JOIN reports r ON r.id = tr.report_id WHERE r.case_id = ?)
		ORDER BY t.id DESC LIMIT 20`, caseID).Scan(&out).Error; err != nil {
		return nil, err
	}
	for i := range out {
		if err := tx.Table("ticket_notes n").Select("n.*, coalesce(u.name, '') AS author_name").
			Joins("LEFT JOIN users u ON u.id = n.author_id").Where("n.ticket_id = ?", out[i].ID).Order("n.id").
			Scan(&out[i].Notes).Error; err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ActiveRestrictions are the reported user's restrictions in force at now.
func (d *CaseDetail) ActiveRestrictions(now time.Time) []HistoryRestriction {
	var out []HistoryRestriction
	for _, r := range d.Restrictions {
		if r.InForce(now) {
			out = append(out, r)
		}
	}
	return out
}

// PastRestrictions are the reported user's restrictions no longer in force
// at now.
func (d *CaseDetail) PastRestrictions(now time.Time) []HistoryRestriction {
	var out []HistoryRestriction
	for _, r := range d.Restrictions {
		if !r.InForce(now) {
			out = append(out, r)
		}
	}
	return out
}

// PendingAppeals are the reported user's restrictions under an appeal not
// yet decided.
func (d *CaseDetail) PendingAppeals() []HistoryRestriction {
	var out []HistoryRestriction
	for _, r := range d.Restrictions {
		if r.AppealState != nil && *r.AppealState == AppealPending {
			out = append(out, r)
		}
	}
	return out
}

// DefaultPolicy is the rule the decision form offers first: the case's
// worst reason that is a rule of the Operation Policy ("" for none).
func (d *CaseDetail) DefaultPolicy() string {
	best, sev := "", 0
	for _, r := range d.Reasons {
		if ValidPolicy(string(r)) && r.Severity() > sev {
			best, sev = string(r), r.Severity()
		}
	}
	return best
}

// LoneReport is the id of the case's only report, the default target of a
// false report decision; 0 when the case has several.
func (d *CaseDetail) LoneReport() int64 {
	if len(d.Reports) == 1 {
		return d.Reports[0].ID
	}
	return 0
}
