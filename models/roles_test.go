package models_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestServingRoleLeastPrivilege proves the role the server connects as may
// read and write rows but may not change the schema, drop or disable the
// audit log's triggers, or UPDATE, DELETE or TRUNCATE the audit log.
func TestServingRoleLeastPrivilege(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	ctx := context.Background()
	u, err := models.CreateUser(ctx, serving, models.SignUp{Name: "plain", Password: "a fine password", Confirm: "a fine password"})
	if err != nil {
		t.Fatalf("the serving role cannot write rows: %v", err)
	}
	mustExec(t, serving, "INSERT INTO audit_events (actor_id, action) VALUES (?, 'test.row')", u.ID)
	mustExec(t, serving, "UPDATE users SET display_name = 'Plain' WHERE id = ?", u.ID)
	if n := count(t, serving, "SELECT count(*) FROM audit_events"); n != 1 {
		t.Fatalf("%d audit rows, want 1", n)
	}
	if err := models.CheckServingPrivileges(ctx, serving); err != nil {
		t.Errorf("the serving role is too powerful: %v", err)
	}
	if err := models.CheckServingPrivileges(ctx, owner); err == nil {
		t.Error("the owner passes as a serving role")
	}
	refused := []struct{ name, sql string }{
		{"ErrCreateTable", "CREATE TABLE intruder (id int)"},
		{"ErrAlterTable", "ALTER TABLE users ADD COLUMN intruder int"},
		{"ErrDropTable", "DROP TABLE sessions"},
		{"ErrCreateIndex", "CREATE INDEX intruder ON users (display_name)"},
		{"ErrDropTrigger", "DROP TRIGGER audit_events_no_update ON audit_events"},
		{"ErrDisableTrigger", "ALTER TABLE audit_events DISABLE TRIGGER ALL"},
		{"ErrDropFunction", "DROP FUNCTION audit_events_append_only() CASCADE"},
		{"ErrReplicationRole", "SET session_replication_role = replica"},
		{"ErrUpdateAudit", "UPDATE audit_events SET action = 'forged'"},
		{"ErrDeleteAudit", "DELETE FROM audit_events"},
		{"ErrTruncateAudit", "TRUNCATE audit_events"},
		{"ErrTruncateOther", "TRUNCATE users CASCADE"},
		{"ErrMigrationsTable", "DELETE FROM goose_db_version"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			err := serving.Exec(tt.sql).Error
			var pgErr *pgconn.PgError
			if !errors.As(err, &pgErr) || pgErr.Code != "42501" { // insufficient_privilege
				t.Fatalf("%s: %v, want permission denied", tt.sql, err)
			}
		})
	}
	if n := count(t, owner, "SELECT count(*) FROM audit_events WHERE action = 'test.row'"); n != 1 {
		t.Fatalf("the audit row changed: %d", n)
	}
}
