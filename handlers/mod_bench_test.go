package handlers_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/models/testdb"
)

// scaleSeedVersion goes up when SeedScale writes other data, so that a kept
// database is written again.
const scaleSeedVersion = 3

// scaleDB returns a database holding SeedScale's data of size. The full
// scale takes minutes to write, so it is kept between runs, named by the
// schema and scaleSeedVersion: a new migration writes it again. Benchmarks only read it.
func scaleDB(b *testing.B, size models.ScaleSize) *gorm.DB {
	b.Helper()
	if size.Cases < 100_000 {
		db := testdb.New(b)
		if err := models.SeedScale(context.Background(), db, size, "bench password"); err != nil {
			b.Fatal(err)
		}
		if err := db.Exec("VACUUM ANALYZE").Error; err != nil {
			b.Fatal(err)
		}
		return db
	}
	hash, err := testdb.SchemaHash()
	if err != nil {
		b.Fatal(err)
	}
	name := fmt.Sprintf("talksafe_bench_%s_v%d_%d", hash, scaleSeedVersion, size.Cases)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testdb.ServerURL())
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var ready bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ready); err != nil {
		b.Fatal(err)
	}
	if !ready {
		b.Logf("writing %s once: %+v", name, size)
		building := name + "_build"
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{building}.Sanitize()+" WITH (FORCE)")
		db, err := models.Open(ctx, testdb.URLFor(building))
		if err != nil {
			b.Fatal(err)
		}
		models.HashParams = models.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		if err := models.Migrate(ctx, db); err != nil {
			b.Fatal(err)
		}
		if err := models.SeedScale(ctx, db, size, "bench password"); err != nil {
			b.Fatal(err)
		}
		if err := db.Exec("VACUUM ANALYZE").Error; err != nil {
			b.Fatal(err)
		}
		models.Close(db)
		if _, err := conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{building}.Sanitize()+" RENAME TO "+pgx.Identifier{name}.Sanitize()); err != nil {
			b.Fatal(err)
		}
	}
	db, err := models.Open(ctx, testdb.URLFor(name))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { models.Close(db) })
	return db
}

// BenchmarkModQueue measures the moderation queue through the real router
// at 1,000 cases and at 300,000 (100,000 users, 1,000,000 messages,
// 1,000,000 reports): the first page, a deep page by cursor, a filtered
// view, and the stats page (its whole days read from the rollups the
// stats_rollup job writes). A page should cost about the same at both. The
// two sizes of one page run one after the other, so that the load of a
// shared machine changes as little as possible between the two figures
// compared.
func BenchmarkModQueue(b *testing.B) {
	type scale struct {
		name string
		srv  *httptest.Server
		c    *client
		deep int64
	}
	var scales []scale
	for _, size := range []models.ScaleSize{
		{Users: 10_000, Messages: 20_000, Cases: 1_000, Reports: 3_333},
		models.FullScale,
	} {
		db := scaleDB(b, size)
		// The stats_rollup and case_counts jobs have run, as they do every
		// hour and every five minutes in a running portal.
		if _, err := models.RollupStats(b.Context(), db); err != nil {
			b.Fatal(err)
		}
		if _, err := models.CompactCaseCounts(b.Context(), db); err != nil {
			b.Fatal(err)
		}
		// And autovacuum has cleared the folded deltas (it does after every
		// thousand, see migration 00023).
		if err := db.Exec("VACUUM ANALYZE case_count_deltas, stats_days").Error; err != nil {
			b.Fatal(err)
		}
		srv := httptest.NewServer(handlers.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)),
			handlers.Config{SessionSecret: []byte(testSecret)}))
		b.Cleanup(srv.Close)
		en := &env{t: b, db: db, srv: srv}
		c := en.client()
		if r := c.submit("/login", url.Values{"name": {"scale.mod"}, "password": {"bench password"}}); r.status != http.StatusSeeOther {
			b.Fatalf("log in: %d", r.status)
		}
		var deep, open int64
		db.Raw("SELECT count(*) FROM cases WHERE state <> 'resolved'").Scan(&open)
		db.Raw("SELECT id FROM cases WHERE state <> 'resolved' ORDER BY rank, created_at, id OFFSET ? LIMIT 1", open*6/10).Scan(&deep)
		scales = append(scales, scale{name: fmt.Sprintf("cases=%d", size.Cases), srv: srv, c: c, deep: deep})
	}
	for _, page := range []struct {
		name string
		path func(deep int64) string
	}{
		{"first", func(int64) string { return "/mod" }},
		{"deep", func(deep int64) string { return fmt.Sprintf("/mod?after=%d", deep) }},
		{"filtered", func(int64) string { return "/mod?reason=spam&unclaimed=1" }},
		{"oldest", func(int64) string { return "/mod?sort=oldest&type=message" }},
		{"stats", func(int64) string { return "/mod/stats" }},
	} {
		for _, sc := range scales {
			b.Run(page.name+"/"+sc.name, func(b *testing.B) {
				path := page.path(sc.deep)
				if r := sc.c.get(path); r.status != http.StatusOK || (page.name != "stats" && r.doc.Find(`[data-testid="case"]`).Length() == 0) {
					b.Fatalf("%s: %d, %d cases", path, r.status, r.doc.Find(`[data-testid="case"]`).Length())
				}
				for b.Loop() {
					res, err := sc.c.http.Get(sc.srv.URL + path)
					if err != nil {
						b.Fatal(err)
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			})
		}
	}
}
