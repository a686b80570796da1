package models

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"gorm.io/gorm"
)

// severeReasons are the reasons whose evidence is hidden until the
// moderator chooses to see it, for the reviewer's wellbeing.
var severeReasons = []ReportReason{"sexual_exploitation", "self_harm", "threat", "obscene"}

// Severe reports whether evidence under r is hidden until revealed.
func (r ReportReason) Severe() bool { return slices.Contains(severeReasons, r) }

// AuditEvidenceReveal is the audit action of showing hidden evidence.
const AuditEvidenceReveal = "evidence.reveal"

// Accuracy is a reporter's record, shown to staff beside every report.
type Accuracy struct {
	Filed    int64
	Upheld   int64
	Rejected int64
	False    int64
}

// CaseReport is one report of a case as staff see it, with its evidence
// (nil while hidden).
type CaseReport struct {
	Report
	ReporterName string
	// ReporterDesignation: the reporter is a designated organisation of this kind.
	ReporterDesignation *Designation
	Accuracy            Accuracy  `gorm:"embedded;embeddedPrefix:acc_"`
	Evidence            *Evidence `gorm:"-"`
}

// Severe reports whether any of the report's reasons is severe.
func (r CaseReport) Severe() bool { return slices.ContainsFunc(r.Reasons, ReportReason.Severe) }

// HistoryCase is an earlier case of the reported user.
type HistoryCase struct {
	ID           int64
	SubjectType  SubjectType
	State        CaseState
	Resolution   *CaseResolution
	PolicyReason *string
	CreatedAt    time.Time
	ResolvedAt   *time.Time
}

// HistoryRestriction is a restriction of the reported user, with its appeal.
type HistoryRestriction struct {
	Restriction
	CreatedByName string
	AppealID      *int64
	AppealState   *AppealState
	AppealBody    *string
}

// CaseDetail is everything the case page shows staff.
type CaseDetail struct {
	Case
	ReportedName    string
	ReportedDisplay string
	ClaimedName     string
	ResolvedName    string
	Reports         []CaseReport `gorm:"-"`
	// Evidence is the snapshot automation kept when it opened the case
	// without a report (a hash-bank match, a rule); nil otherwise or while
	// hidden.
	Evidence     *Evidence            `gorm:"-"`
	Hidden       bool                 `gorm:"-"` // severe evidence not yet revealed by the viewer
	Cases        []HistoryCase        `gorm:"-"`
	Restrictions []HistoryRestriction `gorm:"-"`
	Tickets      []CaseTicket         `gorm:"-"` // Customer Service tickets linked to the case's reports
	WaveItems    []WaveItem           `gorm:"-"` // the open items of the spam wave it leads, if any
	HashMatches  []CaseHashMatch      `gorm:"-"` // the bank hashes its picture matched when posted (hashmatch_picture.go)
	Pictures     int                  `gorm:"-"` // how many pictures the case holds (its evidence's and its subject's)
	Banks        []HashBank           `gorm:"-"` // the hash banks its pictures' hashes may be added to
	Decision     *CaseDecision        `gorm:"-"` // the decision that stands on it, if any
	Reversals    []CaseReversal       `gorm:"-"` // earlier decisions on it that were reversed, newest first
	Automation   CaseAutomation       `gorm:"-"` // what rules did on it
	Legal        []LegalRequest       `gorm:"-"` // the legal requests on it (legal.go)
	Strikes      int                  `gorm:"-"` // the reported user's strikes in the window now
	// StrikesBefore is the reported user's strikes that a new decision on
	// this case adds to: Strikes, but those of the decision standing on it
	// (deciding again withdraws them first).
	StrikesBefore int `gorm:"-"`

	// ReportedLanguage is the reported user's language, shown beside them.
	ReportedLanguage string
}

// Suggest is the ladder's penalty for a violation of policy found on this
// case now.
func (d *CaseDetail) Suggest(policy string) Penalty {
	return SuggestFor(d.StrikesBefore, policy, d.SubjectType)
}

// CanReverse reports whether u may reverse the decision standing on the
// case: any moderator.
func (d *CaseDetail) CanReverse(u *User) bool {
	return u != nil && u.Role.CanModerate() && d.Decision != nil
}

// Severe reports whether the case holds evidence under a severe reason:
// a report's, or automation's under the reason it opened the case for.
func (d *CaseDetail) Severe() bool {
	return slices.ContainsFunc(d.Reports, CaseReport.Severe) || slices.ContainsFunc(d.Reasons, ReportReason.Severe)
}

// CanDecide reports whether u may decide the case now.
func (d *CaseDetail) CanDecide(u *User) bool {
	return u != nil && u.Role.CanModerate() && d.Open() && !d.ClaimedByOther(u.ID)
}

