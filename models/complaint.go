package models

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Complaints (DSA Art. 20; DOMAIN "Complaints"). An affected user may
// complain about any restrictive decision on their content or account for
// ComplaintMonths after its notice, once per decision: a removal, a warning
// that removed the content, a restriction, or a hide pending review by a
// rule or a hash bank (no decision stands behind it yet). A reporter may
// ask once per report for a second look at a "no violation" outcome. A
// moderator other than the one who decided judges it: granted, the
// decision is reversed (reverse, via "complaint"), the hide ends, or the
// reporter's case goes back to the queue escalated; rejected, it stands.
//
// Complaints and restriction appeals are one thing to the user. A
// restriction in force keeps its appeal (appeal.go): while a decision's
// restriction of the user is in force, the decision is complained about by
// appealing that restriction (lifting it on appeal reverses the whole
// decision, content and strikes included), and a complaint about it is
// refused with a pointer to the appeal; once its restriction was appealed,
// that appeal was the one complaint the decision allows. Pages offer one
// "Appeal this decision" that leads to whichever applies
// (ComplaintTarget.AppealRestriction). The transparency report counts the
// complaints table and the appeals together.

// ComplaintMonths is how long after its notice a decision can be
// complained about.
const ComplaintMonths = 6

// ComplaintOn is what a complaint is about.
type ComplaintOn string

// The subjects of complaints, as the complaint page's path names them.
const (
	ComplainDecision ComplaintOn = "decision" // a decision on the complainant's content or account
	ComplainHide     ComplaintOn = "hide"     // a hide pending review of the complainant's post or comment
	ComplainReport   ComplaintOn = "report"   // the "no violation" outcome of the complainant's report
)

// Valid reports whether o is a known subject.
func (o ComplaintOn) Valid() bool {
	return o == ComplainDecision || o == ComplainHide || o == ComplainReport
}

// ComplaintState is where a complaint stands.
type ComplaintState string

// The complaint states.
const (
	ComplaintPending  ComplaintState = "pending"
	ComplaintGranted  ComplaintState = "granted"  // the complainant is right: reversed, or looked at again
	ComplaintRejected ComplaintState = "rejected" // the decision stands
)

// MaxComplaintLen is the longest complaint text, in characters.
const MaxComplaintLen = 2000

// Complaint is one complaint.
type Complaint struct {
	ID           int64
	DecisionID   *int64
	HideID       *int64
	ReportID     *int64
	CaseID       *int64
	UserID       int64
	ByReporter   bool
	Body         string
	State        ComplaintState
	DecidedBy    *int64
	DecidedAt    *time.Time
	DecisionNote string
	CreatedAt    time.Time
}

// ComplaintTarget is what a complaint would be about, as the complaint page
// shows it to its complainant: never who reported or who decided.
type ComplaintTarget struct {
	On          ComplaintOn
	ID          int64 // the decision, hide or report
	CaseID      *int64
	DecisionID  *int64
	DeciderID   *int64 // nil: automation
	Kind        DecisionKind
	Policy      string
	SubjectType SubjectType
	NoticedAt   time.Time // when the notice told the complainant
	Existing    *Complaint
	// AppealRestriction is the decision's restriction of the complainant in
	// force: it is appealed on the restrictions page instead.
	AppealRestriction *int64
	Appealed          bool // its restriction was appealed: that was the complaint
	Gone              bool // the decision was reversed, the hide ended or the report is no longer "no violation"
}

// Deadline is the last moment a complaint can be filed.
func (t *ComplaintTarget) Deadline() time.Time { return t.NoticedAt.AddDate(0, ComplaintMonths, 0) }

// Open reports whether a complaint can be filed now.
func (t *ComplaintTarget) Open(now time.Time) bool {
	return t.Refusal(now) == nil
}

// Refusal is why no complaint can be filed now, or nil.
func (t *ComplaintTarget) Refusal(now time.Time) error {
	switch {
	case t.Existing != nil && t.On == ComplainReport:
		return Coded(Conflict, "complaint.second_look_once")
	case t.Existing != nil || t.Appealed:
		return Coded(Conflict, "complaint.already")
	case t.Gone:
		return Coded(Conflict, "complaint.gone")
	case t.AppealRestriction != nil:
		return Coded(Conflict, "complaint.appeal_restriction")
	case now.After(t.Deadline()):
		return Coded(Invalid, "complaint.too_late", ComplaintMonths)
	}
	return nil
}

