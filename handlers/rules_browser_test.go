//go:build browser

package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// TestBrowserRules: the admin writes a rule in shadow, reads its backtest
// (a case three reporters brought, upheld last week), switches it on;
// three users report a post, which is hidden from others at once; a
// moderator finds no violation and it is back.
func TestBrowserRules(t *testing.T) {
	f := newModFixture(t)
	en := f.en
	dave := en.user("dave", models.RoleUser)
	for _, u := range []*models.User{dave, f.cato} {
		if _, _, err := models.JoinOpenChat(t.Context(), en.db, u.ID, f.room); err != nil {
			t.Fatal(err)
		}
	}
	report := func(who *models.User, post int64) {
		t.Helper()
		if _, _, err := models.FileReport(t.Context(), en.db, who.ID, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: []string{"harassment"}}); err != nil {
			t.Fatal(err)
		}
	}
	// History for the backtest: three reporters on one post, upheld.
	old := f.post(dave, "Old insults", "you are all idiots")
	for _, u := range []*models.User{f.alma, f.bora, f.cato} {
		report(u, old)
	}
	var oldCase int64
	en.db.Raw("SELECT id FROM cases WHERE subject_id = ?", old).Scan(&oldCase)
	var mod models.User
	en.db.Where("name = 'mod'").First(&mod)
	if _, err := models.DecideCase(t.Context(), en.db, &mod, oldCase, models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, en)
	b.login("boss", "password for boss")
	b.follow("Automation")
	if got := b.text(`[data-testid="chats-never-scanned"]`); !strings.Contains(got, "1:1 chats are never scanned") {
		t.Fatalf("the rules page says %q", got)
	}
	b.fill("Name", "Three reporters with a good record")
	b.chooseOption("Runs when", "A report is filed")
	b.fill("Distinct reporters at least", "-3")
	b.chooseOption("Action", "Hide pending review")
	b.chooseOption("State", "Shadow")
	b.press("Create rule")
	if got := b.text(`[data-testid="error-min_reporters"]`); !strings.Contains(got, "cannot be negative") {
		t.Fatalf("a negative threshold: %q", got)
	}
	b.fill("Distinct reporters at least", "3")
	b.fill("Reporters' accuracy-weighted score at least", "1.4")
	b.checkA11y("the rules page with the new rule's form")
	b.press("Create rule")
	b.wantFlash("Rule created.")
	if got := b.text(`[data-testid="backtest"]`); !strings.Contains(got, "would have hit 1; moderators upheld 1 of those (100%)") {
		t.Fatalf("backtest %q", got)
	}
	b.shot("rule-shadow")
	b.press("Switch on")
	b.wantFlash("The rule's state changed.")
	if got := b.text(`[data-testid="rule-state"]`); got != "On" {
		t.Fatalf("state %q", got)
	}
	b.logout()

	post := f.post(dave, "Loud opinions", "everyone here is stupid")
	report(f.alma, post)
	report(f.bora, post)
	b.login("cato", "password for cato")
	b.open(fmt.Sprintf("/report/post/%d", post))
	b.pick("Abuse, harassment or defamation")
	b.press("Complete")
	b.open(postPath(post, ""))
	if got := b.text(`[data-testid="post"]`); strings.Contains(got, "everyone here is stupid") || !strings.Contains(got, "Hidden while it is reviewed.") {
		t.Fatalf("after three reports cato reads %q", got)
	}
	b.logout()

	var caseID int64
	en.db.Raw("SELECT id FROM cases WHERE subject_id = ? AND state <> 'resolved'", post).Scan(&caseID)
	b.login("mod", "password for mod")
	b.open(views.ModCasePath(caseID))
	if got := b.text(`[data-testid="automation"]`); !strings.Contains(got, "Automated") || !strings.Contains(got, "Hidden pending review") {
		t.Fatalf("the case's automation card: %q", got)
	}
	b.checkA11y("a case a rule hid")
	b.pick("No violation")
	b.press("Decide")
	b.wantFlash("Decided: No violation")
	b.logout()

	b.login("alma", "password for alma")
	b.open(postPath(post, ""))
	if got := b.text(`[data-testid="post-body"]`); got != "everyone here is stupid" {
		t.Fatalf("after no violation alma reads %q", got)
	}
}
