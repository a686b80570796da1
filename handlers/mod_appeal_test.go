package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// TestModLiftEndsAppeal: lifting a restriction early ends its pending
// appeal, which can then be neither upheld nor lifted again, and the user's
// notice of the lift says the appeal ended with it.
func TestModLiftEndsAppeal(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, kase := f.reportPost("Buy cheap followers", "spam")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, kase,
		models.Decision{Kind: models.DecideRestrict, Policy: "spam", Scope: models.ScopePosting, Days: "7", OverrideReason: "A spam wave."}); err != nil {
		t.Fatal(err)
	}
	var rid int64
	f.en.db.Raw("SELECT id FROM restrictions WHERE case_id = ?", kase).Scan(&rid)
	appeal, err := models.FileAppeal(t.Context(), f.en.db, f.bora.ID, rid, "It was not spam.")
	if err != nil {
		t.Fatal(err)
	}
	mod2 := f.en.login("mod2")
	r := mod2.submit(fmt.Sprintf("/mod/restrictions/%d/lift", rid), url.Values{"reason": {"Too harsh for a first post."}, "back": {casePath(kase, "")}})
	wantFlash(t, mod2, r, "lifted")

	var state string
	f.en.db.Raw("SELECT state FROM appeals WHERE id = ?", appeal.ID).Scan(&state)
	if state == string(models.AppealPending) {
		t.Fatal("the appeal is still pending after its restriction was lifted")
	}
	if list := mod2.get("/mod/appeals"); strings.Contains(list.text(), "It was not spam.") {
		t.Fatalf("the appeals queue still lists it:\n%s", list.text())
	}
	r = mod2.submit(fmt.Sprintf("/mod/appeals/%d", appeal.ID), url.Values{"decision": {"uphold"}})
	wantFlash(t, mod2, r, "already decided")
	if n := f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'appeal_decided'", f.bora.ID); n != 0 {
		t.Fatalf("%d appeal decisions sent about a lifted restriction", n)
	}
	notices := f.en.login("bora").get("/notices")
	lifted := notices.doc.Find(`[data-testid="notice"]`).First().Text()
	if !strings.Contains(lifted, "restriction lifted") || !strings.Contains(lifted, "appeal") {
		t.Fatalf("the newest notice does not say the appeal ended:\n%s", lifted)
	}
}