// FindComplaintTarget returns what userID would complain about: decision
// id (on), hide id or report id. Errors: NotFound (nothing of the kind
// touches userID: another person's decision, hide or report), Invalid (an
// unknown subject).
func FindComplaintTarget(ctx context.Context, db *gorm.DB, userID int64, on ComplaintOn, id int64) (*ComplaintTarget, error) {
	return complaintTarget(db.WithContext(ctx), userID, on, id, false)
}

// complaintTarget reads the target inside tx; lock locks the row the
// complaint hangs on (the decision's, the hide's or the report's case), so
// that two complaints at once are settled one after the other.
func complaintTarget(tx *gorm.DB, userID int64, on ComplaintOn, id int64, lock bool) (*ComplaintTarget, error) {
	t := &ComplaintTarget{On: on, ID: id}
	locking := func(q *gorm.DB) *gorm.DB {
		if lock {
			return q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		return q
	}
	switch on {
	case ComplainDecision:
		// The decision touched userID: a case of theirs it decided, finding
		// a violation that restricts (a removal, a restriction, a warning
		// that removed the content). Its notice was written with it.
		var d struct {
			ID           int64
			Kind         DecisionKind
			PolicyReason *string
			Removed      bool
			DecidedBy    *int64
			CreatedAt    time.Time
		}
		if err := locking(tx.Table("decisions")).Where("id = ?", id).Take(&d).Error; err != nil {
			return nil, notFound(err, "complaint.not_found")
		}
		if !(d.Kind == DecideRemove || d.Kind == DecideRestrict || (d.Kind == DecideWarn && d.Removed)) {
			return nil, Coded(NotFound, "complaint.not_found")
		}
		var cases []Case
		if err := tx.Raw("SELECT * FROM cases WHERE decision_id = ? AND reported_user_id = ? ORDER BY id LIMIT 1", id, userID).Scan(&cases).Error; err != nil {
			return nil, err
		}
		if len(cases) == 0 {
			var reversed bool
			if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM reversals WHERE decision_id = ? AND user_id = ?)", id, userID).Scan(&reversed).Error; err != nil {
				return nil, err
			}
			if !reversed {
				return nil, Coded(NotFound, "complaint.not_found")
			}
			t.Gone = true
			var c Case
			if err := tx.Raw("SELECT * FROM cases WHERE id = (SELECT case_ids[1] FROM reversals WHERE decision_id = ? AND user_id = ?)", id, userID).Scan(&c).Error; err != nil {
				return nil, err
			}
			cases = []Case{c}
		}
		c := cases[0]
		t.CaseID, t.DecisionID, t.DeciderID = &c.ID, &d.ID, d.DecidedBy
		t.Kind, t.SubjectType, t.NoticedAt = d.Kind, c.SubjectType, d.CreatedAt
		if d.PolicyReason != nil {
			t.Policy = *d.PolicyReason
		}
		var r struct {
			ID       int64
			InForce  bool
			Appealed bool
		}
		if err := tx.Raw(`SELECT r.id, `+restrictionInForce("r")+` AS in_force,
				EXISTS (SELECT 1 FROM appeals a WHERE a.restriction_id = r.id) AS appealed
			FROM restrictions r WHERE r.decision_id = ? AND r.user_id = ? ORDER BY r.id DESC LIMIT 1`, id, userID).Scan(&r).Error; err != nil {
			return nil, err
		}
		t.Appealed = r.Appealed
		if r.InForce && !r.Appealed {
			t.AppealRestriction = &r.ID
		}
	case ComplainHide:
		// The hide is of userID's own post or comment.
		var h Hide
		if err := locking(tx.Table("hidden_content")).Where("id = ?", id).Take(&h).Error; err != nil {
			return nil, notFound(err, "complaint.not_found")
		}
		var mine bool
		if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM "+subjectTable(h.SubjectType)+" WHERE id = ? AND author_id = ?)", h.SubjectID, userID).
			Scan(&mine).Error; err != nil {
			return nil, err
		}
		if !mine || h.Source == HideByLegalRequest { // a legal request's hide is answered by its own procedure
			return nil, Coded(NotFound, "complaint.not_found")
		}
		t.CaseID, t.SubjectType, t.NoticedAt, t.Gone = h.CaseID, h.SubjectType, h.HiddenAt, !h.InForce()
	case ComplainReport:
		// userID's own report, decided "no violation" by the decision that
		// stands on its case.
		var r struct {
			CaseID       int64
			State        ReportState
			SubjectType  SubjectType
			DecisionID   *int64
			Kind         *DecisionKind
			DecidedBy    *int64
			DecidedAt    *time.Time
			CaseResolved bool
		}
		q := tx.Table("reports r").Select(`r.case_id, r.state, r.subject_type, c.decision_id, d.kind, d.decided_by,
				d.created_at AS decided_at, c.state = 'resolved' AS case_resolved`).
			Joins("JOIN cases c ON c.id = r.case_id").Joins("LEFT JOIN decisions d ON d.id = c.decision_id").
			Where("r.id = ? AND r.reporter_id = ?", id, userID)
		if lock {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: "c"}})
		}
		if err := q.Take(&r).Error; err != nil {
			return nil, notFound(err, "complaint.not_found")
		}
		t.CaseID, t.SubjectType, t.DecisionID, t.DeciderID = &r.CaseID, r.SubjectType, r.DecisionID, r.DecidedBy
		t.Kind = DecideNoViolation
		if r.DecidedAt != nil {
			t.NoticedAt = *r.DecidedAt
		}
		t.Gone = r.State != ReportRejected || r.Kind == nil || *r.Kind != DecideNoViolation || !r.CaseResolved
	default:
		return nil, Coded(NotFound, "complaint.not_found")
	}
	var existing []Complaint
	q := tx.Where("user_id = ?", userID)
	switch on {
	case ComplainDecision:
		q = q.Where("decision_id = ? AND NOT by_reporter", id)
	case ComplainHide:
		q = q.Where("hide_id = ?", id)
	case ComplainReport:
		q = q.Where("report_id = ?", id)
	}
	if err := q.Order("id DESC").Limit(1).Find(&existing).Error; err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		t.Existing = &existing[0]
	}
	return t, nil
}

