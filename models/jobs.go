package models

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
)

// ErrJobNotFound says a background job is not (or no longer) there.
var ErrJobNotFound = Coded(NotFound, "jobs.not_found")

// RetryJob has admin actor run background job jobID again now: retry does
// it (River's JobRetryTx) inside the transaction that writes the audit event
// (job.retry), so that a retry is never unaudited. retry returns the job's
// kind, or ErrJobNotFound. Errors: Forbidden, NotFound.
func RetryJob(ctx context.Context, db *gorm.DB, actor *User, jobID int64, retry func(tx *sql.Tx) (string, error)) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		sqlTx, ok := tx.Statement.ConnPool.(*sql.Tx)
		if !ok {
			return errors.New("retry job: not in a database/sql transaction")
		}
		kind, err := retry(sqlTx)
		if err != nil {
			return err
		}
		return audit(tx, actor.ID, "job.retry", "job", jobID, map[string]any{"kind": kind})
	})
}
