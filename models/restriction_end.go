package models

import (
	"context"

	"gorm.io/gorm"
)

// EndedRestrictionBatch is how many ended restrictions one transaction of
// NoticeEndedRestrictions tells at most.
const EndedRestrictionBatch = 500

// NoticeEndedRestrictions tells each user whose restriction has ended by
// itself (its end passed; not lifted, not replaced) that it has: a
// restriction_ended notice, unless another restriction still takes the same
// scope away (then "you can use it again" would not be true, and the one
// still in force has its own notice). A pending appeal of the ended
// restriction is closed: there is nothing left to decide. Each restriction
// is told once, however many workers run it at once (SKIP LOCKED, and
// end_noticed_at marks it). It returns how many restrictions it marked.
func NoticeEndedRestrictions(ctx context.Context, db *gorm.DB) (int64, error) {
	return inBatches(ctx, db, EndedRestrictionBatch, func(tx *gorm.DB) (int64, error) {
		var ended []Restriction
		if err := tx.Raw(`SELECT * FROM restrictions
				WHERE end_noticed_at IS NULL AND ends_at IS NOT NULL AND ends_at <= now() AND lifted_at IS NULL
				ORDER BY ends_at, id LIMIT ? FOR UPDATE SKIP LOCKED`, EndedRestrictionBatch).Scan(&ended).Error; err != nil {
			return 0, err
		}
		for _, r := range ended {
			var stillRestricted bool
			if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM restrictions WHERE user_id = ? AND id <> ?
					AND (scope = ? OR scope = ?) AND `+restrictionInForce("restrictions")+`)`,
				r.UserID, r.ID, r.Scope, ScopeService).Scan(&stillRestricted).Error; err != nil {
				return 0, err
			}
			if err := tx.Exec("UPDATE appeals SET state = ?, decided_at = now() WHERE restriction_id = ? AND state = ?",
				AppealClosed, r.ID, AppealPending).Error; err != nil {
				return 0, err
			}
			if !stillRestricted {
				if err := notify(tx, &Notice{UserID: r.UserID, Kind: NoticeRestrictionEnded, RestrictionID: &r.ID, CaseID: r.CaseID}); err != nil {
					return 0, err
				}
			}
			if err := tx.Exec("UPDATE restrictions SET end_noticed_at = now() WHERE id = ?", r.ID).Error; err != nil {
				return 0, err
			}
		}
		return int64(len(ended)), nil
	})
}

// inBatches runs batch, each time in a transaction of its own, until it
// handles fewer than size rows, and returns how many it handled in all.
func inBatches(ctx context.Context, db *gorm.DB, size int, batch func(tx *gorm.DB) (int64, error)) (int64, error) {
	var total int64
	for {
		var n int64
		err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) (err error) {
			n, err = batch(tx)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < int64(size) {
			return total, nil
		}
	}
}
