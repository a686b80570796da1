package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// TestComplaintThroughPages: bora appeals the removal of her post from its
// notice, once; alma, not affected, finds nothing; mod, who removed it,
// sees the complaint but cannot judge it; mod2 grants it, the post is back
// and bora reads the outcome without the name of anyone on staff.
func TestComplaintThroughPages(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post, kase := f.reportPost("Trail closed?", "harassment")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, kase, models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}
	var decision int64
	f.en.db.Raw("SELECT decision_id FROM cases WHERE id = ?", kase).Scan(&decision)
	page := fmt.Sprintf("/complaints/decision/%d", decision)

	bora := f.en.login("bora")
	notices := bora.get("/notices")
	if href, _ := notices.doc.Find(`[data-testid="notice-complain"]`).Attr("href"); href != page {
		t.Fatalf("the removal notice's appeal leads to %q, want %q", href, page)
	}
	form := bora.get(page)
	wantStatus(t, form, http.StatusOK)
	if form.doc.Find(`[data-testid="complaint-form"]`).Length() != 1 || !strings.Contains(form.text(), "within 6 months") {
		t.Fatalf("no complaint form:\n%s", form.text())
	}
	wantFieldError(t, bora.submit(page, url.Values{"body": {"  "}}), "body", "Say why the decision is wrong.")
	wantFlash(t, bora, bora.submit(page, url.Values{"body": {"I only asked whether the trail is closed."}}), "Your appeal was sent")
	again := bora.submit(page, url.Values{"body": {"Again."}})
	wantStatus(t, again, http.StatusConflict)
	if !strings.Contains(again.text(), "already appealed this decision") {
		t.Fatalf("second complaint:\n%s", again.text())
	}
	if n := bora.get("/notices"); n.doc.Find(`[data-testid="notice-complain"]`).Length() != 0 ||
		!strings.Contains(n.doc.Find(`[data-testid="notice-complaint-pending"]`).Text(), "is reviewing your appeal") {
		t.Fatal("the notice still offers an appeal, or does not say the appeal is being reviewed")
	}

	alma := f.en.login("alma")
	wantStatus(t, alma.get(page), http.StatusNotFound)
	wantStatus(t, alma.submit(page, url.Values{"body": {"Me too."}}), http.StatusNotFound)
	wantStatus(t, bora.get("/complaints/verdict/1"), http.StatusNotFound)

	var complaint int64
	f.en.db.Raw("SELECT id FROM complaints WHERE decision_id = ?", decision).Scan(&complaint)
	mod := f.en.login("mod")
	list := mod.get("/mod/appeals")
	item := list.doc.Find(`[data-testid="complaint"]`)
	if item.Length() != 1 || item.Find(`[data-testid="complaint-own"]`).Length() != 1 || item.Find("form").Length() != 0 {
		t.Fatalf("mod's view of the complaint:\n%s", list.text())
	}
	wantFlash(t, mod, mod.submit(fmt.Sprintf("/mod/complaints/%d", complaint), url.Values{"decision": {"grant"}}), "You took this decision")
	mod2 := f.en.login("mod2")
	if mod2.get("/mod/appeals").doc.Find(`[data-testid="complaint"] form`).Length() != 1 {
		t.Fatal("mod2 cannot judge the complaint")
	}
	wantFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/complaints/%d", complaint), url.Values{"decision": {"maybe"}}), "Choose Grant or Reject")
	wantFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/complaints/%d", complaint), url.Values{"decision": {"grant"}, "note": {"A question, not harassment."}}), "Complaint granted")
	if f.rows("SELECT count(*) FROM board_posts WHERE id = ? AND removed_at IS NULL", post) != 1 {
		t.Fatal("the post is still removed")
	}
	outcome := bora.get("/notices")
	newest := outcome.doc.Find(`[data-testid="notice"]`).First().Text()
	if !strings.Contains(newest, "the decision is reversed") || !strings.Contains(newest, "A question, not harassment.") {
		t.Fatalf("bora's newest notice:\n%s", newest)
	}
	if strings.Contains(outcome.body, "mod2") || strings.Contains(outcome.body, "alma") {
		t.Fatal("bora's notices name staff or the reporter")
	}
	if !strings.Contains(bora.get(page).text(), "Granted: the decision was reversed.") {
		t.Fatal("the complaint page does not say it was granted")
	}
}

