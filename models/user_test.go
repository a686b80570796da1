package models_test

import (
	"context"
	"errors"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
	"talksafe/views/components"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := models.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !models.CheckPassword(h, "correct horse battery") {
		t.Error("the right password does not match")
	}
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery"} {
		if models.CheckPassword(h, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	for _, broken := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AA$AA", h[:len(h)-4] + "!!!!"} {
		if models.CheckPassword(broken, "correct horse battery") {
			t.Errorf("broken hash %q matches", broken)
		}
	}
	h2, _ := models.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
}

func TestSignUpValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    models.SignUp
		field string // "" when valid
	}{
		{"OK", models.SignUp{Name: " Alice.K ", Password: "long enough pw", Confirm: "long enough pw"}, ""},
		{"ErrNameEmpty", models.SignUp{Name: "", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameShort", models.SignUp{Name: "al", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameChars", models.SignUp{Name: "al ice", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameLeadingDot", models.SignUp{Name: ".alice", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameLong", models.SignUp{Name: "abcdefghijklmnopqrstuvwxyz1234567", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameStaffWord", models.SignUp{Name: "moderator.kim", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameRNForM", models.SignUp{Name: "adrnin", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameRNForMAtStart", models.SignUp{Name: "rnoderator", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameCLForD", models.SignUp{Name: "aclmin", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrNameOneForL", models.SignUp{Name: "ta1ksafe", Password: "long enough pw", Confirm: "long enough pw"}, "name"},
		{"ErrPasswordShort", models.SignUp{Name: "alice", Password: "short", Confirm: "short"}, "password"},
		{"ErrPasswordIsName", models.SignUp{Name: "alice12345", Password: "ALICE12345", Confirm: "ALICE12345"}, "password"},
		{"ErrConfirm", models.SignUp{Name: "alice", Password: "long enough pw", Confirm: "long enough pX"}, "confirm"},
		{"ErrDisplayNameLong", models.SignUp{Name: "alice", DisplayName: string(make([]rune, 65)), Password: "long enough pw", Confirm: "long enough pw"}, "display_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				if tt.in.Name != "alice.k" || tt.in.DisplayName != "alice.k" {
					t.Errorf("not normalized: %+v", tt.in)
				}
				return
			}
			e := models.AsError(err)
			if e == nil || e.Code != models.Invalid || !e.Fields.Has(tt.field) {
				t.Fatalf("Validate() = %v, want Invalid on %s", err, tt.field)
			}
		})
	}
}

func TestStaffSignUpValidate(t *testing.T) {
	t.Parallel()
	in := models.SignUp{Name: "alice", Password: "long enough pw", Confirm: "long enough pw"}
	for _, tt := range []struct {
		name  string
		role  models.Role
		field string
	}{
		{"OK", models.RoleModerator, ""},
		{"ErrRole", "root", "role"},
		{"ErrRoleUser", models.RoleUser, "role"},
		{"ErrRoleEmpty", "", "role"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := models.StaffSignUp{SignUp: in, Role: tt.role}
			err := s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			if e := models.AsError(err); e == nil || e.Code != models.Invalid || !e.Fields.Has(tt.field) {
				t.Fatalf("Validate() = %v, want Invalid on %s", err, tt.field)
			}
		})
	}
}

func TestRoleValid(t *testing.T) {
	t.Parallel()
	for _, r := range models.Roles {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
	for _, r := range []models.Role{"", "root", "Admin"} {
		if r.Valid() || r.IsStaff() {
			t.Errorf("%q valid", r)
		}
	}
	if models.RoleUser.IsStaff() || !models.RoleSupport.IsStaff() {
		t.Error("IsStaff is wrong")
	}
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		u, err := models.CreateUser(ctx, db, models.SignUp{Name: "Minji", DisplayName: "민지", Password: "a good password", Confirm: "a good password"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := models.UserByName(ctx, db, "MINJI")
		if err != nil || got.ID != u.ID || got.DisplayName != "민지" || got.Role != models.RoleUser || got.TimeZone != "Asia/Seoul" {
			t.Fatalf("UserByName = %+v, %v", got, err)
		}
		if got.PasswordHash == "a good password" || !models.CheckPassword(got.PasswordHash, "a good password") {
			t.Error("password not stored as a hash")
		}
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		_, err := models.CreateUser(ctx, db, models.SignUp{Name: "minji", Password: "a good password", Confirm: "a good password"})
		if e := models.AsError(err); e == nil || e.Code != models.Conflict || !e.Fields.Has("name") {
			t.Fatalf("err = %v, want Conflict on name", err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := models.UserByID(ctx, db, 999999)
		if models.ErrorCode(err) != models.NotFound {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	if _, err := models.CreateUser(ctx, db, models.SignUp{Name: "bora", Password: "bora's password", Confirm: "bora's password"}); err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		u, err := models.Authenticate(ctx, db, " Bora ", "bora's password", "192.0.2.1")
		if err != nil || u.Name != "bora" {
			t.Fatalf("Authenticate = %v, %v", u, err)
		}
	})
	t.Run("ErrBadCredentials", func(t *testing.T) {
		_, wrongPassword := models.Authenticate(ctx, db, "bora", "not it at all", "192.0.2.2")
		_, wrongName := models.Authenticate(ctx, db, "nobody", "bora's password", "192.0.2.3")
		if !errors.Is(wrongPassword, models.ErrBadCredentials) || !errors.Is(wrongName, models.ErrBadCredentials) {
			t.Fatalf("errors = %v / %v, want the same ErrBadCredentials", wrongPassword, wrongName)
		}
	})
	t.Run("ErrThrottledByName", func(t *testing.T) {
		if _, err := models.CreateUser(ctx, db, models.SignUp{Name: "dana", Password: "dana's password", Confirm: "dana's password"}); err != nil {
			t.Fatal(err)
		}
		for i := range models.NameLoginPolicy.Free {
			if _, err := models.Authenticate(ctx, db, "dana", "wrong guess", "198.51.100.1"); !errors.Is(err, models.ErrBadCredentials) {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		// One more failure, and the next attempt must wait, even with the right password.
		if _, err := models.Authenticate(ctx, db, "dana", "wrong guess", "198.51.100.2"); !errors.Is(err, models.ErrBadCredentials) {
			t.Fatalf("failure past free: %v", err)
		}
		_, err := models.Authenticate(ctx, db, "dana", "dana's password", "198.51.100.3")
		if models.ErrorCode(err) != models.Throttled {
			t.Fatalf("right password right after: %v, want Throttled", err)
		}
		// Lock: as many failures as the policy allows, with the waits elapsed.
		mustExec(t, db, "UPDATE login_throttles SET failures = ?, last_failure_at = now() - interval '1 minute' WHERE key = 'user:dana'",
			models.NameLoginPolicy.Lock)
		_, err = models.Authenticate(ctx, db, "dana", "dana's password", "198.51.100.4")
		if e := models.AsError(err); e == nil || e.Code != models.Throttled || components.ErrorText(e) != "Too many failed log-ins. Try again in 14 minutes." {
			t.Fatalf("locked: %v", err)
		}
		// After the lock, the account opens again and a success clears the count.
		mustExec(t, db, "UPDATE login_throttles SET last_failure_at = now() - interval '16 minutes' WHERE key = 'user:dana'")
		if _, err := models.Authenticate(ctx, db, "dana", "dana's password", "198.51.100.5"); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		var n int64
		db.Raw("SELECT count(*) FROM login_throttles WHERE key = 'user:dana'").Scan(&n)
		if n != 0 {
			t.Error("a successful log-in did not clear the name's failures")
		}
	})
	t.Run("ErrThrottledByAddress", func(t *testing.T) {
		mustExec(t, db, "INSERT INTO login_throttles (key, failures, last_failure_at) VALUES ('ip:203.0.113.9', ?, now())",
			models.AddressLoginPolicy.Lock)
		_, err := models.Authenticate(ctx, db, "bora", "bora's password", "203.0.113.9")
		if models.ErrorCode(err) != models.Throttled {
			t.Fatalf("err = %v, want Throttled", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	u, err := models.CreateUser(ctx, db, models.SignUp{Name: "jun", Password: "first password", Confirm: "first password"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, current, next, confirm, field string }{
		{"ErrCurrent", "wrong one!!", "second password", "second password", "current"},
		{"ErrShort", "first password", "short", "short", "password"},
		{"ErrSame", "first password", "first password", "first password", "password"},
		{"ErrConfirm", "first password", "second password", "second passwor", "confirm"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := models.ChangePassword(ctx, db, u.ID, "", tt.current, tt.next, tt.confirm)
			if e := models.AsError(err); e == nil || !e.Fields.Has(tt.field) {
				t.Fatalf("err = %v, want an error on %s", err, tt.field)
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		if err := models.ChangePassword(ctx, db, u.ID, "", "first password", "second password", "second password"); err != nil {
			t.Fatal(err)
		}
		if _, err := models.Authenticate(ctx, db, "jun", "second password", "192.0.2.10"); err != nil {
			t.Fatalf("new password: %v", err)
		}
		if _, err := models.Authenticate(ctx, db, "jun", "first password", "192.0.2.10"); !errors.Is(err, models.ErrBadCredentials) {
			t.Fatalf("old password: %v", err)
		}
	})
}
