package models

import (
	"time"

	"gorm.io/gorm"
)

// EvidenceSnapshot is what a report hands to staff: the subject as it was.
// A case automation opened, with no report, has one of its own (CaseID).
type EvidenceSnapshot struct {
	ID          int64
	ReportID    *int64
	CaseID      *int64
	SubjectType SubjectType
	RoomName    string
	Title       string
	Body        string
	AuthorID    *int64
	WrittenAt   *time.Time
	CreatedAt   time.Time
	PictureID   *int64 // the subject's picture as reported, if any
}

// EvidenceMessage is one chat message of a snapshot.
type EvidenceMessage struct {
	SnapshotID int64 `gorm:"primaryKey;autoIncrement:false"`
	MessageID  int64 `gorm:"primaryKey;autoIncrement:false"`
	SenderID   *int64
	Body       string
	SentAt     time.Time
	Reported   bool
	PictureID  *int64 // a neighbour's picture is shown only as a thumbnail
}

// Evidence is one report's snapshot as staff read it, with the names of
// the people in it. It is all staff ever see of a chat.
type Evidence struct {
	Snapshot   EvidenceSnapshot
	AuthorName string         // the subject's author, by user name
	Messages   []EvidenceLine // a message's context, oldest first; empty for posts and comments
	// Pictures is the state of each picture of the evidence for the staff
	// member who reads it: revealed by them, or its bytes deleted.
	Pictures map[int64]PictureState
	// RevealCase is the case whose pictures the reader may reveal from
	// here (0: they may not; support sees them blurred only).
	RevealCase int64
}

// EvidenceLine is one message of a snapshot with its sender's user name.
type EvidenceLine struct {
	EvidenceMessage
	SenderName string
}

// AuditEvidenceView is the audit action written for every view of evidence.
const AuditEvidenceView = "evidence.view"

// reportEvidence returns the evidence snapshot of report reportID for staff
// member actor inside tx and writes the view to the audit log in the same
// transaction (why says from where: "case", "ticket"). Only a snapshot is
// ever read, never a live chat. Errors: Forbidden (not staff), NotFound.
func reportEvidence(tx *gorm.DB, actor *User, reportID int64, why string) (*Evidence, error) {
	ev, err := readEvidence(tx, actor, reportID)
	if err != nil {
		return nil, err
	}
	return ev, audit(tx, actor.ID, AuditEvidenceView, "report", reportID, map[string]any{"via": why, "snapshot": ev.Snapshot.ID})
}

// readEvidence reads report reportID's snapshot for staff member actor
// without writing its view; its callers audit it, or have audited the same
// view already.
func readEvidence(tx *gorm.DB, actor *User, reportID int64) (*Evidence, error) {
	if actor == nil || !actor.Role.IsStaff() {
		return nil, Coded(Forbidden, "evidence.staff_only")
	}
	var ev Evidence
	if err := tx.Where("report_id = ?", reportID).Take(&ev.Snapshot).Error; err != nil {
		return nil, notFound(err, "evidence.not_found")
	}
	if err := ev.read(tx, actor); err != nil {
		return nil, err
	}
	if actor.Role.CanReadModeration() {
		if err := tx.Raw("SELECT case_id FROM reports WHERE id = ?", reportID).Scan(&ev.RevealCase).Error; err != nil {
			return nil, err
		}
	}
	return &ev, nil
}

// read reads the rest of ev for actor once its snapshot is read: the
// names in it, a message's context and the state of its pictures.
func (ev *Evidence) read(tx *gorm.DB, actor *User) error {
	if ev.Snapshot.AuthorID != nil {
		if err := tx.Table("users").Select("name").Where("id = ?", *ev.Snapshot.AuthorID).Scan(&ev.AuthorName).Error; err != nil {
			return err
		}
	}
	if err := tx.Table("evidence_messages e").
		Select("e.*, coalesce(u.name, '') AS sender_name").
		Joins("LEFT JOIN users u ON u.id = e.sender_id").
		Where("e.snapshot_id = ?", ev.Snapshot.ID).Order("e.message_id").
		Scan(&ev.Messages).Error; err != nil {
		return err
	}
	var err error
	ev.Pictures, err = pictureStates(tx, actor, ev.PictureIDs())
	return err
}

// snapshotSubject keeps board post or comment id as it is now as the
// evidence of case caseID, which automation opened without a report (a
// hash-bank match, a rule), inside the caller's transaction. A case that
// has its snapshot already keeps it; one that has reports has theirs.
func snapshotSubject(tx *gorm.DB, caseID int64, t SubjectType, id int64) error {
	if !Hideable(t) {
		return nil // a chat message reaches a case only through a report
	}
	room := "(SELECT room_id FROM board_posts WHERE id = x.post_id)"
	title := "''"
	if t == SubjectPost {
		room, title = "x.room_id", "x.title"
	}
	return tx.Exec(`INSERT INTO evidence_snapshots (case_id, subject_type, room_name, title, body, author_id, written_at, picture_id)
		SELECT ?, ?, coalesce((SELECT name FROM open_chat_rooms WHERE id = `+room+`), ''), `+title+`, x.body, x.author_id, x.created_at, x.picture_id
		FROM `+subjectTable(t)+` x WHERE x.id = ? AND NOT EXISTS (SELECT 1 FROM reports WHERE case_id = ?)
		ON CONFLICT (case_id) DO NOTHING`, caseID, t, id, caseID).Error
}

// caseEvidence reads the snapshot automation kept of case caseID for staff
// member actor and audits the view as a view of the case's evidence (why:
// from where), unless seen (actor's view of it is in the log already); nil
// when the case has none (its evidence is its reports').
func caseEvidence(tx *gorm.DB, actor *User, caseID int64, why string, seen bool) (*Evidence, error) {
	var ev Evidence
	res := tx.Where("case_id = ?", caseID).Limit(1).Find(&ev.Snapshot)
	if res.Error != nil || res.RowsAffected == 0 {
		return nil, res.Error
	}
	if err := ev.read(tx, actor); err != nil {
		return nil, err
	}
	if actor.Role.CanReadModeration() {
		ev.RevealCase = caseID
	}
	if seen {
		return &ev, nil
	}
	return &ev, audit(tx, actor.ID, AuditEvidenceView, "case", caseID, map[string]any{"via": why, "snapshot": ev.Snapshot.ID})
}
