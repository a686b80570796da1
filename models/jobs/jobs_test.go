package jobs_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertest"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/jobs"
	"talksafe/models/testdb"
)

// servingPool is a pgx pool on serving's database as the serving role, as
// jobs.Start makes one.
func servingPool(t *testing.T, owner *gorm.DB) (*pgxpool.Pool, string) {
	t.Helper()
	var name string
	if err := owner.Raw("SELECT current_database()").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	url := testdb.ServingURLFor(name)
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool, url
}

func count(t *testing.T, db *gorm.DB, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestRiverSchemaIsRivers: migration 00014 leaves River's own migrator with
// nothing to do, so the tables are exactly those of the pinned version.
func TestRiverSchemaIsRivers(t *testing.T) {
	t.Parallel()
	owner := testdb.New(t)
	pool, _ := servingPool(t, owner)
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Validate(context.Background(), nil)
	if err != nil || !res.OK {
		t.Fatalf("River's migrations are not all applied: %+v, %v", res, err)
	}
}

// TestCleanupWorker works one cleanup job with River's test helper.
func TestCleanupWorker(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	ctx := context.Background()
	pool, _ := servingPool(t, owner)
	if err := owner.Exec("INSERT INTO sessions (id_hash, data, expires_at) VALUES ('\\x01', '', now() - interval '1 minute'), ('\\x02', '', now() + interval '1 hour')").Error; err != nil {
		t.Fatal(err)
	}
	driver := riverpgxv5.New(pool)
	log := slog.New(slog.NewTextHandler(&logBuffer{}, nil))
	w := rivertest.NewWorker(t, driver, jobs.Config(serving, nil, log, nil), &jobs.CleanupWorker{DB: serving, Log: log})
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	res, err := w.Work(ctx, t, tx, jobs.CleanupArgs{}, nil)
	if err != nil || res.Job.State != rivertype.JobStateCompleted {
		t.Fatalf("cleanup: %+v, %v", res, err)
	}
	if n := count(t, owner, "SELECT count(*) FROM sessions"); n != 1 {
		t.Errorf("%d sessions after the cleanup, want the live one", n)
	}
}

// TestPeriodicJobsRunOnceAcrossInstances starts two runners on one
// database, as two instances of the portal: the leader inserts each
// periodic job once, each runs once, and inserting it again within its
// period is a duplicate.
func TestPeriodicJobsRunOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, url := servingPool(t, owner)
	if err := owner.Exec("INSERT INTO sessions (id_hash, data, expires_at) VALUES ('\\x01', '', now() - interval '1 minute')").Error; err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	var runners []*jobs.Runner
	for range 2 {
		r, err := jobs.Start(ctx, url, serving, models.DefaultRetentionPeriods(), log, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		runners = append(runners, r)
	}
	defer func() {
		stopCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		for _, r := range runners {
			_ = r.Stop(stopCtx)
		}
	}()
	for deadline := time.Now().Add(60 * time.Second); ; {
		n := count(t, owner, "SELECT count(*) FROM river_job WHERE state = 'completed' AND kind IN ?", jobs.Kinds)
		if n >= int64(len(jobs.Kinds)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the periodic jobs did not complete: %d done\n%s", n, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, kind := range jobs.Kinds {
		if n := count(t, owner, "SELECT count(*) FROM river_job WHERE kind = ?", kind); n != 1 {
			t.Errorf("%d %s jobs, want 1", n, kind)
		}
	}
	if n := count(t, owner, "SELECT count(*) FROM sessions"); n != 0 {
		t.Errorf("the expired session is still there")
	}
	res, err := runners[1].Client.Insert(ctx, jobs.CleanupArgs{}, nil)
	if err != nil || !res.UniqueSkippedAsDuplicate {
		t.Errorf("a second cleanup within the hour: %+v, %v; want a duplicate", res, err)
	}
}

// TestFailedJobRetriesAndLogs: a failing job is logged with slog, kept with
// its error and scheduled again later (River's backoff).
func TestFailedJobRetriesAndLogs(t *testing.T) {
	t.Parallel()
	owner, _ := testdb.NewServing(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pool, _ := servingPool(t, owner)
	var name string
	if err := owner.Raw("SELECT current_database()").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	broken, err := models.Open(ctx, testdb.ServingURLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	models.Close(broken) // every query now fails
	logs := &logBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	client, err := river.NewClient(riverpgxv5.New(pool), jobs.Config(broken, nil, log, nil))
	if err != nil {
		t.Fatal(err)
	}
	// No periodic jobs here: only the one inserted below.
	client.PeriodicJobs().Clear()
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
		defer stop()
		_ = client.Stop(stopCtx)
	}()
	res, err := client.Insert(ctx, jobs.RetentionArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var job *rivertype.JobRow
	for deadline := time.Now().Add(30 * time.Second); ; {
		job, err = client.JobGet(ctx, res.Job.ID)
		if err == nil && job.State == rivertype.JobStateRetryable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job did not fail: %+v, %v", job, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(job.Errors) < 1 || !strings.Contains(job.Errors[len(job.Errors)-1].Error, "database is closed") {
		t.Errorf("job errors: %+v", job.Errors)
	}
	if !job.ScheduledAt.After(*job.AttemptedAt) {
		t.Errorf("the retry is not later than the attempt: %v, %v", job.ScheduledAt, job.AttemptedAt)
	}
	if !strings.Contains(logs.String(), "job failed") || !strings.Contains(logs.String(), "kind=retention_purge") {
		t.Errorf("the failure is not logged:\n%s", logs.String())
	}
}
