// Package jobs is talksafe's background work, run by River
// (github.com/riverqueue/river) on PostgreSQL: inside `talksafe serve` and
// as `talksafe worker`, any number of instances at once. Periodic jobs are
// inserted by River's elected leader only, each unique within its period,
// and each job is locked by the instance that works it: every job runs once.
// A failed job is retried with River's backoff, and each failure is logged.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/blob"
)

// The kinds of job.
const (
	KindCleanup        = "cleanup"
	KindRetention      = "retention_purge"
	KindRestrictionEnd = "restriction_ends"
	KindStatsRollup    = "stats_rollup"
	KindCaseCounts     = "case_counts"
	KindLegalBlockEnd  = "legal_block_ends"
)

// Kinds are every kind of job, for the jobs page's words.
var Kinds = []string{KindCleanup, KindRetention, KindRestrictionEnd, KindStatsRollup, KindCaseCounts, KindLegalBlockEnd}

// The schedules of the periodic jobs.
const (
	CleanupEvery        = time.Hour
	RetentionEvery      = 24 * time.Hour
	RestrictionEndEvery = 5 * time.Minute
	StatsRollupEvery    = 10 * time.Minute
	CaseCountsEvery     = 5 * time.Minute
	LegalBlockEndEvery  = 5 * time.Minute
)

// CleanupArgs deletes expired sessions and throttle rows.
type CleanupArgs struct{}

// Kind is the job's kind.
func (CleanupArgs) Kind() string { return KindCleanup }

// InsertOpts make the cleanup unique within its hour.
func (CleanupArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: CleanupEvery}}
}

// RetentionArgs runs the retention purge of every class the serving role may
// purge (the audit log's classes are the owner's: `talksafe retention`).
type RetentionArgs struct{}

// Kind is the job's kind.
func (RetentionArgs) Kind() string { return KindRetention }

// InsertOpts make the purge unique within its day: a second one waits for
// the next day rather than running beside the first.
func (RetentionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: river.UniqueOpts{ByPeriod: RetentionEvery}}
}

// RestrictionEndArgs tells users whose restriction ended by itself.
type RestrictionEndArgs struct{}

// Kind is the job's kind.
func (RestrictionEndArgs) Kind() string { return KindRestrictionEnd }

// InsertOpts make it unique within its five minutes.
func (RestrictionEndArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: RestrictionEndEvery}}
}

// RestrictionEndWorker works RestrictionEndArgs.
type RestrictionEndWorker struct {
	river.WorkerDefaults[RestrictionEndArgs]
	DB  *gorm.DB
	Log *slog.Logger
}

// Work sends the notices of the restrictions that have ended.
func (w *RestrictionEndWorker) Work(ctx context.Context, _ *river.Job[RestrictionEndArgs]) error {
	n, err := models.NoticeEndedRestrictions(ctx, w.DB)
	if n > 0 {
		w.Log.Info("restrictions ended", "count", n)
	}
	return err
}

// LegalBlockEndArgs restores the content of temporary blocks (임시조치)
// whose period ended without a decision.
type LegalBlockEndArgs struct{}

// Kind is the job's kind.
func (LegalBlockEndArgs) Kind() string { return KindLegalBlockEnd }

// InsertOpts make it unique within its five minutes.
func (LegalBlockEndArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: LegalBlockEndEvery}}
}

// LegalBlockEndWorker works LegalBlockEndArgs.
type LegalBlockEndWorker struct {
	river.WorkerDefaults[LegalBlockEndArgs]
	DB  *gorm.DB
	Log *slog.Logger
}

// Work restores the content of the blocks that ended and tells both sides.
func (w *LegalBlockEndWorker) Work(ctx context.Context, _ *river.Job[LegalBlockEndArgs]) error {
	n, err := models.RestoreEndedBlocks(ctx, w.DB)
	if n > 0 {
		w.Log.Info("temporary blocks ended", "count", n)
	}
	return err
}

