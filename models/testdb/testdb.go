// Package testdb gives tests their own PostgreSQL databases, cloned from a
// template that is migrated once per schema version, so tests can run in
// parallel and commit. The server is TEST_DATABASE_URL, by default the local
// one on 127.0.0.1:5432.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"talksafe/migrations"
	"talksafe/models"
)

// Tests hash passwords cheaply. Set before any test runs, so that tests in
// parallel never race on it.
func init() {
	models.HashParams = models.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
}

// ServerURL is the test server's URL with no database chosen.
func ServerURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// URLFor returns ServerURL pointed at database name.
func URLFor(name string) string {
	u, err := url.Parse(ServerURL())
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

var (
	once     sync.Once
	template string
	onceErr  error
	// inUse holds, for the life of the test process, a shared advisory lock
	// on the template it clones: another process (another branch's tests on
	// the same server, with other migrations) drops only templates no one
	// holds.
	inUse   *pgx.Conn
	inUseMu sync.Mutex
)

// holdTemplate marks template name in use by this process until it ends.
func holdTemplate(ctx context.Context, name string) error {
	inUseMu.Lock()
	defer inUseMu.Unlock()
	if inUse != nil {
		return nil
	}
	hold, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		return err
	}
	if _, err := hold.Exec(ctx, fmt.Sprintf(templateLock, "pg_advisory_lock_shared"), name); err != nil {
		hold.Close(ctx)
		return err
	}
	inUse = hold
	return nil
}

// New returns a connection to a new database holding the migrated schema and
// no rows; it is dropped when the test ends. The connection is the test
// server's user (the schema's owner): tests set up their data with it.
func New(t testing.TB) *gorm.DB {
	t.Helper()
	owner, _ := newDB(t, false)
	return owner
}

// NewServing is New plus a second connection to the same database as the
// serving role (models.DefaultServingRole), which reads and writes rows and
// nothing more: the server under test uses that one.
func NewServing(t testing.TB) (owner, serving *gorm.DB) {
	t.Helper()
	return newDB(t, true)
}

func newDB(t testing.TB, withServing bool) (owner, serving *gorm.DB) {
	t.Helper()
	once.Do(func() {
		template, onceErr = ensureTemplate(context.Background())
	})
	if onceErr != nil {
		t.Fatalf("test database template: %v", onceErr)
	}
	name := create(t, func() (string, error) { return template, nil })
	owner, err := models.Open(context.Background(), URLFor(name))
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() { models.Close(owner) })
	if !withServing {
		return owner, nil
	}
	// A template built by older code has no grants; they are quick and
	// idempotent.
	if err := models.GrantServing(context.Background(), owner, models.DefaultServingRole); err != nil {
		t.Fatalf("grant the serving role on %s: %v", name, err)
	}
	serving, err = models.Open(context.Background(), ServingURLFor(name))
	if err != nil {
		t.Fatalf("open %s as %s: %v", name, models.DefaultServingRole, err)
	}
	t.Cleanup(func() { models.Close(serving) })
	return owner, serving
}

// ServingURLFor returns URLFor(name) with the serving role as its user, and
// TEST_SERVING_PASSWORD as its password when that is set.
func ServingURLFor(name string) string {
	u, err := url.Parse(URLFor(name))
	if err != nil {
		panic(err)
	}
	if pw, ok := os.LookupEnv("TEST_SERVING_PASSWORD"); ok {
		u.User = url.UserPassword(models.DefaultServingRole, pw)
	} else {
		u.User = url.User(models.DefaultServingRole)
	}
	return u.String()
}

// Create makes a new database, empty or cloned from template, and drops it
// when the test ends. It returns the database's name.
func Create(t testing.TB, template string) string {
	t.Helper()
	return create(t, func() (string, error) { return template, nil })
}

// create makes a new database cloned from the template tpl names, and drops
// it when the test ends. A template dropped meanwhile (by a test process of
// older code on the same server) is built again, once.
func create(t testing.TB, tpl func() (string, error)) string {
	t.Helper()
	ctx := context.Background()
	name := "talksafe_test_" + randomHex(6)
	conn := admin(t)
	for attempt := 0; ; attempt++ {
		template, err := tpl()
		if err != nil {
			t.Fatalf("test database template: %v", err)
		}
		stmt := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
		if template != "" {
			stmt += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
		}
		_, err = conn.Exec(ctx, stmt)
		var pgErr *pgconn.PgError
		if err != nil && attempt == 0 && template != "" && errors.As(err, &pgErr) && pgErr.Code == "3D000" {
			tpl = func() (string, error) { return ensureTemplate(ctx) }
			continue
		}
		if err != nil {
			t.Fatalf("create test database: %v", err)
		}
		break
	}
	conn.Close(ctx)
	t.Cleanup(func() {
		conn := admin(t)
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return name
}

func admin(t testing.TB) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), ServerURL())
	if err != nil {
		t.Fatalf("connect to the test PostgreSQL server (set TEST_DATABASE_URL): %v", err)
	}
	return conn
}

// templateLock is the advisory lock key of template name.
const templateLock = "SELECT %s(hashtext('talksafe.testdb.template.' || $1))"

// ensureTemplate creates the migrated template database for the current
// migrations once; concurrent test processes wait on an advisory lock. The
// template is marked in use until the process ends; templates of other
// schemas that no running process uses are dropped.
func ensureTemplate(ctx context.Context) (string, error) {
	sum, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "talksafe_test_tpl_" + sum
	conn, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		return "", fmt.Errorf("connect to the test PostgreSQL server (set TEST_DATABASE_URL): %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(hashtext('talksafe.testdb.template'))"); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(hashtext('talksafe.testdb.template'))") //nolint:errcheck
	if err := holdTemplate(ctx, name); err != nil {
		return "", err
	}
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Templates of other schemas are of no more use once no test process
	// holds them.
	rows, err := conn.Query(ctx, "SELECT datname FROM pg_database WHERE datname LIKE 'talksafe_test_tpl_%' AND datname NOT LIKE '%_build'")
	if err != nil {
		return "", err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	for _, o := range old {
		var free bool
		if err := conn.QueryRow(ctx, fmt.Sprintf(templateLock, "pg_try_advisory_lock"), o).Scan(&free); err != nil || !free {
			continue
		}
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{o}.Sanitize()+" WITH (FORCE)")
		_, _ = conn.Exec(ctx, fmt.Sprintf(templateLock, "pg_advisory_unlock"), o)
	}
	building := name + "_build"
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{building}.Sanitize()+" WITH (FORCE)")
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{building}.Sanitize()); err != nil {
		return "", err
	}
	db, err := models.Open(ctx, URLFor(building))
	if err != nil {
		return "", err
	}
	err = models.Migrate(ctx, db)
	if err == nil {
		err = models.GrantServing(ctx, db, models.DefaultServingRole)
	}
	models.Close(db)
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{building}.Sanitize()+" RENAME TO "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	return name, nil
}

// SchemaHash names the current migrations, for databases kept between runs.
func SchemaHash() (string, error) { return migrationsHash() }

func migrationsHash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.FS.ReadFile(p)
		h.Write([]byte(p))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