// TestComplaintRefusals: 6 months after the notice the page says why and a
// complaint is refused; a restriction in force sends the user to its appeal.
func TestComplaintRefusals(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, old := f.reportPost("Old news", "spam")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, old, models.Decision{Kind: models.DecideRemove, Policy: "spam"}); err != nil {
		t.Fatal(err)
	}
	f.exec("UPDATE decisions SET created_at = now() - interval '7 months' WHERE id = (SELECT decision_id FROM cases WHERE id = ?)", old)
	var decision int64
	f.en.db.Raw("SELECT decision_id FROM cases WHERE id = ?", old).Scan(&decision)
	bora := f.en.login("bora")
	page := fmt.Sprintf("/complaints/decision/%d", decision)
	if got := bora.get(page).doc.Find(`[data-testid="complaint-refused"]`).Text(); !strings.Contains(got, "More than 6 months") {
		t.Fatalf("refusal %q", got)
	}
	r := bora.submit(page, url.Values{"body": {"Late."}})
	if r.status == http.StatusSeeOther || !strings.Contains(r.text(), "More than 6 months") {
		t.Fatalf("late complaint: %d\n%s", r.status, r.text())
	}

	_, restricted := f.reportPost("Rude", "harassment")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, restricted, models.Decision{Kind: models.DecideRestrict, Policy: "harassment",
		Scope: models.ScopeMessaging, Days: "7", OverrideReason: "test"}); err != nil {
		t.Fatal(err)
	}
	f.en.db.Raw("SELECT decision_id FROM cases WHERE id = ?", restricted).Scan(&decision)
	appeal := bora.get(fmt.Sprintf("/complaints/decision/%d", decision))
	if appeal.doc.Find(`[data-testid="complaint-appeal-restriction"] a[href="/restrictions"]`).Length() != 1 ||
		appeal.doc.Find(`[data-testid="complaint-form"]`).Length() != 0 {
		t.Fatalf("a restriction in force:\n%s", appeal.text())
	}
	// The restricted notice offers the restriction's appeal, not a second button.
	notices := bora.get("/notices")
	if n := notices.doc.Find(`[data-testid="notice-complain"]`).Length(); n != 0 {
		t.Fatalf("%d complaint buttons beside the restriction's appeal", n)
	}
}

// TestSecondLookThroughPages: alma asks from My reports for a second look
// at "no violation", once; granted, the case is back at the top of the
// queue; bora learns nothing of it.
func TestSecondLookThroughPages(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, kase := f.reportPost("Just a question", "spam")
	if _, err := models.DecideCase(t.Context(), f.en.db, f.mod, kase, models.Decision{Kind: models.DecideNoViolation}); err != nil {
		t.Fatal(err)
	}
	var report int64
	f.en.db.Raw("SELECT id FROM reports WHERE case_id = ?", kase).Scan(&report)
	page := fmt.Sprintf("/complaints/report/%d", report)
	alma := f.en.login("alma")
	if href, _ := alma.get("/reports").doc.Find(`[data-testid="second-look"]`).Attr("href"); href != page {
		t.Fatalf("My reports offers %q, want %q", href, page)
	}
	wantStatus(t, f.en.login("cato").get(page), http.StatusNotFound)
	wantFlash(t, alma, alma.submit(page, url.Values{"body": {"The link in it is a phishing site."}}), "Your appeal was sent")
	again := alma.submit(page, url.Values{"body": {"Please."}})
	if again.status != http.StatusConflict || !strings.Contains(again.text(), "already asked for a second look") {
		t.Fatalf("second request: %d\n%s", again.status, again.text())
	}
	if got := alma.get("/reports").doc.Find(`[data-testid="second-look-state"]`).Text(); !strings.Contains(got, "waiting") {
		t.Fatalf("My reports says %q", got)
	}
	boraBefore := f.rows("SELECT count(*) FROM notices WHERE user_id = ?", f.bora.ID)
	var complaint int64
	f.en.db.Raw("SELECT id FROM complaints WHERE report_id = ?", report).Scan(&complaint)
	mod2 := f.en.login("mod2")
	wantFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/complaints/%d", complaint), url.Values{"decision": {"grant"}}), "Complaint granted")
	queue := mod2.get("/mod")
	first := queue.doc.Find(`[data-testid="case"]`).First()
	if !strings.Contains(first.Text(), fmt.Sprintf("#%d", kase)) || !first.HasClass("escalated") {
		t.Fatalf("queue's first row: %s", first.Text())
	}
	if n := f.rows("SELECT count(*) FROM notices WHERE user_id = ?", f.bora.ID); n != boraBefore {
		t.Fatal("the reported user was told of the reporter's complaint")
	}
	if !strings.Contains(alma.get("/notices").text(), "Your report is reviewed again") {
		t.Fatal("alma not told")
	}
}

