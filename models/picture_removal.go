package models

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"talksafe/models/blob"
)

// AuditPictureBytesDeleted is the audit action of deleting a removed
// picture's bytes under a severity-5 reason.
const AuditPictureBytesDeleted = "picture.bytes_delete"

// deleteSeverePicture marks the picture of case c's subject (and of its
// snapshots) as having no bytes, when the decision removes it under a
// severity-5 reason: Korean law forbids keeping such material, so nothing
// serves it from this transaction on, and PurgePictureBytes deletes it from
// the store right after. Its hashes and metadata stay with the case.
func (s *decision) deleteSeverePicture(c *Case) error {
	if ReportReason(s.d.Policy).Severity() < 5 {
		return nil
	}
	var ids []int64
	if err := s.tx.Raw(`UPDATE pictures SET bytes_deleted_at = now(), bytes_deleted_by = ?
		WHERE bytes_deleted_at IS NULL AND id IN (
			SELECT picture_id FROM `+subjectTable(c.SubjectType)+` WHERE id = ?
			UNION SELECT s.picture_id FROM evidence_snapshots s JOIN reports r ON r.id = s.report_id WHERE r.case_id = ?
			UNION SELECT e.picture_id FROM evidence_messages e JOIN evidence_snapshots s ON s.id = e.snapshot_id
				JOIN reports r ON r.id = s.report_id WHERE r.case_id = ? AND e.reported)
		RETURNING id`, s.actor.ID, c.SubjectID, c.ID, c.ID).Scan(&ids).Error; err != nil {
		return err
	}
	for _, id := range ids {
		if err := audit(s.tx, s.actor.ID, AuditPictureBytesDeleted, "picture", id, map[string]any{"case": c.ID, "policy": s.d.Policy}); err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		s.detail["picture_bytes_deleted"] = ids
	}
	return nil
}

// PurgePictureBytes deletes from store the bytes of every picture marked
// deleted whose deletion the store has not confirmed yet, and returns how
// many it deleted. A decision's handler calls it at once; the retention job
// calls it again for any a failure left behind.
func PurgePictureBytes(ctx context.Context, db *gorm.DB, store blob.Store) (int, error) {
	var pics []Picture
	if err := db.WithContext(ctx).Where("bytes_deleted_at IS NOT NULL AND bytes_purged_at IS NULL").
		Order("id").Limit(1000).Find(&pics).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, p := range pics {
		if err := store.Delete(ctx, p.BlobKey); err != nil {
			return n, err
		}
		if err := store.Delete(ctx, p.ThumbKey); err != nil {
			return n, err
		}
		if err := db.WithContext(ctx).Exec("UPDATE pictures SET bytes_purged_at = now() WHERE id = ?", p.ID).Error; err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// unheld is the condition "nothing holds picture p": no message, post,
// comment or evidence carries it.
const unheld = `
	AND NOT EXISTS (SELECT 1 FROM chat_messages WHERE picture_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM board_posts WHERE picture_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM board_comments WHERE picture_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM evidence_snapshots WHERE picture_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM evidence_messages WHERE picture_id = p.id)`

// PurgePictures deletes, from the store and the table, the pictures that
// nothing holds any more: the messages, posts, comments and evidence that
// carried them were deleted (by their own retention, or with their room or
// case), so their pictures go with them (DOMAIN "Retention"). It also
// retries PurgePictureBytes. It returns how many pictures it deleted. The
// cleanup job runs it every hour.
func PurgePictures(ctx context.Context, db *gorm.DB, store blob.Store) (int, error) {
	if _, err := PurgePictureBytes(ctx, db, store); err != nil {
		return 0, err
	}
	n := 0
	for {
		var pics []Picture
		if err := db.WithContext(ctx).Raw(`SELECT p.* FROM pictures p WHERE true` + unheld + ` ORDER BY p.id LIMIT 500`).
			Scan(&pics).Error; err != nil || len(pics) == 0 {
			return n, err
		}
		for _, p := range pics {
			// The row goes in the same transaction as the bytes: deleted only when
			// nothing took it up meanwhile, and kept (to be retried) when the
			// store fails.
			err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				res := tx.Exec(`DELETE FROM pictures p WHERE id = ?`+unheld, p.ID)
				if res.Error != nil || res.RowsAffected == 0 {
					return res.Error
				}
				return errors.Join(store.Delete(ctx, p.BlobKey), store.Delete(ctx, p.ThumbKey))
			})
			if err != nil {
				return n, err
			}
			n++
		}
	}
}
