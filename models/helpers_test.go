package models_test

import (
	"context"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/views/components"
)

func mustExec(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func count(t *testing.T, db *gorm.DB, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(sql, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// newUsers creates users with the given names (role user) and returns their ids.
func newUsers(t *testing.T, db *gorm.DB, names ...string) []int64 {
	t.Helper()
	ids := make([]int64, len(names))
	for i, n := range names {
		pw := "password for " + n
		u, err := models.CreateUser(context.Background(), db, models.SignUp{Name: n, Password: pw, Confirm: pw})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = u.ID
	}
	return ids
}

func wantCode(t *testing.T, err error, code models.Code) {
	t.Helper()
	if err == nil || models.ErrorCode(err) != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
}

// testDB wraps a test database for helpers that take it.
type testDB struct{ *gorm.DB }

// fieldWords is e's field errors as a person reads them.
func fieldWords(e *models.Error) map[string]string {
	out := map[string]string{}
	for k, v := range e.Fields {
		out[k] = components.Text(v)
	}
	return out
}
