package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
)

// TestBankPages: an admin makes a bank, adds entries (one, then many
// pasted), sees each as written and as matched, has a bad paste refused
// with its words beside the field and nothing lost, and deletes an entry; a
// moderator reads the same pages without the forms.
func TestBankPages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("root", models.RoleAdmin)
	en.user("mina", models.RoleModerator)
	admin := en.login("root")

	t.Run("ErrNameEmpty", func(t *testing.T) {
		r := admin.submit("/admin/banks", url.Values{"name": {"  "}, "description": {"kept"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.doc.Find(`[data-testid="error-name"]`).Text(); got != "Give the bank a name." {
			t.Errorf("error beside name: %q", got)
		}
		if got := r.doc.Find("#f-description").Text(); got != "kept" {
			t.Errorf("description lost: %q", got)
		}
	})
	r := admin.submit("/admin/banks", url.Values{"name": {"Spam"}, "description": {"Ads"}})
	wantStatus(t, r, http.StatusSeeOther)
	bankPath := r.header.Get("Location")
	var bank int64
	en.db.Raw("SELECT id FROM text_banks WHERE name = 'Spam'").Scan(&bank)
	if bankPath != fmt.Sprintf("/admin/banks/%d", bank) {
		t.Fatalf("redirect to %q", bankPath)
	}
	t.Run("OK", func(t *testing.T) {
		r := admin.submit(bankPath+"/entries", url.Values{"entries": {"ＦＲＥＥ Money"}, "language": {"en"}, "reason": {"spam"}})
		wantStatus(t, r, http.StatusSeeOther)
		r = admin.submit(bankPath+"/entries", url.Values{"entries": {"free money\nㅅㅣㅂㅏㄹ\n대출 상담"}, "language": {"any"}, "reason": {"harassment"}})
		wantStatus(t, r, http.StatusSeeOther)
		page := admin.get(bankPath)
		if got := strings.TrimSpace(page.doc.Find(`[data-testid="flash"]`).Last().Text()); got != "Added 2; 1 were in the bank already." {
			t.Errorf("flash %q", got)
		}
		normals := page.doc.Find(`[data-testid="bank-normal"]`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if strings.Join(normals, "|") != "대출상담|시발|free money" {
			t.Errorf("normal forms shown: %q", normals)
		}
		if !strings.Contains(page.text(), "ＦＲＥＥ Money") {
			t.Error("the entry as written is not shown")
		}
	})
	t.Run("ErrEntryNormalisesToNothing", func(t *testing.T) {
		paste := "casino\n!!! ???\n"
		r := admin.submit(bankPath+"/entries", url.Values{"entries": {paste}, "language": {"en"}, "reason": {"illegal_gambling"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.doc.Find(`[data-testid="error-entries"]`).Text(); got != "Line 2 (!!! ???) has no letter or digit to match. Nothing was added." {
			t.Errorf("error beside text: %q", got)
		}
		if got := r.doc.Find("#f-entries").Text(); got != paste {
			t.Errorf("paste lost: %q", got)
		}
		if got := r.doc.Find("#f-reason option[selected]").AttrOr("value", ""); got != "illegal_gambling" {
			t.Errorf("reason lost: %q", got)
		}
		if n := bankCount(en, "SELECT count(*) FROM text_bank_entries WHERE normal = 'casino'"); n != 0 {
			t.Error("part of a refused paste was saved")
		}
	})
	t.Run("Delete", func(t *testing.T) {
		var entry int64
		en.db.Raw("SELECT id FROM text_bank_entries WHERE normal = '시발'").Scan(&entry)
		r := admin.submit(fmt.Sprintf("%s/entries/%d/delete", bankPath, entry), nil)
		wantStatus(t, r, http.StatusSeeOther)
		if n := bankCount(en, "SELECT count(*) FROM text_bank_entries WHERE id = ?", entry); n != 0 {
			t.Error("not deleted")
		}
		if n := bankCount(en, "SELECT count(*) FROM audit_events WHERE action LIKE 'bank.%'"); n != 4 {
			t.Errorf("%d audit events, want 4 (create, 2 adds, delete)", n)
		}
	})
	t.Run("ModeratorReads", func(t *testing.T) {
		mod := en.login("mina")
		for _, p := range []string{"/admin/banks", bankPath} {
			r := mod.get(p)
			wantStatus(t, r, http.StatusOK)
			if r.doc.Find(`form[action^="/admin/banks"]`).Length() != 0 || r.doc.Find(`[data-testid="banks-read-only"]`).Length() != 1 {
				t.Errorf("%s: a moderator is offered a form", p)
			}
		}
		if !strings.Contains(mod.get(bankPath).text(), "free money") {
			t.Error("the moderator does not see the entries")
		}
	})
}

func bankCount(en *env, sql string, args ...any) int64 {
	var n int64
	if err := en.db.Raw(sql, args...).Scan(&n).Error; err != nil {
		en.t.Fatal(err)
	}
	return n
}
