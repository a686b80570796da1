package models

import (
	"context"
	"errors"
	"slices"

	"gorm.io/gorm"

	"talksafe/models/blob"
)

// Served is a picture's bytes as one viewer may see them.
type Served struct {
	ContentType string
	Data        []byte
	Blurred     bool // a staff member's unrevealed evidence picture: greyscale and blurred
}

var errNoPicture = Coded(NotFound, "picture.not_found")

// userSeesPicture is the rule "the pictures this user may see", as SQL over
// a picture p and the user @u: a picture of a chat message the user has
// (memberSeesMessage: delivered to them or sent by them, not cleared), or of
// a board post or comment in a room they are a member of, that is neither
// deleted nor removed, nor hidden pending review from all but its author. It is the messages' and posts' own scope, so a
// picture of someone else's chat is not found by the query itself.
const userSeesPicture = `(EXISTS (SELECT 1 FROM chat_messages c
		JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = @u AND m.active
		WHERE c.picture_id = p.id AND c.removed_at IS NULL AND ` + memberSeesMessage + `)
	OR EXISTS (SELECT 1 FROM board_posts bp JOIN open_chat_members om ON om.room_id = bp.room_id AND om.user_id = @u
		WHERE bp.picture_id = p.id AND bp.deleted_at IS NULL AND bp.removed_at IS NULL AND (bp.author_id = @u OR NOT EXISTS (SELECT 1
			FROM hidden_content h WHERE h.subject_type = 'post' AND h.subject_id = bp.id AND h.ended_at IS NULL)))
	OR EXISTS (SELECT 1 FROM board_comments bc JOIN board_posts bp ON bp.id = bc.post_id
		JOIN open_chat_members om ON om.room_id = bp.room_id AND om.user_id = @u
		WHERE bc.picture_id = p.id AND bc.deleted_at IS NULL AND bc.removed_at IS NULL AND bp.deleted_at IS NULL
			AND (bc.author_id = @u OR NOT EXISTS (SELECT 1
			FROM hidden_content h WHERE h.subject_type = 'comment' AND h.subject_id = bc.id AND h.ended_at IS NULL))))`

// staffEvidence is the evidence rows that hold picture @p and that staff
// member @u may read: every snapshot for moderators and admins (those of
// reports, and those automation kept of the cases it opened), the
// snapshots of reports linked to a ticket for support. subject is true
// where the picture is what was reported (shown full size), false where it
// is a neighbouring message's (a thumbnail only).
const staffEvidence = `SELECT r.case_id, true AS subject FROM evidence_snapshots s JOIN reports r ON r.id = s.report_id
		WHERE s.picture_id = @p AND (@all OR EXISTS (SELECT 1 FROM ticket_reports t WHERE t.report_id = r.id))
	UNION ALL
	SELECT r.case_id, e.reported FROM evidence_messages e JOIN evidence_snapshots s ON s.id = e.snapshot_id
		JOIN reports r ON r.id = s.report_id
		WHERE e.picture_id = @p AND (@all OR EXISTS (SELECT 1 FROM ticket_reports t WHERE t.report_id = r.id))
	UNION ALL
	SELECT s.case_id, true FROM evidence_snapshots s WHERE s.case_id IS NOT NULL AND s.picture_id = @p AND @all`

// evidenceRow is one evidence row that holds a picture (staffEvidence).
type evidenceRow struct {
	CaseID  int64
	Subject bool
}

// ShowPicture returns picture id for viewer (its thumbnail when thumb): to a
// user, through the scope of the message or post that carries it
// (userSeesPicture); to staff, only as evidence, greyscale and blurred
// until they have revealed it (RevealPicture), and a neighbouring message's
// picture only as a thumbnail. A picture whose bytes were deleted is
// NotFound. Errors: NotFound.
func ShowPicture(ctx context.Context, db *gorm.DB, store blob.Store, viewer *User, id int64, thumb bool) (*Served, error) {
	if viewer == nil || id <= 0 {
		return nil, errNoPicture
	}
	db = db.WithContext(ctx)
	var pic Picture
	blur := ""
	if !viewer.Role.IsStaff() {
		res := db.Raw(`SELECT p.* FROM pictures p WHERE p.id = @p AND p.bytes_deleted_at IS NULL AND `+userSeesPicture,
			map[string]any{"p": id, "u": viewer.ID}).Scan(&pic)
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected == 0 {
			return nil, errNoPicture
		}
	} else {
		var rows []evidenceRow
		if err := db.Raw(staffEvidence, map[string]any{"p": id, "all": viewer.Role.CanReadModeration()}).Scan(&rows).Error; err != nil {
			return nil, err
		}
		if len(rows) == 0 || (!thumb && !slices.ContainsFunc(rows, func(r evidenceRow) bool { return r.Subject })) {
			return nil, errNoPicture
		}
		res := db.Raw(`SELECT * FROM pictures WHERE id = ? AND bytes_deleted_at IS NULL`, id).Scan(&pic)
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected == 0 {
			return nil, errNoPicture
		}
		revealed, err := pictureRevealedBy(db, viewer, id)
		if err != nil {
			return nil, err
		}
		if !revealed {
			cases := make([]int64, len(rows))
			for i, r := range rows {
				cases[i] = r.CaseID
			}
			if blur, err = blurFor(db, viewer, cases); err != nil {
				return nil, err
			}
		}
	}
	key := pic.BlobKey
	if thumb || blur != "" {
		key = pic.ThumbKey // a blurred rendition needs no more than the thumbnail's pixels
	}
	data, err := store.Get(ctx, key)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, errNoPicture
	}
	if err != nil {
		return nil, err
	}
	if blur == "" {
		return &Served{ContentType: pic.ContentType, Data: data}, nil
	}
	if data, err = blurred(data, blur); err != nil {
		return nil, err
	}
	return &Served{ContentType: "image/jpeg", Data: data, Blurred: true}, nil
}

