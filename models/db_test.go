package models_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"talksafe/models"
	"talksafe/models/testdb"
)

func TestMigrateFromEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := testdb.Create(t, "")
	db, err := models.Open(ctx, testdb.URLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	// Two instances starting at once: the session lock makes one wait.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = models.Migrate(ctx, db) }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("Migrate: %v", err)
		}
	}
	if err := models.Migrate(ctx, db); err != nil {
		t.Fatalf("Migrate again: %v", err)
	}
	for _, table := range []string{"users", "sessions", "login_throttles", "friendships", "chat_rooms", "chat_members",
		"chat_messages", "open_chat_rooms", "open_chat_members", "board_posts", "board_comments", "cases", "reports",
		"evidence_snapshots", "evidence_messages", "restrictions", "appeals", "notices", "tickets", "ticket_reports",
		"ticket_messages", "audit_events", "legal_holds", "river_job", "river_leader", "river_queue", "river_migration"} {
		if count(t, db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ?", table) != 1 {
			t.Errorf("table %s missing", table)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM goose_db_version WHERE version_id > 0"); n < 1 {
		t.Errorf("goose recorded %d migrations", n)
	}
}

func TestOpenCreatesDatabase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name := testdb.Create(t, "") // reserve a unique name and its cleanup
	admin, err := models.Open(ctx, testdb.URLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, admin, "CREATE TABLE marker (id int)")
	models.Close(admin)

	missing := name + "_new"
	db, err := models.Open(ctx, testdb.URLFor(missing))
	if err != nil {
		t.Fatalf("Open of a missing database: %v", err)
	}
	defer func() {
		models.Close(db)
		a, _ := models.Open(ctx, testdb.URLFor(name))
		mustExec(t, a, "DROP DATABASE IF EXISTS "+missing+" WITH (FORCE)")
		models.Close(a)
	}()
	if err := models.Ping(ctx, db); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	t.Parallel()
	_, err := models.Open(context.Background(), "postgres://postgres@127.0.0.1:1/talksafe?sslmode=disable&connect_timeout=2")
	var unreachable *models.UnreachableError
	if !errors.As(err, &unreachable) {
		t.Fatalf("err = %v, want UnreachableError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "cannot reach PostgreSQL at 127.0.0.1:1") || !strings.Contains(msg, "DATABASE_URL") {
		t.Errorf("message %q does not say what to do", msg)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	// The first admin, made outside the audited paths (as a database's first
	// account is), so that the log holds only what follows.
	admin, err := models.CreateUser(ctx, db, models.SignUp{Name: "root.first", Password: "admin password", Confirm: "admin password"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("UPDATE users SET role = ?, name = 'root.admin' WHERE id = ?", models.RoleAdmin, admin.ID).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := models.CreateStaff(ctx, db, admin.ID, models.StaffSignUp{SignUp: models.SignUp{Name: "mina", Password: "mina password", Confirm: "mina password"}, Role: models.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	log, _, err := models.AuditLog(ctx, db, models.AuditFilter{}, time.UTC, 0, 10)
	if err != nil || len(log) != 1 || log[0].Action != "staff.create" || log[0].ActorName != "root.admin" {
		t.Fatalf("AuditLog = %+v, %v", log, err)
	}
	for _, stmt := range []string{"UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"} {
		if err := db.Exec(stmt).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refused", stmt, err)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM audit_events"); n != 1 {
		t.Errorf("%d events after the attempts, want 1", n)
	}
	t.Run("ErrNotStaffRole", func(t *testing.T) {
		_, err := models.CreateStaff(ctx, db, admin.ID, models.StaffSignUp{SignUp: models.SignUp{Name: "plain", Password: "plain password", Confirm: "plain password"}, Role: models.RoleUser})
		if e := models.AsError(err); e == nil || !e.Fields.Has("role") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCreateStaffFromCommandLine(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	u, err := models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{
		SignUp: models.SignUp{Name: "first.admin", Password: "admin password", Confirm: "admin password"}, Role: models.RoleAdmin})
	if err != nil || u.Role != models.RoleAdmin {
		t.Fatalf("CreateStaffFromCommandLine = %+v, %v", u, err)
	}
	log, _, err := models.AuditLog(ctx, db, models.AuditFilter{}, time.UTC, 0, 10)
	if err != nil || len(log) != 1 || log[0].Action != "staff.create" || log[0].ActorID != nil ||
		!strings.Contains(string(log[0].Detail), `"via": "command line"`) && !strings.Contains(string(log[0].Detail), `"via":"command line"`) {
		t.Fatalf("AuditLog = %+v, %v", log, err)
	}
	t.Run("ErrNotStaffRole", func(t *testing.T) {
		_, err := models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{
			SignUp: models.SignUp{Name: "plain", Password: "plain password", Confirm: "plain password"}, Role: models.RoleUser})
		if e := models.AsError(err); e == nil || !e.Fields.Has("role") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCreateUserMakesNoStaff(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	u, err := models.CreateUser(context.Background(), db, models.SignUp{Name: "newbie", Password: "newbie password", Confirm: "newbie password"})
	if err != nil || u.Role != models.RoleUser {
		t.Fatalf("CreateUser = %+v, %v", u, err)
	}
}

// TestUnavailable: the errors of a database that is down or went away are an
// outage (the portal answers 503, try again); those of a server that answers
// and refuses are not. Every error here comes from a real server.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	connect := func(url string) (*pgx.Conn, error) {
		cfg, err := pgx.ParseConfig(url)
		if err != nil {
			t.Fatal(err)
		}
		cfg.ConnectTimeout = 5 * time.Second
		return pgx.ConnectConfig(ctx, cfg)
	}
	outage := map[string]error{}
	notOutage := map[string]error{}

	// Nothing listens on the port.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	_, outage["connection refused"] = connect("postgres://postgres@" + closed + "/postgres?sslmode=disable")
	_, outage["models.Open, connection refused"] = models.Open(ctx, "postgres://postgres@"+closed+"/postgres?sslmode=disable")

	// The server ends the connection (pg_terminate_backend, as a shutdown
	// does): the next statement on it fails, however the driver reads that.
	conn, err := connect(testdb.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	admin, err := connect(testdb.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend($1)", conn.PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	_, outage["terminated connection"] = conn.Exec(ctx, "SELECT 1")
	_, outage["closed connection"] = conn.Exec(ctx, "SELECT 1")

	// The server answers and refuses.
	_, notOutage["no such role"] = connect(strings.Replace(testdb.ServerURL(), "postgres@", "no_such_role_for_this_test@", 1))
	_, notOutage["no such database"] = connect(testdb.URLFor("no_such_database_for_this_test"))
	_, notOutage["syntax error"] = admin.Exec(ctx, "SELEC 1")
	_, notOutage["division by zero"] = admin.Exec(ctx, "SELECT 1/0")
	notOutage["domain error"] = models.Coded(models.NotFound, "chat.not_found")
	notOutage["context deadline"] = context.DeadlineExceeded

	for what, err := range outage {
		if err == nil || !models.Unavailable(err) {
			t.Errorf("%s: %v is not taken for an outage", what, err)
		}
	}
	for what, err := range notOutage {
		if err == nil || models.Unavailable(err) {
			t.Errorf("%s: %v is taken for an outage", what, err)
		}
	}
}