// TestDesignatedOrganisations: the admin designates a user account by name,
// with bad inputs refused; the account, the case page and the queue show
// the mark; the stats count its reports apart; the designation ends.
func TestDesignatedOrganisations(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	boss := f.en.login("boss")
	page := boss.get("/admin/organisations")
	wantStatus(t, page, http.StatusOK)
	if page.doc.Find(`[data-testid="organisations-empty"]`).Length() != 1 {
		t.Fatal("no empty list")
	}
	wantFieldError(t, boss.submit("/admin/organisations", url.Values{"name": {"nobody"}, "kind": {"trusted_flagger"}}), "name", "There is no account named nobody")
	wantFieldError(t, boss.submit("/admin/organisations", url.Values{"name": {"mod2"}, "kind": {"trusted_flagger"}}), "name", "staff account")
	wantFieldError(t, boss.submit("/admin/organisations", url.Values{"name": {"alma"}, "kind": {"police"}}), "kind", "Choose a kind")
	wantFlash(t, boss, boss.submit("/admin/organisations", url.Values{"name": {"alma"}, "kind": {"kcc_body"}}), "alma is now a designated organisation")
	dup := boss.submit("/admin/organisations", url.Values{"name": {"alma"}, "kind": {"trusted_flagger"}})
	if dup.status != http.StatusConflict || !strings.Contains(dup.text(), "already a designated organisation") {
		t.Fatalf("designated twice: %d\n%s", dup.status, dup.text())
	}
	row := boss.get("/admin/organisations").doc.Find(`[data-testid="organisation"]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "KCC-designated body") || !strings.Contains(row.Text(), "boss") {
		t.Fatalf("row: %s", row.Text())
	}
	if !strings.Contains(f.en.login("alma").get("/account").doc.Find(`[data-testid="account-designated"]`).Text(), "KCC-designated body") {
		t.Fatal("alma's Account page does not say she is designated")
	}

	_, kase := f.reportPost("Hidden camera clip", "obscene")
	mod := f.en.login("mod")
	if mod.get(casePath(kase, "")).doc.Find(`[data-testid="reporter-designated"]`).Length() != 1 {
		t.Fatal("no mark beside the designated reporter")
	}
	if mod.get("/mod").doc.Find(`[data-testid="queue-designated"]`).Length() != 1 {
		t.Fatal("no mark on the queue row")
	}
	if got := mod.get("/mod/stats").doc.Find(`[data-testid="designated-filed"]`).Text(); !strings.Contains(got, "1") {
		t.Fatalf("stats: %q", got)
	}
	if f.rows("SELECT count(*) FROM audit_events WHERE action = 'designation.create' AND subject_id = ?", f.alma.ID) != 1 {
		t.Fatal("not audited")
	}
	end := fmt.Sprintf("/admin/organisations/%d/end", f.alma.ID)
	wantFlash(t, boss, boss.submit(end, url.Values{}), "The designation has ended")
	wantFlash(t, boss, boss.submit(end, url.Values{}), "is not a designated organisation")
	wantStatus(t, mod.submit("/admin/organisations", url.Values{"name": {"cato"}, "kind": {"kcc_body"}}), http.StatusForbidden)
}