// blurFor is how strongly viewer sees an evidence picture of cases blurred:
// BlurStrong under a severe reason of any of them, else their own setting.
func blurFor(db *gorm.DB, viewer *User, cases []int64) (string, error) {
	var lists []ReasonList
	if err := db.Raw("SELECT reasons FROM cases WHERE id IN ?", cases).Scan(&lists).Error; err != nil {
		return "", err
	}
	for _, l := range lists {
		if slices.ContainsFunc(l, ReportReason.Severe) {
			return BlurStrong, nil
		}
	}
	if viewer.PictureBlur == BlurLight {
		return BlurLight, nil
	}
	return BlurStrong, nil
}

// pictureRevealedBy reports whether staff member actor revealed picture id.
func pictureRevealedBy(db *gorm.DB, actor *User, id int64) (bool, error) {
	var seen bool
	err := db.Raw("SELECT EXISTS (SELECT 1 FROM audit_events WHERE actor_id = ? AND action = ? AND subject_type = 'picture' AND subject_id = ?)",
		actor.ID, AuditEvidenceReveal, id).Scan(&seen).Error
	return seen, err
}

// RevealPicture records that staff member actor chose to see evidence
// picture pictureID of case caseID unblurred: one picture at a time, written
// to the audit log as an evidence reveal, so it counts in the day's exposure
// (ModStats). Only the reported picture of a case's evidence can be
// revealed, not a neighbouring message's. Errors: Forbidden (not a
// moderator or admin), NotFound.
func RevealPicture(ctx context.Context, db *gorm.DB, actor *User, caseID, pictureID int64) error {
	if actor == nil || !actor.Role.CanReadModeration() {
		return Coded(Forbidden, "case.staff_only")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ok bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM (`+staffEvidence+`) x WHERE x.case_id = @c AND x.subject)`,
			map[string]any{"p": pictureID, "all": true, "c": caseID}).Scan(&ok).Error; err != nil {
			return err
		}
		if !ok {
			return errNoPicture
		}
		return audit(tx, actor.ID, AuditEvidenceReveal, "picture", pictureID, map[string]any{"case": caseID})
	})
}

// PictureState is an evidence picture's state for one staff member.
type PictureState struct {
	Revealed     bool // they revealed it: it is shown unblurred
	BytesDeleted bool // removed under severity 5: only its hashes are left
}

// pictureStates reads the state of each picture in ids for actor.
func pictureStates(tx *gorm.DB, actor *User, ids []int64) (map[int64]PictureState, error) {
	out := map[int64]PictureState{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID           int64
		Revealed     bool
		BytesDeleted bool
	}
	if err := tx.Raw(`SELECT p.id, p.bytes_deleted_at IS NOT NULL AS bytes_deleted,
			EXISTS (SELECT 1 FROM audit_events a WHERE a.actor_id = ? AND a.action = ? AND a.subject_type = 'picture' AND a.subject_id = p.id) AS revealed
		FROM pictures p WHERE p.id IN ?`, actor.ID, AuditEvidenceReveal, ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = PictureState{Revealed: r.Revealed, BytesDeleted: r.BytesDeleted}
	}
	return out, nil
}

// PictureIDs are the pictures of the evidence: the subject's and the
// messages'.
func (ev *Evidence) PictureIDs() []int64 {
	var ids []int64
	if ev.Snapshot.PictureID != nil {
		ids = append(ids, *ev.Snapshot.PictureID)
	}
	for _, m := range ev.Messages {
		if m.PictureID != nil {
			ids = append(ids, *m.PictureID)
		}
	}
	return ids
}