// StatsRollupArgs writes the stats page's figures of the days that ended.
type StatsRollupArgs struct{}

// Kind is the job's kind.
func (StatsRollupArgs) Kind() string { return KindStatsRollup }

// InsertOpts make it unique within its ten minutes.
func (StatsRollupArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: StatsRollupEvery}}
}

// StatsRollupWorker works StatsRollupArgs.
type StatsRollupWorker struct {
	river.WorkerDefaults[StatsRollupArgs]
	DB  *gorm.DB
	Log *slog.Logger
}

// Timeout gives a first run, which writes 29 days per zone and a day of
// hours, ten minutes.
func (w *StatsRollupWorker) Timeout(*river.Job[StatsRollupArgs]) time.Duration {
	return 10 * time.Minute
}

// Work writes the days not written yet.
func (w *StatsRollupWorker) Work(ctx context.Context, _ *river.Job[StatsRollupArgs]) error {
	n, err := models.RollupStats(ctx, w.DB)
	if n > 0 {
		w.Log.Info("stats rolled up", "days", n)
	}
	return err
}

// CaseCountsArgs folds the cases' count deltas into their counts.
type CaseCountsArgs struct{}

// Kind is the job's kind.
func (CaseCountsArgs) Kind() string { return KindCaseCounts }

// InsertOpts make it unique within its five minutes.
func (CaseCountsArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 5, UniqueOpts: river.UniqueOpts{ByPeriod: CaseCountsEvery}}
}

// CaseCountsWorker works CaseCountsArgs.
type CaseCountsWorker struct {
	river.WorkerDefaults[CaseCountsArgs]
	DB *gorm.DB
}

// Work folds the deltas.
func (w *CaseCountsWorker) Work(ctx context.Context, _ *river.Job[CaseCountsArgs]) error {
	_, err := models.CompactCaseCounts(ctx, w.DB)
	return err
}

// CleanupWorker works CleanupArgs.
type CleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	DB  *gorm.DB
	Log *slog.Logger
	// Blobs is the pictures' store: the pictures nothing holds any more
	// leave it (nil: none to clean).
	Blobs blob.Store
}

// Work deletes what has expired, and the pictures nothing holds any more.
func (w *CleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	counts, err := models.PurgeRetention(ctx, w.DB, nil, models.PurgeOptions{Only: models.RetainExpired})
	if err != nil {
		return err
	}
	logCounts(w.Log, "cleanup", counts)
	if w.Blobs != nil {
		n, err := models.PurgePictures(ctx, w.DB, w.Blobs)
		if n > 0 {
			w.Log.Info("cleanup", "pictures", n)
		}
		return err
	}
	return nil
}

// RetentionWorker works RetentionArgs.
type RetentionWorker struct {
	river.WorkerDefaults[RetentionArgs]
	DB      *gorm.DB
	Periods models.RetentionPeriods
	Log     *slog.Logger
}

// Timeout gives the purge an hour: it works in batches, and a first purge
// of years of data may be long.
func (w *RetentionWorker) Timeout(*river.Job[RetentionArgs]) time.Duration { return time.Hour }

// Work purges what is past its retention period.
func (w *RetentionWorker) Work(ctx context.Context, _ *river.Job[RetentionArgs]) error {
	counts, err := models.PurgeRetention(ctx, w.DB, w.Periods, models.PurgeOptions{})
	if err != nil {
		return err
	}
	logCounts(w.Log, "retention purge", counts)
	return nil
}

func logCounts(log *slog.Logger, what string, counts []models.PurgeCount) {
	args := []any{}
	for _, c := range counts {
		if c.Count > 0 {
			args = append(args, string(c.Class)+"."+c.Table, c.Count)
		}
	}
	if len(args) > 0 {
		log.Info(what, args...)
	}
}

