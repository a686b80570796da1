package models_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestStaffChangesKeepAnAdmin has two admins, each the other's only fellow
// admin, deactivate or demote each other at the same moment, many rounds:
// one change stands, the other is a Conflict, and an active admin remains.
func TestStaffChangesKeepAnAdmin(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	var ids [2]int64
	for i, name := range []string{"ann", "ben"} {
		pw := "password for " + name
		u, err := models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{
			SignUp: models.SignUp{Name: name, Password: pw, Confirm: pw}, Role: models.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = u.ID
	}
	changes := map[string]func(context.Context, *gorm.DB, *models.User, int64) error{
		"Deactivate": models.DeactivateStaff,
		"Demote": func(ctx context.Context, db *gorm.DB, actor *models.User, id int64) error {
			return models.ChangeStaffRole(ctx, db, actor, id, models.RoleModerator)
		},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			for round := range 30 {
				mustExec(t, db, "UPDATE users SET role = 'admin', deactivated_at = NULL WHERE id IN (?, ?)", ids[0], ids[1])
				var actors [2]models.User
				for i, id := range ids {
					if err := db.First(&actors[i], id).Error; err != nil {
						t.Fatal(err)
					}
				}
				var wg sync.WaitGroup
				var errs [2]error
				start := make(chan struct{})
				for i := range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						errs[i] = change(ctx, db, &actors[i], ids[1-i])
					}()
				}
				close(start)
				wg.Wait()
				done := 0
				for i, err := range errs {
					switch {
					case err == nil:
						done++
					case models.ErrorCode(err) != models.Conflict:
						t.Fatalf("round %d: admin %d: %v, want nil or a Conflict", round, i, err)
					}
				}
				left := count(t, db, "SELECT count(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL")
				if left < 1 || done != 1 {
					t.Fatalf("round %d: %d changes stood, %d active admins left: %v", round, done, left, fmt.Sprint(errs))
				}
			}
		})
	}
}
