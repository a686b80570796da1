// Package models is talksafe's domain: the GORM structs and the business
// rules. Every exported function takes a context and owns its transaction.
package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"talksafe/migrations"
)

// UnreachableError says the database server could not be reached at all.
type UnreachableError struct {
	Addr string
	Err  error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach PostgreSQL at %s (%v): start the server, or set DATABASE_URL to one that runs", e.Addr, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// Unavailable reports whether err says that the database cannot serve at
// the moment, and that the same request may well succeed in a few seconds:
// no connection could be made (refused, reset, timed out), a connection
// broke, or the server is shutting down, restarting or recovering (SQLSTATE
// 57P01, 57P02, 57P03, class 08 connection exceptions), or has no
// connection left (53300). Any other error the server sent (a refused log-in
// role, a missing database or table, a denied privilege, a broken rule) is
// a fault that waiting does not mend, and is not an outage.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", // admin_shutdown: terminating connection due to administrator command
			"57P02", // crash_shutdown: another server process crashed
			"57P03", // cannot_connect_now: the database system is starting up, shutting down or in recovery
			"53300": // too_many_connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection_exception
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) {
		return true // refused, unreachable, or no answer within the connect timeout
	}
	var netErr *net.OpError // a socket read or write failed; a timeout is the statement's, not an outage
	return errors.As(err, &netErr) && !netErr.Timeout() ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// Open connects to the database at dsn, creating the database first when the
// server runs but the database does not exist yet.
func Open(ctx context.Context, dsn string) (*gorm.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL is not a valid PostgreSQL URL: %w", err)
	}
	if err := ensureDatabase(ctx, cfg); err != nil {
		return nil, err
	}
	sqlDB := stdlib.OpenDB(*cfg)
	sqlDB.SetMaxOpenConns(20)
	sqlDB.SetMaxIdleConns(20)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		TranslateError:         false,
	})
	if err != nil {
		return nil, err
	}
	return db, nil
}

// ensureDatabase connects to the server's maintenance database and creates
// cfg's database when it is missing.
func ensureDatabase(ctx context.Context, cfg *pgx.ConnConfig) error {
	addr := fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return conn.Close(ctx)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "3D000" { // invalid_catalog_name
		if errors.As(err, &pgErr) {
			return fmt.Errorf("PostgreSQL at %s refused the connection: %s", addr, pgErr.Message)
		}
		return &UnreachableError{Addr: addr, Err: rootCause(err)}
	}
	admin := cfg.Copy()
	admin.Database = "postgres"
	conn, err = pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return fmt.Errorf("database %q does not exist and cannot be created: %w", cfg.Database, err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{cfg.Database}.Sanitize())
	if err != nil && !isDuplicateDatabase(err) {
		return fmt.Errorf("create database %q: %w", cfg.Database, err)
	}
	slog.Info("created database", "database", cfg.Database)
	return nil
}

func isDuplicateDatabase(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "42P04"
}

func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// Migrate applies every pending migration. A PostgreSQL session lock makes
// concurrent callers (two instances starting at once) wait for each other.
func Migrate(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	// Out of order: a migration merged from a branch with a lower number
	// than one already applied is applied too, not refused.
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS,
		goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		slog.Info("applied migration", "version", r.Source.Version, "file", r.Source.Path, "took", r.Duration)
	}
	return nil
}

// Ping checks that the database answers.
func Ping(ctx context.Context, db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the pool behind db.
func Close(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		_ = sqlDB.Close()
	}
}

// sqlString is s as an SQL string literal, for the few values written into
// a statement rather than passed as parameters: checked enum values, where
// the planner must see the value to choose a partial index.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
