package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
	"talksafe/views"
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

// TestAdminDeactivateAsksFirst: the Staff page's Deactivate is a link to a
// page of its own that says what will happen; only its button deactivates.
func TestAdminDeactivateAsksFirst(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	boss := f.en.login("boss")
	_, kase := f.reportPost("held", "spam")
	f.en.db.Exec("UPDATE cases SET state = 'claimed', claimed_by = ?, claimed_at = now() WHERE id = ?", f.mod.ID, kase)
	confirm := views.StaffDeactivatePath(f.mod.ID)

	t.Run("OKLink", func(t *testing.T) {
		staff := boss.get(views.AdminStaffPath)
		if staff.doc.Find(`a[href="`+confirm+`"]`).Length() != 1 || staff.doc.Find(`form[action="`+confirm+`"]`).Length() != 0 {
			t.Fatal("the Staff page's Deactivate is not a link to the confirmation page")
		}
	})
	t.Run("OKPage", func(t *testing.T) {
		r := boss.get(confirm)
		wantStatus(t, r, http.StatusOK)
		page := r.doc.Find(`[data-testid="deactivate-confirm"]`)
		for _, want := range []string{"Deactivate mod?", "Their sessions end at once", "The 1 open case they hold goes back to the queue.", "Their audit trail stays."} {
			if !strings.Contains(strings.Join(strings.Fields(page.Text()), " "), want) {
				t.Fatalf("no %q in\n%s", want, page.Text())
			}
		}
		if page.Find(`form[action="`+confirm+`"][method="post"] button`).Text() != "Deactivate" ||
			page.Find(`a[href="`+views.AdminStaffPath+`"]`).Text() != "Cancel" {
			t.Fatal("no Deactivate button and Cancel link")
		}
		if f.rows("SELECT count(*) FROM users WHERE deactivated_at IS NOT NULL") != 0 ||
			f.rows("SELECT count(*) FROM audit_events WHERE action = 'staff.deactivate'") != 0 {
			t.Fatal("showing the page deactivated")
		}
	})
	t.Run("ErrSelf", func(t *testing.T) {
		wantFlash(t, boss, boss.get(views.StaffDeactivatePath(f.en.userID("boss"))), "cannot change your own account")
	})
	t.Run("ErrNotStaff", func(t *testing.T) {
		wantStatus(t, boss.get(views.StaffDeactivatePath(f.en.userID("alma"))), http.StatusNotFound)
	})
	t.Run("OKConfirm", func(t *testing.T) {
		wantFlash(t, boss, boss.submit(confirm, nil), "Account deactivated")
		wantFlash(t, boss, boss.get(confirm), "mod is deactivated already.")
	})
}

// TestAdminAuditDetails: the audit log's details read as labelled fields,
// and subjects (and ids in details) link to their staff pages.
func TestAdminAuditDetails(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, kase := f.reportPost("audited", "spam")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, kase, models.Decision{Kind: models.DecideWarn, Policy: "spam"}); err != nil {
		t.Fatal(err)
	}
	boss := f.en.login("boss")
	wantRedirect(t, boss.submit(views.SavedRepliesPath, url.Values{"title": {"Hi"}, "body": {"Hello."}, "language": {"en"}}), views.SavedRepliesPath)
	var reply int64
	f.en.db.Raw("SELECT id FROM saved_replies WHERE title = 'Hi'").Scan(&reply)

	r := boss.get(views.AdminAuditPath + "?action=case.decide")
	wantStatus(t, r, http.StatusOK)
	row := r.doc.Find(`[data-testid="audit"] tbody tr`).First()
	subject := row.Find(`[data-testid="audit-subject"]`)
	if subject.AttrOr("href", "") != views.ModCasePath(kase) || strings.TrimSpace(subject.Text()) != fmt.Sprintf("Case #%d", kase) {
		t.Fatalf("subject %q → %q", subject.Text(), subject.AttrOr("href", ""))
	}
	fields := map[string]string{}
	row.Find(`[data-testid="audit-detail"] > div`).Each(func(_ int, s *goquery.Selection) {
		fields[s.Find("dt").Text()] = s.Find("dd").Text()
	})
	if fields["Decision"] != "warn" || fields["Policy"] != "spam" || fields["Reports"] != "1" {
		t.Fatalf("labelled fields %v", fields)
	}
	if strings.Contains(row.Text(), "{") {
		t.Fatalf("raw JSON in the row: %s", row.Text())
	}

	r = boss.get(views.AdminAuditPath + "?action=saved_reply.")
	subject = r.doc.Find(`[data-testid="audit-subject"]`).First()
	if subject.AttrOr("href", "") != views.EditSavedReplyPath(reply) || !strings.Contains(subject.Text(), "Saved reply") {
		t.Fatalf("saved reply subject %q → %q", subject.Text(), subject.AttrOr("href", ""))
	}
	r = boss.get(views.AdminAuditPath + "?action=staff.create")
	subject = r.doc.Find(`[data-testid="audit-subject"]`).First()
	if subject.Is("a") || !strings.HasPrefix(strings.TrimSpace(subject.Text()), "Account #") {
		t.Fatalf("an account has no staff page to link: %q", subject.Text())
	}
	// The subject filter that is not an id stays a 422.
	wantStatus(t, boss.get(views.AdminAuditPath+"?subject_id=twelve"), http.StatusUnprocessableEntity)
}
