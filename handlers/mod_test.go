package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
)

// modFixture is a board where alma reports bora's posts, with moderators
// mod and mod2, support helper and admin boss.
type modFixture struct {
	*boardFixture
	mod, mod2 *models.User
}

func newModFixture(t *testing.T) *modFixture {
	t.Helper()
	return modFixtureOn(t, newEnv(t))
}

// modFixtureOn builds the moderation fixture in en.
func modFixtureOn(t *testing.T, en *env) *modFixture {
	t.Helper()
	f := &modFixture{boardFixture: boardFixtureOn(t, en)}
	f.mod = f.en.user("mod", models.RoleModerator)
	f.mod2 = f.en.user("mod2", models.RoleModerator)
	f.en.user("helper", models.RoleSupport)
	f.en.user("boss", models.RoleAdmin)
	return f
}

// reportPost has alma report a new post of bora's and returns the case id.
func (f *modFixture) reportPost(title string, reasons ...string) (postID, caseID int64) {
	f.en.t.Helper()
	postID = f.post(f.bora, title, "body of "+title)
	filed, _, err := models.FileReport(f.en.t.(*testing.T).Context(), f.en.db, f.alma.ID,
		models.ReportInput{Type: models.SubjectPost, ID: postID, Reasons: reasons, Detail: "see " + title})
	if err != nil {
		f.en.t.Fatal(err)
	}
	return postID, filed.CaseID
}

func casePath(id int64, suffix string) string { return fmt.Sprintf("/mod/cases/%d%s", id, suffix) }

func TestModDecideRestrict(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post, kase := f.reportPost("Buy cheap followers", "spam")
	mod := f.en.login("mod")

	q := mod.get("/mod")
	wantStatus(t, q, http.StatusOK)
	if q.doc.Find(`[data-testid="case"]`).Length() != 1 || !strings.Contains(q.text(), "bora") {
		t.Fatalf("queue:\n%s", q.text())
	}
	page := mod.get(casePath(kase, ""))
	wantStatus(t, page, http.StatusOK)
	if got := page.doc.Find(`[data-testid="evidence"]`).Text(); !strings.Contains(got, "body of Buy cheap followers") {
		t.Fatalf("evidence = %q", got)
	}
	if !strings.Contains(page.text(), "alma") || !strings.Contains(page.text(), "Filed 1") {
		t.Fatalf("the report lacks its reporter or accuracy:\n%s", page.text())
	}
	if f.rows("SELECT count(*) FROM audit_events WHERE action = 'evidence.view' AND actor_id = ?", f.mod.ID) != 1 {
		t.Fatal("viewing the evidence was not audited")
	}

	t.Run("ErrUnknownScope", func(t *testing.T) {
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"everything"}, "days": {"7"},
			"user_note": {"kept"}})
		wantFieldError(t, r, "scope", "Choose what to restrict")
		if v := r.doc.Find(`textarea[name="user_note"]`).Text(); v != "kept" {
			t.Fatalf("the note was not kept: %q", v)
		}
	})
	t.Run("ErrUnknownDuration", func(t *testing.T) {
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"5"}})
		wantFieldError(t, r, "days", "Choose a duration")
	})
	t.Run("ErrNoPolicy", func(t *testing.T) {
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"warn"}})
		wantFieldError(t, r, "policy", "Operation Policy")
	})
	t.Run("ErrSupportDecides", func(t *testing.T) {
		r := f.en.login("helper").submit(casePath(kase, "/decide"), url.Values{"kind": {"warn"}, "policy": {"spam"}})
		wantStatus(t, r, http.StatusForbidden)
	})
	t.Run("ErrUserReachesMod", func(t *testing.T) {
		wantStatus(t, f.en.login("alma").get("/mod"), http.StatusForbidden)
	})
	if f.rows("SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", kase) != 1 {
		t.Fatal("a refused decision changed the case")
	}

	t.Run("OK", func(t *testing.T) {
		r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"spam"}, "scope": {"posting"}, "days": {"7"},
			"remove_content": {"1"}, "user_note": {"Please stop advertising."}, "internal_note": {"third spam wave"},
			"override_reason": {"Third spam wave this month."}})
		wantRedirect(t, r, casePath(kase, ""))
		wantFlash(t, mod, r, "Decided: Restrict")
		bora := f.en.login("bora")
		home := bora.get("/")
		if got := home.doc.Find(`[data-testid="unread-count"]`).Text(); got != "1" {
			t.Fatalf("bora's unread count = %q", got)
		}
		notices := bora.get("/notices")
		text := notices.text()
		for _, want := range []string{"Posting restricted", "Spam, advertising or flooding", "until ", "Please stop advertising.", "appeal"} {
			if !strings.Contains(text, want) {
				t.Errorf("bora's notice lacks %q:\n%s", want, text)
			}
		}
		for _, leak := range []string{"mod", "alma", "third spam wave"} { // names, not "moderator" in the statement's words
			if regexp.MustCompile(`\b` + leak + `\b`).MatchString(notices.doc.Find("main").Text()) {
				t.Errorf("bora's notices show %q", leak)
			}
		}
		r = bora.submit(f.roomPath("/posts"), url.Values{"title": {"again"}, "body": {"more ads"}})
		if r.status == http.StatusSeeOther {
			t.Fatal("restricted bora could post")
		}
		// The removed post: its text is gone from every user page.
		alma := f.en.login("alma")
		pp := alma.get(postPath(post, ""))
		if !strings.Contains(pp.text(), "This was removed by moderation.") || strings.Contains(pp.body, "Buy cheap followers") {
			t.Fatalf("removed post page:\n%s", pp.text())
		}
		if board := alma.get(f.roomPath("")); strings.Contains(board.body, "Buy cheap followers") {
			t.Fatal("the board still lists the removed post's title")
		}
		dana := f.en.user("dana", models.RoleUser)
		if _, _, err := models.JoinOpenChat(t.Context(), f.en.db, dana.ID, f.room); err != nil {
			t.Fatal(err)
		}
		if r := f.en.login("dana").get(fmt.Sprintf("/report/post/%d", post)); r.status != http.StatusNotFound || strings.Contains(r.body, "body of Buy cheap followers") {
			t.Fatalf("the Report pop-up of a removed post: %d\n%s", r.status, r.text())
		}
		mine := alma.get("/reports")
		if got := mine.doc.Find(`[data-testid="report"] .status`).Text(); got != "Action taken" {
			t.Fatalf("My reports status = %q", got)
		}
		an := alma.get("/notices")
		if !strings.Contains(an.text(), "took action") || strings.Contains(an.text(), "Posting") {
			t.Fatalf("alma's notice:\n%s", an.text())
		}
	})
	t.Run("ErrDecidedCase", func(t *testing.T) {
		r := f.en.login("mod2").submit(casePath(kase, "/decide"), url.Values{"kind": {"warn"}, "policy": {"spam"}})
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.text(), "already decided by mod at ") {
			t.Fatalf("page:\n%s", r.text())
		}
	})
}