// FileComplaint records userID's complaint about decision, hide or report
// id (on) with text body. Errors: NotFound (not theirs to complain about),
// Invalid (field "body": empty or too long; more than ComplaintMonths after
// the notice), Conflict (complained about already, or for a report its one
// second look asked; the decision reversed or the hide ended meanwhile; a
// restriction of the decision in force, appealed on the restrictions page
// instead).
func FileComplaint(ctx context.Context, db *gorm.DB, userID int64, on ComplaintOn, id int64, body string) (*Complaint, error) {
	body = strings.TrimSpace(body)
	f := FieldErrors{}
	if body == "" {
		f.Add("body", "complaint.body_empty")
	} else if utf8.RuneCountInString(body) > MaxComplaintLen {
		f.Add("body", "complaint.body_too_long")
	}
	var out *Complaint
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := complaintTarget(tx, userID, on, id, true)
		if err != nil {
			return err
		}
		if err := t.Refusal(time.Now()); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		c := Complaint{CaseID: t.CaseID, UserID: userID, Body: body, State: ComplaintPending}
		switch on {
		case ComplainDecision:
			c.DecisionID = &id
		case ComplainHide:
			c.HideID = &id
		case ComplainReport:
			c.DecisionID, c.ReportID, c.ByReporter = t.DecisionID, &id, true
		}
		err = tx.Omit("ID", "DecidedBy", "DecidedAt", "CreatedAt").Create(&c).Error
		if isUniqueViolation(err) {
			if on == ComplainReport {
				return Coded(Conflict, "complaint.second_look_once")
			}
			return Coded(Conflict, "complaint.already")
		}
		if err != nil {
			return err
		}
		out = &c
		return auditBy(tx, &userID, "complaint.file", "complaint", c.ID, map[string]any{"on": on, "id": id, "case": t.CaseID})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PendingComplaint is a complaint in the appeals queue, as staff see it.
type PendingComplaint struct {
	Complaint
	UserName     string
	Kind         *DecisionKind // the decision's; nil for a hide
	PolicyReason *string
	HideSource   *HideKind
	SubjectType  *SubjectType
	DeciderID    *int64 // who decided: they may not judge the complaint
	DeciderName  string
	DecidedOn    *time.Time
}

// On is what the complaint is about.
func (c PendingComplaint) On() ComplaintOn {
	switch {
	case c.ByReporter:
		return ComplainReport
	case c.HideID != nil:
		return ComplainHide
	}
	return ComplainDecision
}

// JudgeableBy reports whether u may decide the complaint: a moderator
// other than the one who decided.
func (c PendingComplaint) JudgeableBy(u *User) bool {
	return u != nil && u.Role.CanModerate() && !c.decidedBy(u)
}

// OwnDecisionOf reports whether u decided what the complaint is about, and
// so may not judge it.
func (c PendingComplaint) OwnDecisionOf(u *User) bool {
	return u != nil && u.Role.CanModerate() && c.decidedBy(u)
}

func (c PendingComplaint) decidedBy(u *User) bool { return c.DeciderID != nil && *c.DeciderID == u.ID }

// PendingComplaints returns, for staff member actor, up to limit pending
// complaints, oldest first, after complaint id after (0: from the first),
// and the id to page on from. Errors: Forbidden (not a moderator or admin).
func PendingComplaints(ctx context.Context, db *gorm.DB, actor *User, after int64, limit int) ([]PendingComplaint, int64, error) {
	if actor == nil || !actor.Role.CanReadModeration() {
		return nil, 0, Coded(Forbidden, "case.staff_only")
	}
	q := db.WithContext(ctx).Table("complaints x").
		Select(`x.*, u.name AS user_name, d.kind, d.policy_reason, h.source AS hide_source,
			coalesce(h.subject_type, c.subject_type) AS subject_type, d.decided_by AS decider_id,
			coalesce(m.name, '') AS decider_name, coalesce(d.created_at, h.hidden_at) AS decided_on`).
		Joins("JOIN users u ON u.id = x.user_id").
		Joins("LEFT JOIN decisions d ON d.id = x.decision_id").
		Joins("LEFT JOIN hidden_content h ON h.id = x.hide_id").
		Joins("LEFT JOIN cases c ON c.id = x.case_id").
		Joins("LEFT JOIN users m ON m.id = d.decided_by").
		Where("x.state = ?", ComplaintPending).Order("x.id").Limit(limit + 1)
	if after > 0 {
		q = q.Where("x.id > ?", after)
	}
	var out []PendingComplaint
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r PendingComplaint) int64 { return r.ID })
	return out, next, nil
}