// Workers are the workers of every kind.
func Workers(db *gorm.DB, periods models.RetentionPeriods, log *slog.Logger, blobs blob.Store) *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, &CleanupWorker{DB: db, Log: log, Blobs: blobs})
	river.AddWorker(w, &RetentionWorker{DB: db, Periods: periods, Log: log})
	river.AddWorker(w, &RestrictionEndWorker{DB: db, Log: log})
	river.AddWorker(w, &StatsRollupWorker{DB: db, Log: log})
	river.AddWorker(w, &CaseCountsWorker{DB: db})
	river.AddWorker(w, &LegalBlockEndWorker{DB: db, Log: log})
	return w
}

// PeriodicJobs are the schedules: the cleanup every hour, the purge every
// day, the ended restrictions, the ended temporary blocks and the case counts every five minutes, the
// stats' rollups every ten minutes, each also when a leader is elected (so a
// restart does not wait a day).
func PeriodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(CleanupEvery),
			func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindCleanup, RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(RetentionEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RetentionArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindRetention, RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(RestrictionEndEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RestrictionEndArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindRestrictionEnd, RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(StatsRollupEvery),
			func() (river.JobArgs, *river.InsertOpts) { return StatsRollupArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindStatsRollup, RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(CaseCountsEvery),
			func() (river.JobArgs, *river.InsertOpts) { return CaseCountsArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindCaseCounts, RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(LegalBlockEndEvery),
			func() (river.JobArgs, *river.InsertOpts) { return LegalBlockEndArgs{}, nil },
			&river.PeriodicJobOpts{ID: KindLegalBlockEnd, RunOnStart: true}),
	}
}

// errorLogger logs each failure of a job with slog; River then retries it
// with its backoff, until its attempts run out.
type errorLogger struct{ log *slog.Logger }

func (h errorLogger) HandleError(_ context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	h.log.Error("job failed", "job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "max_attempts", job.MaxAttempts, "error", err)
	return nil
}

func (h errorLogger) HandlePanic(_ context.Context, job *rivertype.JobRow, v any, trace string) *river.ErrorHandlerResult {
	h.log.Error("job panicked", "job", job.ID, "kind", job.Kind, "attempt", job.Attempt, "panic", fmt.Sprint(v), "trace", trace)
	return nil
}

// Config builds the River configuration of a runner.
func Config(db *gorm.DB, periods models.RetentionPeriods, log *slog.Logger, blobs blob.Store) *river.Config {
	return &river.Config{
		Queues:       map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:      Workers(db, periods, log, blobs),
		PeriodicJobs: PeriodicJobs(),
		ErrorHandler: errorLogger{log: log},
		Logger:       log.With("component", "river"),
	}
}

// Runner works the jobs until stopped.
type Runner struct {
	Client *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
}

// Start connects to dsn (the serving role's URL) and starts working jobs;
// db is the portal's connection, which the jobs' work uses. done, when not
// nil, hears of each run of a job as it ends: its kind, and whether it
// failed (the metrics count them). blobs is the pictures' store (nil: the
// cleanup leaves pictures alone).
func Start(ctx context.Context, dsn string, db *gorm.DB, periods models.RetentionPeriods, log *slog.Logger,
	blobs blob.Store, done func(kind string, failed bool)) (*Runner, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	client, err := river.NewClient(riverpgxv5.New(pool), Config(db, periods, log, blobs))
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if done != nil {
		events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		go func() {
			defer cancel()
			for ev := range events {
				done(ev.Job.Kind, ev.Kind == river.EventKindJobFailed)
			}
		}()
	}
	if err := client.Start(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("jobs: start: %w", err)
	}
	return &Runner{Client: client, pool: pool}, nil
}

// Stop lets the running jobs finish (until ctx ends) and closes the pool.
func (r *Runner) Stop(ctx context.Context) error {
	err := r.Client.Stop(ctx)
	r.pool.Close()
	return err
}
