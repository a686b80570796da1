//go:build browser

package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"talksafe/models"
)

// TestBrowserLegalRequest: a designated organisation files an
// illegal-filming deletion request from the post's menu; a moderator hides
// the post at once from the case page, then removes it within the
// deadline; the organisation reads the outcome in its notices and on My
// legal requests; the statements of reasons are in the admin's download.
// Axe checks each new page.
func TestBrowserLegalRequest(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post := f.post(f.bora, "Changing room pics", "a secretly taken picture")
	f.exec("UPDATE users SET designation = 'kcc_body', designated_at = now() WHERE id = ?", f.cato.ID)
	b := newBrowser(t, f.en)

	b.login("cato", "password for cato")
	b.open(f.roomPath(""))
	b.press("Join")
	b.open(postPath(post, ""))
	b.openMenuWithin(`//article[@data-testid="post"]`)
	b.choose(`//article[@data-testid="post"]`, "Request deletion (legal)")
	b.checkA11y("legal request form")
	b.shot("legal-form")
	b.shotNarrow("legal-form-phone")
	b.pick("Illegally filmed images of me")
	b.fill("Explanation", "A victim we support is in this picture, taken without her knowledge.")
	b.press("Send request")
	b.wantFlash("Your request was sent")
	if got := b.text(`[data-testid="legal-status"]`); !strings.Contains(got, "answered by") {
		t.Fatalf("My legal requests: %q", got)
	}
	b.checkA11y("my legal requests")
	b.press("Log out")

	kase := f.rows("SELECT case_id FROM legal_requests")
	b.login("mod", "password for mod")
	b.open("/mod")
	if got := b.text(`[data-testid="queue-legal"]`); !strings.Contains(got, "Legal request") {
		t.Fatalf("queue: %q", got)
	}
	b.open(fmt.Sprintf("/mod/cases/%d", kase))
	if got := b.text(`[data-testid="legal-panel"]`); !strings.Contains(got, "A designated organisation") || strings.Contains(got, "cato") {
		t.Fatalf("legal panel: %q", got)
	}
	b.checkA11y("case page with a legal request")
	b.shot("legal-case")
	b.shotNarrow("legal-case-phone")
	b.press("Hide now, pending the decision")
	b.wantFlash("hidden pending the decision")
	b.pick("Remove content")
	b.press("Decide")
	b.wantFlash("Decided: Remove content")
	b.press("Log out")

	b.login("cato", "password for cato")
	b.open("/notices")
	if got := b.text(`main`); !strings.Contains(got, "was answered: Removed") {
		t.Fatalf("notices: %q", got)
	}
	b.open("/legal")
	if got := b.text(`[data-testid="legal-status"]`); got != "Removed" {
		t.Fatalf("My legal requests after the decision: %q", got)
	}
	b.shot("legal-mine")
	f.exec("UPDATE users SET language = 'ko' WHERE id = ?", f.cato.ID)
	b.open("/legal")
	b.checkA11y("my legal requests in Korean")
	b.shot("legal-mine-ko")
	b.shotNarrow("legal-mine-ko-phone")
	b.open(fmt.Sprintf("/legal/new/post/%d", f.post(f.alma, "Another", "another")))
	b.shot("legal-form-ko")
	b.wantNoConsoleErrors()

	// The admin's download of the statements of reasons holds the hide's and
	// the removal's, from a trusted flagger, ready for the DSA database.
	var puids []string
	f.en.db.Raw("SELECT puid FROM statements WHERE case_id = ? ORDER BY id", kase).Scan(&puids)
	if len(puids) != 2 {
		t.Fatalf("statements of the case: %q, want the hide's and the removal's", puids)
	}
	f.en.user("lex", models.RoleAdmin)
	b = newBrowser(t, f.en)
	b.login("lex", "password for lex")
	b.follow("Admin")
	b.follow("Statements of reasons")
	byPUID := b.downloadStatements()
	for _, p := range puids {
		s := byPUID[p]
		if s == nil || s["source_type"] != "SOURCE_TRUSTED_FLAGGER" || s["decision_ground"] != "DECISION_GROUND_ILLEGAL_CONTENT" {
			t.Errorf("statement %s in the download: %v", p, s)
		}
	}
	b.wantNoConsoleErrors()
}