// TestModConcurrentDecisions has two moderators decide one case at once
// through the router: exactly one decision stands.
func TestModConcurrentDecisions(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	for round := range 5 {
		_, kase := f.reportPost(fmt.Sprintf("race %d", round), "harassment")
		clients := []*struct {
			name string
			c    *client
			form url.Values
			res  *response
		}{
			{name: "mod", form: url.Values{"kind": {"restrict"}, "policy": {"harassment"}, "scope": {"messaging"}, "days": {"30"},
				"override_reason": {"Moves to chats to harass."}}},
			{name: "mod2", form: url.Values{"kind": {"no_violation"}, "policy": {"harassment"}}},
		}
		for _, x := range clients {
			x.c = f.en.login(x.name)
			x.form.Set("_csrf", x.c.csrf())
		}
		var wg sync.WaitGroup
		for _, x := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x.res = x.c.post(casePath(kase, "/decide"), x.form)
			}()
		}
		wg.Wait()
		won, lost := 0, 0
		var winner string
		for _, x := range clients {
			switch x.res.status {
			case http.StatusSeeOther:
				won++
				winner = x.name
			case http.StatusConflict:
				lost++
				if !strings.Contains(x.res.text(), "already decided by ") {
					t.Fatalf("the loser reads:\n%s", x.res.text())
				}
			default:
				t.Fatalf("%s: status %d\n%s", x.name, x.res.status, x.res.text())
			}
		}
		if won != 1 || lost != 1 {
			t.Fatalf("round %d: %d won, %d lost", round, won, lost)
		}
		restrictions := f.rows("SELECT count(*) FROM restrictions WHERE case_id = ?", kase)
		if (winner == "mod") != (restrictions == 1) || restrictions > 1 {
			t.Fatalf("winner %s, %d restrictions: half of the loser applied", winner, restrictions)
		}
		if n := f.rows("SELECT count(*) FROM audit_events WHERE action = 'case.decide' AND subject_id = ?", kase); n != 1 {
			t.Fatalf("%d decisions audited", n)
		}
	}
}

