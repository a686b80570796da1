package models

import (
	"context"
	"slices"

	"gorm.io/gorm"
)

// AppealDetail is a pending appeal as the appeals page shows it to a
// moderator: the restriction's case with its decision and notes, the
// case's evidence, and every restriction of the user.
type AppealDetail struct {
	PendingAppeal
	Resolution   *CaseResolution
	InternalNote string
	CaseNote     string     // the decision's note to the user
	Hidden       bool       // severe evidence the viewer has not revealed on the case page
	Evidence     []Evidence // the case's reports' snapshots, each view audited
	Restrictions []HistoryRestriction
}

// AppealsForStaff is a page of pending appeals after appeal id after, for
// staff member actor, each with what the judge needs. The evidence is read
// as ReportEvidence reads it, each view audited ("appeal"); evidence under
// a severe reason stays hidden until actor reveals it on the case page.
// Errors: Forbidden (not a moderator or admin).
func AppealsForStaff(ctx context.Context, db *gorm.DB, actor *User, after int64, limit int) ([]AppealDetail, int64, error) {
	if actor == nil || !actor.Role.CanReadModeration() {
		return nil, 0, Coded(Forbidden, "case.staff_only")
	}
	list, next, err := PendingAppeals(ctx, db, after, limit)
	if err != nil {
		return nil, 0, err
	}
	out := make([]AppealDetail, len(list))
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for i, a := range list {
			d := &out[i]
			d.PendingAppeal = a
			if err := tx.Raw(`SELECT r.*, coalesce(u.name, '') AS created_by_name, x.id AS appeal_id, x.state AS appeal_state, x.body AS appeal_body
				FROM restrictions r LEFT JOIN users u ON u.id = r.created_by LEFT JOIN appeals x ON x.restriction_id = r.id
				WHERE r.user_id = ? ORDER BY r.id DESC LIMIT 50`, a.UserID).Scan(&d.Restrictions).Error; err != nil {
				return err
			}
			if a.CaseID == nil {
				continue
			}
			var c struct {
				Resolution   *CaseResolution
				InternalNote string
				UserNote     string
				Reasons      ReasonList
			}
			if err := tx.Raw("SELECT resolution, internal_note, user_note, reasons FROM cases WHERE id = ?", *a.CaseID).Scan(&c).Error; err != nil {
				return err
			}
			d.Resolution, d.InternalNote, d.CaseNote = c.Resolution, c.InternalNote, c.UserNote
			if slices.ContainsFunc(c.Reasons, ReportReason.Severe) {
				var seen bool
				if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM audit_events WHERE actor_id = ? AND action = ? AND subject_type = 'case' AND subject_id = ?)",
					actor.ID, AuditEvidenceReveal, *a.CaseID).Scan(&seen).Error; err != nil {
					return err
				}
				if d.Hidden = !seen; d.Hidden {
					continue
				}
			}
			var reports []int64
			if err := tx.Raw("SELECT id FROM reports WHERE case_id = ? ORDER BY id LIMIT 5", *a.CaseID).Scan(&reports).Error; err != nil {
				return err
			}
			for _, id := range reports {
				ev, err := reportEvidence(tx, actor, id, "appeal")
				if ErrorCode(err) == NotFound {
					continue
				}
				if err != nil {
					return err
				}
				d.Evidence = append(d.Evidence, *ev)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, next, nil
}