// SecondLookNote is the escalation note of a case a reporter's granted
// complaint sends back, for the moderators.
const SecondLookNote = "A reporter asked for a second look at \"no violation\"; granted."

// DecideComplaint grants (grant true) or rejects complaint id on behalf of
// actor, with a note to the complainant, and tells them. Granted: a
// decision is reversed (content back, strikes withdrawn, restrictions
// ended; via "complaint"), a hide ends (the case stays in the queue), or a
// reporter's case goes back to the queue escalated, its decision standing
// until it is decided again. Errors: Forbidden (not a moderator, or the
// moderator who decided), Invalid (field "note": too long), NotFound,
// Conflict (decided already; granting what is gone: reversed, ended).
func DecideComplaint(ctx context.Context, db *gorm.DB, actor *User, id int64, grant bool, note string) error {
	if err := ensureModerator(actor); err != nil {
		return err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxNoteLen {
		return fieldError("note", "decision.note_too_long")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Complaint
		if err := tx.Raw("SELECT * FROM complaints WHERE id = ? FOR UPDATE", id).Take(&c).Error; err != nil {
			return notFound(err, "complaint.not_found")
		}
		if c.State != ComplaintPending {
			return Coded(Conflict, "complaint.decided")
		}
		if c.DecisionID != nil {
			var decider *int64
			if err := tx.Raw("SELECT decided_by FROM decisions WHERE id = ?", *c.DecisionID).Scan(&decider).Error; err != nil {
				return err
			}
			if decider != nil && *decider == actor.ID {
				return Coded(Forbidden, "complaint.own")
			}
		}
		state := ComplaintRejected
		detail := map[string]any{"case": c.CaseID, "by_reporter": c.ByReporter}
		if grant {
			state = ComplaintGranted
			if err := grantComplaint(tx, actor, &c, note); err != nil {
				return err
			}
		}
		detail["state"] = state
		if err := tx.Exec("UPDATE complaints SET state = ?, decided_by = ?, decided_at = now(), decision_note = ? WHERE id = ?",
			state, actor.ID, note, c.ID).Error; err != nil {
			return err
		}
		if err := notify(tx, &Notice{UserID: c.UserID, Kind: NoticeComplaintDecided, Body: note, ComplaintID: &c.ID,
			CaseID: c.CaseID, ReportID: c.ReportID}); err != nil {
			return err
		}
		return audit(tx, actor.ID, "complaint.decide", "complaint", c.ID, detail)
	})
}

