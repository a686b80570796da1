package views

import (
	"context"
	"strconv"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// Paths of the operations pages (admins): the retention schedule with the
// legal holds, and the background jobs.
const (
	AdminRetentionPath = "/admin/retention"
	AdminHoldsPath     = "/admin/holds"
	AdminJobsPath      = "/admin/jobs"
)

// HoldReleasePath releases legal hold holdID.
func HoldReleasePath(holdID int64) string { return AdminHoldsPath + "/" + id(holdID) + "/release" }

// JobRetryPath retries background job jobID.
func JobRetryPath(jobID int64) string { return AdminJobsPath + "/" + id(jobID) + "/retry" }

// JobRow is one background job as the jobs page shows it.
type JobRow struct {
	ID                   int64
	Kind, State          string
	Attempt, MaxAttempts int
	CreatedAt            time.Time
	AttemptedAt          *time.Time
	FinalizedAt          *time.Time
	ScheduledAt          time.Time
	// LastError is the error of its last failed attempt ("" if none).
	LastError string
	// Retryable: it failed, or waits for its next attempt, and may be run
	// again now.
	Retryable bool
}

// retentionPeriod is a class's period as the schedule shows it.
func retentionPeriod(ctx context.Context, r models.RetentionRule, p models.RetentionPeriods) string {
	switch {
	case r.Class == models.RetainExpired:
		return components.T(ctx, "admin.retention.when_expired")
	case r.Class == models.RetainPictures || r.Class == models.RetainSeverePicture:
		return components.T(ctx, "admin.retention.period."+string(r.Class))
	}
	return components.T(ctx, "admin.retention.days", map[string]any{"Days": strconv.Itoa(r.Days(p))})
}

// holdSubjectOptions are the subjects a hold may cover, for the form.
func holdSubjectOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, 0, len(models.HoldSubjects))
	for _, s := range models.HoldSubjects {
		out = append(out, components.Option{Value: string(s), Label: components.T(ctx, "admin.hold.subject."+string(s))})
	}
	return out
}

// jobKind is a job kind's name in the page's language.
func jobKind(ctx context.Context, kind string) string {
	if kind == "cleanup" || kind == "retention_purge" || kind == "restriction_ends" || kind == "stats_rollup" || kind == "case_counts" {
		return components.T(ctx, "admin.jobs.kind."+kind)
	}
	return kind
}