func TestModStartReviewing(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, spam := f.reportPost("spam", "spam")
	_, threat := f.reportPost("threat", "threat")
	mod := f.en.login("mod")
	r := mod.submit("/mod/start", nil)
	wantRedirect(t, r, casePath(threat, "?review=1"))
	page := mod.get(casePath(threat, "?review=1"))
	// A threat is severe: its evidence is hidden until revealed.
	if page.doc.Find(`[data-testid="evidence-hidden"]`).Length() != 1 || strings.Contains(page.body, "body of threat") {
		t.Fatalf("severe evidence shown before reveal:\n%s", page.text())
	}
	r = mod.submit(casePath(threat, "/reveal"), url.Values{"next": {"1"}})
	wantRedirect(t, r, casePath(threat, "?review=1#evidence"))
	page = mod.get(casePath(threat, "?review=1"))
	if !strings.Contains(page.body, "body of threat") {
		t.Fatal("revealed evidence not shown")
	}
	if f.rows("SELECT count(*) FROM audit_events WHERE action = 'evidence.reveal' AND subject_id = ?", threat) != 1 {
		t.Fatal("the reveal was not audited")
	}
	r = mod.submit(casePath(threat, "/decide"), url.Values{"kind": {"warn"}, "policy": {"threat"}, "next": {"1"}})
	wantRedirect(t, r, casePath(spam, "?review=1"))
	r = mod.submit(casePath(spam, "/decide"), url.Values{"kind": {"no_violation"}, "policy": {"spam"}, "next": {"1"}})
	wantRedirect(t, r, "/mod")
	wantFlash(t, mod, r, "The queue is empty")

	stats := mod.get("/mod/stats")
	wantStatus(t, stats, http.StatusOK)
	if stats.doc.Find(`svg[data-testid="chart"] rect`).Length() < 2 || strings.Contains(stats.body, "<script>") {
		t.Fatalf("no server-drawn chart:\n%s", stats.text())
	}
	row := stats.doc.Find(`[data-testid="moderators"] tbody tr`)
	var cells []string
	row.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
	if row.Length() != 1 || strings.Join(cells, " ") != "mod 2 2 1" {
		t.Fatalf("moderator row %q, want mod: 2 decisions, 2 today, 1 severe item seen", row.Text())
	}
	if !strings.Contains(stats.doc.Find(`[data-testid="median"]`).Text(), "min") {
		t.Fatalf("median: %q", stats.doc.Find(`[data-testid="median"]`).Text())
	}
}

func TestModBulk(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	var cases []string
	for _, title := range []string{"cheap phones", "lottery tips", "free coupons"} { // three texts: one text thrice is a spam wave, one row
		_, c := f.reportPost(title, "spam")
		cases = append(cases, fmt.Sprint(c))
	}
	mod := f.en.login("mod")
	t.Run("ErrNoPolicy", func(t *testing.T) {
		r := mod.submit("/mod/bulk", url.Values{"cases": cases, "kind": {"remove"}})
		wantFieldError(t, r, "policy", "Operation Policy")
		if r.doc.Find(`input[name="cases"][checked]`).Length() != 3 {
			t.Fatal("the ticked cases were not kept")
		}
	})
	t.Run("OK", func(t *testing.T) {
		r := mod.submit("/mod/bulk", url.Values{"cases": cases, "kind": {"remove"}, "policy": {"spam"}})
		wantRedirect(t, r, "/mod")
		wantFlash(t, mod, r, "Decided 3 cases")
		if n := f.rows("SELECT count(*) FROM board_posts WHERE removed_at IS NOT NULL"); n != 3 {
			t.Fatalf("%d posts removed", n)
		}
	})
}

