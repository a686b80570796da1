package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func TestUnreachableDatabase(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:1/talksafe?sslmode=disable&connect_timeout=2")
	err := run(context.Background(), []string{"migrate"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "cannot reach PostgreSQL at 127.0.0.1:1") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line that says what to do", err)
	}
}

func TestServeNeedsSessionSecret(t *testing.T) {
	t.Setenv("SESSION_SECRET", "")
	t.Setenv("TALKSAFE_DEV", "")
	err := run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "SESSION_SECRET") {
		t.Fatalf("err = %v", err)
	}
	t.Setenv("SESSION_SECRET", "too short")
	if err := run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "32") {
		t.Fatalf("err = %v", err)
	}
}

func TestSeedAndUserCreate(t *testing.T) {
	testdb.New(t) // sets up the template and the fast test password hashing
	name := testdb.Create(t, "")
	t.Setenv("DATABASE_URL", testdb.URLFor(name))
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Demo world created.") || !strings.Contains(out.String(), "talksafe-demo") {
		t.Errorf("seed output:\n%s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"seed", "--demo"}, strings.NewReader(""), &out); err != nil || !strings.Contains(out.String(), "already present") {
		t.Fatalf("second seed: %v\n%s", err, out.String())
	}

	out.Reset()
	err := run(ctx, []string{"user", "create", "--role=support", "--name=Haneul2"}, strings.NewReader("a support password\n"), &out)
	if err != nil || !strings.Contains(out.String(), `Created support account "haneul2"`) {
		t.Fatalf("user create: %v\n%s", err, out.String())
	}
	db, err := models.Open(ctx, testdb.URLFor(name))
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(db)
	if _, err := models.Authenticate(ctx, db, "haneul2", "a support password", "192.0.2.7"); err != nil {
		t.Fatalf("log in as the new account: %v", err)
	}
	err = run(ctx, []string{"user", "create", "--role=chief", "--name=x"}, strings.NewReader("a support password\n"), &out)
	if err == nil || !strings.Contains(err.Error(), "--name") || !strings.Contains(err.Error(), "--role") {
		t.Fatalf("bad input: %v", err)
	}
}
