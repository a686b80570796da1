package models

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// DefaultServingRole is the database role the server connects as, unless
// DATABASE_URL names another: it reads and writes rows and nothing more.
const DefaultServingRole = "talksafe_app"

// The database URLs used when none is configured: the owner runs the
// migrations, the server serves as DefaultServingRole.
const (
	DefaultOwnerURL   = "postgres://postgres@127.0.0.1:5432/talksafe?sslmode=disable"
	DefaultServingURL = "postgres://" + DefaultServingRole + "@127.0.0.1:5432/talksafe?sslmode=disable"
)

// RoleOf returns the user name a PostgreSQL URL connects as.
func RoleOf(dsn string) (string, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return "", fmt.Errorf("not a valid PostgreSQL URL: %w", err)
	}
	return cfg.User, nil
}

// GrantServing lets role, on owner's database, read and write the rows of
// every table and nothing more: it cannot create, alter or drop tables or
// triggers (it owns none), cannot UPDATE, DELETE or TRUNCATE audit_events,
// and only reads the migrations' bookkeeping. owner is a connection as the
// schema's owner (the role that ran the migrations). The role is created,
// without a password, when it does not exist and owner may create roles.
// Run it after every migration: it is idempotent, and covers new tables.
// Errors: those of the database, and one that says how to create the role
// when owner may not.
func GrantServing(ctx context.Context, owner *gorm.DB, role string) error {
	var self string
	if err := owner.WithContext(ctx).Raw("SELECT current_user").Scan(&self).Error; err != nil {
		return err
	}
	if self == role {
		return fmt.Errorf("the serving role %q is the migrating role: serve as another role", role)
	}
	if err := ensureRole(ctx, owner, role); err != nil {
		return err
	}
	r := pgx.Identifier{role}.Sanitize()
	return owner.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Concurrent GRANTs on one table can fail ("tuple concurrently
		// updated"): two instances starting at once take turns.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext('talksafe.grant_serving'))").Error; err != nil {
			return err
		}
		for _, stmt := range []string{
			"REVOKE CREATE ON SCHEMA public FROM PUBLIC",
			"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + r,
			"GRANT USAGE ON SCHEMA public TO " + r,
			"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + r,
			"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + r,
			"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM " + r,
			"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON goose_db_version FROM " + r,
		} {
			if err := tx.Exec(stmt).Error; err != nil {
				return fmt.Errorf("%s: %w", stmt, err)
			}
		}
		return nil
	})
}

func ensureRole(ctx context.Context, owner *gorm.DB, role string) error {
	var exists bool
	if err := owner.WithContext(ctx).Raw("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", role).
		Scan(&exists).Error; err != nil {
		return err
	}
	if exists {
		return nil
	}
	err := owner.WithContext(ctx).Exec("CREATE ROLE " + pgx.Identifier{role}.Sanitize() + " LOGIN").Error
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && (pgErr.Code == "42710" || pgErr.Code == "23505"): // created meanwhile
		return nil
	case errors.As(err, &pgErr) && pgErr.Code == "42501":
		return fmt.Errorf("the serving role %q does not exist and the migrating role may not create it: "+
			"create it (CREATE ROLE %s LOGIN PASSWORD '...') and run again", role, pgx.Identifier{role}.Sanitize())
	}
	return err
}

// CheckServingPrivileges returns an error saying why db's role is more
// powerful than a server should be: a superuser, or the owner of the audit
// log, can drop the triggers that keep it append-only. nil when db's role
// is a plain serving role.
func CheckServingPrivileges(ctx context.Context, db *gorm.DB) error {
	var row struct {
		Role       string
		Super      bool
		OwnsAudit  bool
		CanTamper  bool
		CanMigrate bool
	}
	err := db.WithContext(ctx).Raw(`SELECT current_user AS role,
		(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super,
		pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'audit_events'::regclass), 'USAGE') AS owns_audit,
		has_table_privilege('audit_events', 'UPDATE, DELETE, TRUNCATE') AS can_tamper,
		has_schema_privilege('public', 'CREATE') AS can_migrate`).Scan(&row).Error
	if err != nil {
		return err
	}
	switch {
	case row.Super:
		return fmt.Errorf("serving as %q, a database superuser", row.Role)
	case row.OwnsAudit:
		return fmt.Errorf("serving as %q, the owner of the schema", row.Role)
	case row.CanTamper:
		return fmt.Errorf("serving as %q, which may UPDATE, DELETE or TRUNCATE audit_events", row.Role)
	case row.CanMigrate:
		return fmt.Errorf("serving as %q, which may create tables", row.Role)
	}
	return nil
}
