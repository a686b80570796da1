//go:build browser

package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"talksafe/models"
)

// TestBrowserComplaint walks a complaint from the notice to granted: bora,
// on a phone, appeals the removal of her post from its notice; mod2, who
// did not decide it, grants it on the appeals page; bora reads the outcome
// and her post is back.
func TestBrowserComplaint(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post, kase := f.reportPost("Is the ridge trail icy?", "harassment")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, kase, models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}

	b := newBrowser(t, f.en)
	b.phone()
	b.login("bora", "password for bora")
	b.open("/notices")
	b.follow("Appeal this decision")
	b.checkA11y("complaint form")
	b.fill("Why is the decision wrong?", "I asked about the weather on the trail.")
	b.press("Send appeal")
	b.wantFlash("Your appeal was sent")
	if got := b.text(`[data-testid="complaint-state"]`); !strings.Contains(got, "Waiting for a moderator") {
		t.Fatalf("complaint state %q", got)
	}
	b.shot("complaint-sent-en-375")

	m := newBrowser(t, f.en)
	m.login("mod2", "password for mod2")
	m.open("/mod/appeals")
	m.checkA11y("appeals and complaints")
	m.fill("Note to the user", "Not harassment.")
	m.press("Grant: reverse")
	m.wantFlash("Complaint granted")
	m.wantNoConsoleErrors()

	b.open("/notices")
	if got := b.text(`[data-testid="notice"]`); !strings.Contains(got, "Your appeal: the decision is reversed") || !strings.Contains(got, "Not harassment.") {
		t.Fatalf("bora's newest notice: %q", got)
	}
	b.open(fmt.Sprintf("/posts/%d", post))
	if got := b.text("h1"); got != "Is the ridge trail icy?" {
		t.Fatalf("post page h1 %q", got)
	}
	b.wantNoConsoleErrors()
}