// grantComplaint does what granting complaint c does, inside tx.
func grantComplaint(tx *gorm.DB, actor *User, c *Complaint, note string) error {
	switch {
	case c.ByReporter:
		// A second look: the case back in the queue escalated, its decision
		// standing until decided again (as Customer Service sends a case
		// back); the reporter's report is under review again.
		var caseID *int64
		if err := tx.Raw("SELECT id FROM cases WHERE id = ? AND decision_id = ? AND state = ? FOR UPDATE",
			c.CaseID, c.DecisionID, CaseResolved).Scan(&caseID).Error; err != nil {
			return err
		}
		if caseID == nil {
			return Coded(Conflict, "complaint.gone_staff")
		}
		if err := tx.Exec(`UPDATE cases SET state = @escalated, escalated_at = now(), escalated_by = @me,
				escalation_note = @note, resolution = NULL, resolved_by = NULL, resolved_at = NULL,
				claimed_by = NULL, claimed_at = NULL, updated_at = now()
			WHERE id = @case`, map[string]any{"escalated": CaseEscalated, "me": actor.ID,
			"note": strings.TrimSpace(SecondLookNote + " " + note), "case": *caseID}).Error; err != nil {
			return err
		}
		if err := tx.Exec("UPDATE reports SET state = ?, decided_at = NULL WHERE id = ?", ReportUnderReview, c.ReportID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditCaseEscalate, "case", *caseID, map[string]any{"complaint": c.ID, "sent_back": true})
	case c.HideID != nil:
		var h Hide
		if err := tx.Raw("SELECT * FROM hidden_content WHERE id = ? FOR UPDATE", *c.HideID).Take(&h).Error; err != nil {
			return err
		}
		if !h.InForce() {
			return Coded(Conflict, "complaint.gone_staff")
		}
		if _, err := RestoreHidden(tx, h.SubjectType, h.SubjectID, &actor.ID, HideReversed); err != nil {
			return err
		}
		return markRunsReversed(tx, 0, h.SubjectType, h.SubjectID, true)
	}
	_, err := reverse(tx, actor, reversal{decisionID: *c.DecisionID, userID: c.UserID,
		reason: strings.TrimSpace("Granted on complaint. " + note), via: ViaComplaint, quiet: c.UserID})
	if ErrorCode(err) == Conflict {
		return Coded(Conflict, "complaint.gone_staff")
	}
	return err
}

// grantPendingComplaints grants the pending complaints of userID about
// decision decisionID inside tx, when the decision is reversed some other
// way (a moderator, an appeal): the complainant got what they asked.
func grantPendingComplaints(tx *gorm.DB, actorID, decisionID, userID int64) error {
	return tx.Exec(`UPDATE complaints SET state = ?, decided_by = ?, decided_at = now()
		WHERE decision_id = ? AND user_id = ? AND NOT by_reporter AND state = ?`,
		ComplaintGranted, actorID, decisionID, userID, ComplaintPending).Error
}