// CaseForStaff returns case caseID for staff member actor with its reports,
// each reporter's accuracy and the reported user's history. The evidence
// comes only from the reports' snapshots, each view audited in the same
// transaction (reportEvidence's rule); evidence under a severe reason stays
// hidden (not even read) until actor has revealed it. Errors: Forbidden (not
// a moderator or admin), NotFound.
func CaseForStaff(ctx context.Context, db *gorm.DB, actor *User, caseID int64) (*CaseDetail, error) {
	return caseForStaff(ctx, db, actor, caseID, false)
}

// CaseForStaffAgain is CaseForStaff for the same page shown again to actor
// after a refused decision: evidence actor has viewed already on this case
// is shown without a second audit event; any other view is audited as
// always. Errors: as CaseForStaff.
func CaseForStaffAgain(ctx context.Context, db *gorm.DB, actor *User, caseID int64) (*CaseDetail, error) {
	return caseForStaff(ctx, db, actor, caseID, true)
}

func caseForStaff(ctx context.Context, db *gorm.DB, actor *User, caseID int64, again bool) (*CaseDetail, error) {
	if actor == nil || !actor.Role.CanReadModeration() {
		return nil, Coded(Forbidden, "case.staff_only")
	}
	d := &CaseDetail{}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) (err error) {
		if err := tx.Raw(`SELECT c.*, u.name AS reported_name, u.display_name AS reported_display, u.language AS reported_language,
				coalesce(m.name, '') AS claimed_name, coalesce(z.name, '') AS resolved_name
			FROM cases c JOIN users u ON u.id = c.reported_user_id
			LEFT JOIN users m ON m.id = c.claimed_by LEFT JOIN users z ON z.id = c.resolved_by
			WHERE c.id = ?`, caseID).Take(d).Error; err != nil {
			return notFound(err, "case.not_found")
		}
		if err := tx.Raw(`SELECT r.*, u.name AS reporter_name, u.designation AS reporter_designation,
				(SELECT count(*) FROM reports x WHERE x.reporter_id = r.reporter_id) AS acc_filed,
				(SELECT count(*) FROM reports x WHERE x.reporter_id = r.reporter_id AND x.state = 'upheld') AS acc_upheld,
				(SELECT count(*) FROM reports x WHERE x.reporter_id = r.reporter_id AND x.state = 'rejected') AS acc_rejected,
				(SELECT count(*) FROM reports x WHERE x.reporter_id = r.reporter_id AND x.state = 'false') AS acc_false
			FROM reports r JOIN users u ON u.id = r.reporter_id WHERE r.case_id = ? ORDER BY r.id`, caseID).
			Scan(&d.Reports).Error; err != nil {
			return err
		}
		if d.Severe() {
			seen, err := revealedBy(tx, actor, caseID)
			if err != nil {
				return err
			}
			d.Hidden = !seen
		}
		if !d.Hidden {
			for i := range d.Reports {
				read := reportEvidence
				if again {
					var seen bool
					if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM audit_events WHERE actor_id = ? AND action = ? AND subject_type = 'report' AND subject_id = ?)",
						actor.ID, AuditEvidenceView, d.Reports[i].ID).Scan(&seen).Error; err != nil {
						return err
					}
					if seen {
						read = func(tx *gorm.DB, actor *User, id int64, _ string) (*Evidence, error) {
							return readEvidence(tx, actor, id)
						}
					}
				}
				ev, err := read(tx, actor, d.Reports[i].ID, "case")
				if ErrorCode(err) == NotFound {
					continue // generated scale data has no snapshots; real reports always do
				}
				if err != nil {
					return err
				}
				d.Reports[i].Evidence = ev
			}
			seen := false
			if again {
				if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM audit_events WHERE actor_id = ? AND action = ? AND subject_type = 'case' AND subject_id = ?)",
					actor.ID, AuditEvidenceView, caseID).Scan(&seen).Error; err != nil {
					return err
				}
			}
			if d.Evidence, err = caseEvidence(tx, actor, caseID, "case", seen); err != nil {
				return err
			}
		}
		if err := tx.Raw(`SELECT id, subject_type, state, resolution, policy_reason, created_at, resolved_at FROM cases
			WHERE reported_user_id = ? AND id <> ? ORDER BY id DESC LIMIT 50`, d.ReportedUserID, caseID).
			Scan(&d.Cases).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT r.*, coalesce(u.name, '') AS created_by_name, a.id AS appeal_id, a.state AS appeal_state, a.body AS appeal_body
			FROM restrictions r LEFT JOIN users u ON u.id = r.created_by LEFT JOIN appeals a ON a.restriction_id = r.id
			WHERE r.user_id = ? ORDER BY r.id DESC LIMIT 50`, d.ReportedUserID).Scan(&d.Restrictions).Error; err != nil {
			return err
		}
		if d.Tickets, err = caseTickets(tx, caseID); err != nil {
			return err
		}
		if d.Fingerprint != nil && d.WaveID == nil {
			if d.WaveItems, err = waveItems(tx, caseID); err != nil {
				return err
			}
		}
		if d.HashMatches, err = caseHashMatches(tx, caseID); err != nil {
			return err
		}
		if err := caseAutomation(tx, d); err != nil {
			return err
		}
		if d.Legal, err = legalRequestsOfCase(tx, caseID); err != nil {
			return err
		}
		if err := caseBanks(tx, d); err != nil {
			return err
		}
		return caseDecisions(tx, d)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// RevealEvidence records that actor chose to see the hidden evidence of case
// caseID; the case page then shows it to them. Errors: Forbidden, NotFound.
func RevealEvidence(ctx context.Context, db *gorm.DB, actor *User, caseID int64) error {
	if actor == nil || !actor.Role.CanReadModeration() {
		return Coded(Forbidden, "case.staff_only")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return revealCase(tx, actor, caseID) })
}

// revealedBy reports whether actor has revealed the severe evidence of case
// caseID, from the case page or from a ticket's desk: one reveal for both.
func revealedBy(tx *gorm.DB, actor *User, caseID int64) (bool, error) {
	var seen bool
	err := tx.Raw("SELECT EXISTS (SELECT 1 FROM audit_events WHERE actor_id = ? AND action = ? AND subject_type = 'case' AND subject_id = ?)",
		actor.ID, AuditEvidenceReveal, caseID).Scan(&seen).Error
	return seen, err
}

// revealCase writes actor's reveal of case caseID's severe evidence to the
// audit log, where the day's exposure is counted (ModStats). Errors:
// NotFound.
func revealCase(tx *gorm.DB, actor *User, caseID int64) error {
	var reasons ReasonList
	res := tx.Raw(`SELECT reasons FROM cases WHERE id = ?`, caseID).Scan(&reasons)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return Coded(NotFound, "case.not_found")
	}
	var severe []ReportReason
	for _, r := range reasons {
		if r.Severe() {
			severe = append(severe, r)
		}
	}
	return audit(tx, actor.ID, AuditEvidenceReveal, "case", caseID, map[string]any{"reasons": severe})
}

// caseDecisions reads the case's standing decision, its reversed ones and
// the reported user's strikes.
func caseDecisions(tx *gorm.DB, d *CaseDetail) error {
	var err error
	if d.Strikes, err = activeStrikes(tx, d.ReportedUserID, 0); err != nil {
		return err
	}
	d.StrikesBefore = d.Strikes
	if d.DecisionID != nil {
		var rows []struct {
			CaseDecision
			SuggestionJSON *string
		}
		if err := tx.Raw(`SELECT x.*, coalesce(u.name, '') AS decider_name, x.suggestion::text AS suggestion_json,
				coalesce(rv.name, '') AS rule_name, coalesce(rv.version, 0) AS rule_version,
				EXISTS (SELECT 1 FROM restrictions r WHERE r.decision_id = x.id AND r.user_id = ?) AS restricted
			FROM decisions x LEFT JOIN users u ON u.id = x.decided_by LEFT JOIN rule_versions rv ON rv.id = x.rule_version_id WHERE x.id = ?`, d.ReportedUserID, *d.DecisionID).
			Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 1 {
			dec := rows[0].CaseDecision
			if rows[0].SuggestionJSON != nil {
				var all map[string]Penalty
				if json.Unmarshal([]byte(*rows[0].SuggestionJSON), &all) == nil {
					if p, ok := all[itoa(d.ReportedUserID)]; ok {
						dec.Suggestion = &p
					}
				}
			}
			if err := tx.Raw("SELECT id FROM cases WHERE decision_id = ? AND reported_user_id = ? ORDER BY id",
				dec.ID, d.ReportedUserID).Scan(&dec.Cases).Error; err != nil {
				return err
			}
			d.Decision = &dec
			if d.StrikesBefore, err = activeStrikes(tx, d.ReportedUserID, dec.ID); err != nil {
				return err
			}
		}
	}
	return tx.Raw(`SELECT x.kind, x.policy_reason, coalesce(u.name, '') AS decider_name, x.created_at AS decided_at,
			coalesce(m.name, '') AS reverser_name, v.reason, v.via, v.created_at
		FROM reversals v JOIN decisions x ON x.id = v.decision_id
		LEFT JOIN users u ON u.id = x.decided_by LEFT JOIN users m ON m.id = v.reversed_by
		WHERE v.case_ids @> ARRAY[?]::bigint[] ORDER BY v.id DESC LIMIT 20`, d.ID).Scan(&d.Reversals).Error
}
