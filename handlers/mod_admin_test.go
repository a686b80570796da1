package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

func TestAdminAuditFilters(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	for i := range 5 {
		_, kase := f.reportPost(fmt.Sprintf("audit %d", i), "spam")
		mod := f.mod
		if i%2 == 1 {
			mod = f.mod2
		}
		if _, err := models.DecideCase(t.Context(), f.en.db, mod, kase, models.Decision{Kind: models.DecideWarn, Policy: "spam"}); err != nil {
			t.Fatal(err)
		}
	}
	boss := f.en.login("boss")
	t.Run("OK", func(t *testing.T) {
		r := boss.get("/admin/audit?actor=mod&action=case.decide")
		wantStatus(t, r, http.StatusOK)
		rows := r.doc.Find(`[data-testid="audit"] tbody tr`)
		if rows.Length() != 3 || strings.Contains(rows.Text(), "mod2") {
			t.Fatalf("%d rows for mod's decisions:\n%s", rows.Length(), rows.Text())
		}
		if r := boss.get("/admin/audit?action=case."); r.doc.Find(`[data-testid="audit"] tbody tr`).Length() != 5 {
			t.Fatal("the action prefix does not match every case action")
		}
	})
	t.Run("OKPaged", func(t *testing.T) {
		var kase int64
		f.en.db.Raw("SELECT min(id) FROM cases").Scan(&kase)
		r := boss.get(fmt.Sprintf("/admin/audit?subject_type=case&subject_id=%d&from=2000-01-01", kase))
		if n := r.doc.Find(`[data-testid="audit"] tbody tr`).Length(); n != 1 {
			t.Fatalf("%d rows for case %d", n, kase)
		}
	})
	t.Run("ErrBadDate", func(t *testing.T) {
		r := boss.get("/admin/audit?from=yesterday")
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.doc.Find(`[data-testid="error-from"]`).Text(); !strings.Contains(got, "2026-11-21") {
			t.Fatalf("error beside From: %q", got)
		}
		if v, _ := r.doc.Find(`input[name="from"]`).Attr("value"); v != "yesterday" {
			t.Fatalf("the input was not kept: %q", v)
		}
	})
	t.Run("ErrBadSubjectID", func(t *testing.T) {
		r := boss.get("/admin/audit?actor=mod&subject_id=twelve")
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.doc.Find(`[data-testid="error-subject_id"]`).Text(); !strings.Contains(got, "as a number") {
			t.Fatalf("error beside Subject id: %q", got)
		}
		for name, want := range map[string]string{"subject_id": "twelve", "actor": "mod"} {
			if v, _ := r.doc.Find(`input[name="` + name + `"]`).Attr("value"); v != want {
				t.Fatalf("the input %s was not kept: %q", name, v)
			}
		}
	})
}

func TestAdminStaff(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	boss := f.en.login("boss")
	mod2 := f.en.login("mod2")
	wantStatus(t, mod2.get("/mod"), http.StatusOK)

	t.Run("ErrNotStaffRole", func(t *testing.T) {
		r := boss.submit(fmt.Sprintf("/admin/staff/%d/role", f.mod2.ID), url.Values{"role": {"user"}})
		wantFlash(t, boss, r, "Choose moderator, support or admin")
	})
	t.Run("ErrSelf", func(t *testing.T) {
		r := boss.submit(fmt.Sprintf("/admin/staff/%d/deactivate", f.en.userID("boss")), nil)
		wantFlash(t, boss, r, "cannot change your own account")
	})
	t.Run("OKRole", func(t *testing.T) {
		r := boss.submit(fmt.Sprintf("/admin/staff/%d/role", f.mod2.ID), url.Values{"role": {"support"}})
		wantFlash(t, boss, r, "Role changed")
		if r := mod2.get("/mod"); r.status != http.StatusSeeOther {
			t.Fatalf("mod2's old session still reaches /mod: %d", r.status)
		}
		wantStatus(t, f.en.login("mod2").get("/mod"), http.StatusForbidden)
	})
	t.Run("OKDeactivate", func(t *testing.T) {
		mod := f.en.login("mod")
		r := boss.submit(fmt.Sprintf("/admin/staff/%d/deactivate", f.mod.ID), nil)
		wantFlash(t, boss, r, "Account deactivated")
		if r := mod.get("/mod"); r.status != http.StatusSeeOther {
			t.Fatalf("mod's session still works: %d", r.status)
		}
		r = f.en.client().submit("/login", url.Values{"name": {"mod"}, "password": {"password for mod"}})
		wantStatus(t, r, http.StatusForbidden)
		if !strings.Contains(r.text(), "deactivated") {
			t.Fatalf("log-in page:\n%s", r.text())
		}
		if n := f.rows("SELECT count(*) FROM audit_events WHERE action IN ('staff.role', 'staff.deactivate')"); n != 2 {
			t.Fatalf("%d staff changes audited", n)
		}
	})
	t.Run("ErrNotDeactivated", func(t *testing.T) {
		r := boss.submit(fmt.Sprintf("/admin/staff/%d/reactivate", f.mod2.ID), nil)
		wantFlash(t, boss, r, "mod2 is active already.")
	})
	t.Run("OKReactivate", func(t *testing.T) {
		if boss.get("/admin/staff").doc.Find(fmt.Sprintf(`form[action="/admin/staff/%d/reactivate"] button`, f.mod.ID)).Length() != 1 {
			t.Fatal("the deactivated account has no Reactivate button")
		}
		r := boss.submit(fmt.Sprintf("/admin/staff/%d/reactivate", f.mod.ID), nil)
		wantFlash(t, boss, r, "Account reactivated")
		mod := f.en.client()
		wantStatus(t, mod.submit("/login", url.Values{"name": {"mod"}, "password": {"password for mod"}}), http.StatusSeeOther)
		wantStatus(t, mod.get("/mod"), http.StatusOK)
		if n := f.rows("SELECT count(*) FROM audit_events WHERE action = 'staff.reactivate'"); n != 1 {
			t.Fatalf("%d reactivations audited", n)
		}
	})
}
