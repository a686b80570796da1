package handlers_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"talksafe/models"
)

// TestAdminsChangeEachOther has the only two admins deactivate or demote
// each other through the router at the same moment, round after round: an
// active admin always remains, the loser reads a 409 (or, when the winner
// had already ended their session, is sent to log in), and no request
// fails with a 500 or a deadlock.
func TestAdminsChangeEachOther(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	ann, ben := en.user("ann", models.RoleAdmin), en.user("ben", models.RoleAdmin)
	ids := [2]int64{ann.ID, ben.ID}
	changes := map[string]struct {
		path string
		form url.Values
	}{
		"Deactivate": {"/admin/staff/%d/deactivate", url.Values{}},
		"Demote":     {"/admin/staff/%d/role", url.Values{"role": {"moderator"}}},
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			for round := range 12 {
				if err := en.db.Exec("UPDATE users SET role = 'admin', deactivated_at = NULL WHERE id IN (?, ?)", ids[0], ids[1]).Error; err != nil {
					t.Fatal(err)
				}
				clients := [2]*client{en.login("ann"), en.login("ben")}
				var reqs [2]*http.Request
				for i, c := range clients {
					form := url.Values{"_csrf": {c.csrf()}}
					for k, v := range change.form {
						form[k] = v
					}
					reqs[i], _ = http.NewRequest(http.MethodPost, en.srv.URL+fmt.Sprintf(change.path, ids[1-i]), strings.NewReader(form.Encode()))
					reqs[i].Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				var statuses [2]int
				var bodies [2]string
				var errs [2]error
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i, c := range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						res, err := c.http.Do(reqs[i])
						if err != nil {
							errs[i] = err
							return
						}
						defer res.Body.Close()
						b, _ := io.ReadAll(res.Body)
						statuses[i], bodies[i] = res.StatusCode, string(b)
					}()
				}
				close(start)
				wg.Wait()
				for i := range 2 {
					if errs[i] != nil {
						t.Fatal(errs[i])
					}
					if s := statuses[i]; s != http.StatusSeeOther && s != http.StatusConflict {
						t.Fatalf("round %d: admin %d got %d, want 303 or 409\n%s\nserver log:\n%s", round, i, s, bodies[i], en.logs.String())
					}
					if statuses[i] == http.StatusConflict && !strings.Contains(bodies[i], "no longer an active admin") {
						t.Fatalf("round %d: the 409 does not say why:\n%s", round, bodies[i])
					}
				}
				var left int64
				en.db.Raw("SELECT count(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL").Scan(&left)
				if left < 1 {
					t.Fatalf("round %d: no active admin left (statuses %v)", round, statuses)
				}
			}
			if strings.Contains(en.logs.String(), "deadlock") {
				t.Fatalf("deadlock in the log:\n%s", en.logs.String())
			}
		})
	}
}