// TestModServiceRestriction: a 'service' restriction ends the user's
// sessions at once; logging in again they can only read their notice and
// appeal, once; the moderator who decided may not judge the appeal.
func TestModServiceRestriction(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, kase := f.reportPost("scam", "fraud")
	bora := f.en.login("bora")
	wantStatus(t, bora.get("/friends"), http.StatusOK)
	mod := f.en.login("mod")
	wantStatus(t, mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"fraud"}, "scope": {"service"}, "days": {"30"},
		"override_reason": {"Phishing for accounts: the whole account goes."}}), http.StatusSeeOther)
	if r := bora.get("/friends"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/login") {
		t.Fatalf("bora's old session still works: %d %s", r.status, r.header.Get("Location"))
	}
	bora = f.en.login("bora")
	r := bora.get("/friends")
	wantRedirect(t, r, "/restrictions")
	wantStatus(t, bora.get("/notices"), http.StatusOK)
	page := bora.get("/restrictions")
	if !strings.Contains(page.text(), "Your whole account is restricted until") || !strings.Contains(page.text(), "Fraud") {
		t.Fatalf("restrictions page:\n%s", page.text())
	}
	var rid int64
	f.en.db.Raw("SELECT id FROM restrictions WHERE case_id = ?", kase).Scan(&rid)
	appealPath := fmt.Sprintf("/restrictions/%d/appeal", rid)
	wantFieldError(t, bora.submit(appealPath, url.Values{"body": {"  "}}), "body", "Say why")
	wantRedirect(t, bora.submit(appealPath, url.Values{"body": {"Someone used my phone."}}), "/restrictions")
	wantStatus(t, bora.submit(appealPath, url.Values{"body": {"again"}}), http.StatusConflict)

	var appeal int64
	f.en.db.Raw("SELECT id FROM appeals WHERE restriction_id = ?", rid).Scan(&appeal)
	list := mod.get("/mod/appeals")
	if !strings.Contains(list.text(), "Someone used my phone.") || list.doc.Find(`button[value="lift"]`).Length() != 0 {
		t.Fatalf("the decider's appeals page:\n%s", list.text())
	}
	r = mod.submit(fmt.Sprintf("/mod/appeals/%d", appeal), url.Values{"decision": {"lift"}})
	wantFlash(t, mod, r, "another moderator")
	mod2 := f.en.login("mod2")
	r = mod2.submit(fmt.Sprintf("/mod/appeals/%d", appeal), url.Values{"decision": {"lift"}, "note": {"Secure your phone."}})
	wantFlash(t, mod2, r, "Appeal granted")
	wantStatus(t, bora.get("/friends"), http.StatusOK)
}

// TestModStaffSeeOnlySnapshots: no staff page holds a chat message that is
// not in a report's evidence snapshot.
func TestModStaffSeeOnlySnapshots(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	en := f.en
	rin, sol := en.login("alma"), en.login("cato")
	room, _ := rin.startChat("cato")
	var ids []int64
	for i := range 20 {
		from := sol
		if i%5 == 0 {
			from = rin
		}
		wantStatus(t, from.submit(room+"/messages", url.Values{"body": {fmt.Sprintf("secret line %02d", i)}}), http.StatusSeeOther)
		var id int64
		en.db.Raw("SELECT max(id) FROM chat_messages").Scan(&id)
		ids = append(ids, id)
	}
	wantStatus(t, rin.submit(fmt.Sprintf("/report/message/%d", ids[11]), url.Values{"reasons": {"harassment"}}), http.StatusSeeOther)
	var kase int64
	en.db.Raw("SELECT case_id FROM reports").Scan(&kase)
	var roomID int64
	fmt.Sscanf(room, "/chats/%d", &roomID)
	crawlIDs := append([]int64{kase, roomID}, ids...)
	for _, who := range []string{"mod", "boss", "helper"} {
		pages := crawl(t, en, en.login(who), crawlIDs, "/", "/mod", casePath(kase, ""))
		sawEvidence := false
		for path, body := range pages {
			for i := range ids {
				line := fmt.Sprintf("secret line %02d", i)
				if strings.Contains(body, line) {
					if i < 6 || i > 16 {
						t.Errorf("%s: %s shows %q, which is not in the snapshot", who, path, line)
					}
					sawEvidence = true
				}
			}
		}
		if who != "helper" && !sawEvidence {
			t.Errorf("%s never saw the evidence: is the crawl reaching the case?", who)
		}
	}
}
