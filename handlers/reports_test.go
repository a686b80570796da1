package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"talksafe/models"
)

// chatWith starts a room from a to b (both logged in) and has b send body;
// it returns the room's URL and the message's id.
func chatWith(t *testing.T, en *env, a, b *client, bName, body string) (string, int64) {
	t.Helper()
	room, _ := a.startChat(bName)
	a.submit(room+"/messages", url.Values{"body": {"hi " + bName}})
	b.submit(room+"/messages", url.Values{"body": {body}})
	var id int64
	en.db.Raw("SELECT max(id) FROM chat_messages").Scan(&id)
	return room, id
}

func TestReportChatMessagePages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("rin", models.RoleUser)
	en.user("sol", models.RoleUser)
	rin, sol := en.login("rin"), en.login("sol")
	room, msg := chatWith(t, en, rin, sol, "sol", "send me your password or else")
	reportURL := fmt.Sprintf("/report/message/%d", msg)

	page := rin.get(room)
	if href, _ := page.doc.Find(`[data-testid="message"] details.menu a:contains("Report")`).Last().Attr("href"); href != reportURL {
		t.Fatalf("the message's … menu has Report → %q, want %q", href, reportURL)
	}
	if page.doc.Find(`[data-testid="stranger-banner"] a:contains("Report")`).Length() != 1 {
		t.Error("the stranger banner lacks Report")
	}
	form := rin.get(reportURL)
	wantStatus(t, form, http.StatusOK)
	if form.doc.Find(`input[name="reasons"]`).Length() != 12 {
		t.Fatal("the pop-up lacks the Reasons for Reporting")
	}
	warning := form.doc.Find(`[data-testid="chat-report-warning"]`)
	if !strings.Contains(warning.Text(), "will be deleted when reported") || warning.Find(`a:contains("Export Chat Message")`).Length() != 1 {
		t.Fatalf("warning: %q", warning.Text())
	}
	if form.doc.Find(`a[href="/policy"]`).Length() == 0 || !strings.Contains(form.text(), "false report") {
		t.Error("no false-report note with the Operation Policy link")
	}
	t.Run("Htmx", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, en.srv.URL+reportURL, nil)
		req.Header.Set("HX-Request", "true")
		r := rin.do(req)
		if r.status != http.StatusOK || strings.Contains(r.body, "<html") || r.doc.Find(`[data-testid="report-form"]`).Length() != 1 {
			t.Fatalf("htmx fragment: %d\n%s", r.status, r.body)
		}
	})
	t.Run("ErrInput", func(t *testing.T) {
		r := rin.submit(reportURL, url.Values{})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="error-reasons"]`).Text() == "" {
			t.Fatal("no error beside the reasons")
		}
		r = rin.submit(reportURL, url.Values{"reasons": {"threat", "other"}, "detail": {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="error-detail"]`).Text() == "" {
			t.Fatal("no error beside the text box")
		}
		if _, ok := r.doc.Find(`input[value="threat"]`).Attr("checked"); !ok {
			t.Error("the checked reasons were not kept")
		}
		r = rin.submit(reportURL, url.Values{"reasons": {"made_up"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		var n int64
		en.db.Raw("SELECT count(*) FROM reports").Scan(&n)
		if n != 0 {
			t.Fatalf("%d reports after bad input", n)
		}
	})
	t.Run("OK", func(t *testing.T) {
		r := rin.submit(reportURL, url.Values{"reasons": {"threat", "fraud"}, "detail": {"he wants my password"}})
		if r.status != http.StatusSeeOther || !strings.HasSuffix(r.header.Get("Location"), "/received") {
			t.Fatalf("%d %s", r.status, r.header.Get("Location"))
		}
		got := rin.get(r.header.Get("Location"))
		if !strings.Contains(got.doc.Find(`[data-testid="now-blocked"]`).Text(), "sol is now blocked") {
			t.Fatalf("confirmation:\n%s", got.text())
		}
		if got.doc.Find(`a:contains("Notify Customer Service")`).Length() != 1 {
			t.Error("no Notify Customer Service")
		}
		wantStatus(t, rin.get(room), http.StatusNotFound) // the room is gone from rin's side
		if sol.get(room).status != http.StatusOK {
			t.Error("sol lost the room")
		}
		mine := rin.get("/reports")
		row := mine.doc.Find(`[data-testid="report"]`)
		if row.Length() != 1 || !strings.Contains(row.Text(), "Chat message") || !strings.Contains(row.Text(), "Threats, violence or terrorism") || !strings.Contains(row.Text(), "Received") {
			t.Fatalf("My reports: %q", row.Text())
		}
		blocked := rin.get("/settings/friends/blocked")
		if !strings.Contains(blocked.doc.Find(`[data-testid="blocked-friends"]`).Text(), "sol") {
			t.Error("sol is not under Blocked Friends")
		}
	})
	t.Run("ErrTwice", func(t *testing.T) {
		r := rin.submit(reportURL, url.Values{"reasons": {"spam"}})
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.text(), "already reported") {
			t.Fatalf("%s", r.text())
		}
	})
	t.Run("ErrSomeoneElses", func(t *testing.T) {
		en.user("tae", models.RoleUser)
		tae := en.login("tae")
		wantStatus(t, tae.get(reportURL), http.StatusNotFound)
		wantStatus(t, tae.submit(reportURL, url.Values{"reasons": {"spam"}}), http.StatusNotFound)
		wantStatus(t, tae.get("/report/profile/1"), http.StatusNotFound)
		wantStatus(t, tae.get("/report/message/abc"), http.StatusNotFound)
		var id int64
		en.db.Raw("SELECT max(id) FROM reports").Scan(&id)
		wantStatus(t, tae.get("/reports/"+strconv.FormatInt(id, 10)+"/received"), http.StatusNotFound)
	})
}

func TestReportFriendRefused(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("ara", models.RoleUser)
	bo := en.user("boram", models.RoleUser)
	ara, boc := en.login("ara"), en.login("boram")
	ara.submit("/friends", url.Values{"name": {"boram"}})
	room, msg := chatWith(t, en, ara, boc, "boram", "a threat from a friend")
	reportURL := fmt.Sprintf("/report/message/%d", msg)

	r := ara.get(reportURL)
	wantStatus(t, r, http.StatusForbidden)
	refusal := r.doc.Find(`[data-testid="friend-not-reportable"]`)
	if !strings.Contains(refusal.Text(), "You can't report a message from your friends") {
		t.Fatalf("refusal:\n%s", r.text())
	}
	block, _ := refusal.Find(`a:contains("Block")`).Attr("href")
	if block != fmt.Sprintf("/friends/%d/block?next=%s", bo.ID, room) {
		t.Fatalf("Block link %q", block)
	}
	if !strings.Contains(refusal.Text(), "Hide") || !strings.Contains(refusal.Text(), "Hidden Friends") {
		t.Error("no path to delete the friend")
	}
	wantStatus(t, ara.submit(reportURL, url.Values{"reasons": {"threat"}}), http.StatusForbidden)

	// Hidden: still a friend; the page offers Delete straight away.
	ara.submit(fmt.Sprintf("/friends/%d/hide", bo.ID), nil)
	r = ara.get(reportURL)
	if href, _ := r.doc.Find(`a:contains("Delete")`).Attr("href"); href != fmt.Sprintf("/settings/friends/%d/delete", bo.ID) {
		t.Fatalf("Delete link %q", href)
	}
	// Blocked: reportable.
	ara.submit(fmt.Sprintf("/friends/%d/block", bo.ID), url.Values{"next": {room}})
	wantStatus(t, ara.get(reportURL), http.StatusOK)
	r = ara.submit(reportURL, url.Values{"reasons": {"threat"}})
	wantStatus(t, r, http.StatusSeeOther)
}

func TestReportPostAndComment(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.bora, "EASY MONEY", "message me your account number")
	comment := f.comment(f.bora, post, "mind your own business, idiot")
	alma := f.en.login("alma")

	form := alma.get(fmt.Sprintf("/report/post/%d", post))
	wantStatus(t, form, http.StatusOK)
	if form.doc.Find(`[data-testid="chat-report-warning"]`).Length() != 0 || form.doc.Find(`input[name="also_block"]`).Length() != 1 {
		t.Fatal("a post's pop-up: no chat warning, and the also-block choice")
	}
	r := alma.submit(fmt.Sprintf("/report/post/%d", post), url.Values{"reasons": {"fraud", "spam"}})
	wantStatus(t, r, http.StatusSeeOther)
	if f.en.state(f.alma.ID, f.bora.ID) != "" {
		t.Fatal("a post report blocked without being asked")
	}
	r = alma.submit(fmt.Sprintf("/report/comment/%d", comment), url.Values{"reasons": {"harassment"}, "also_block": {"1"}})
	wantStatus(t, r, http.StatusSeeOther)
	if f.en.state(f.alma.ID, f.bora.ID) != "blocked" {
		t.Fatal("also block was asked for")
	}
	// The author edits and deletes: the evidence keeps what was reported.
	bora := f.en.login("bora")
	bora.submit(fmt.Sprintf("/posts/%d/edit", post), url.Values{"title": {"Nothing to see"}, "body": {"innocent"}})
	bora.submit(fmt.Sprintf("/comments/%d/delete", comment), nil)
	var title, body string
	f.en.db.Raw("SELECT title, body FROM evidence_snapshots WHERE subject_type = 'post'").Row().Scan(&title, &body)
	if title != "EASY MONEY" || body != "message me your account number" {
		t.Fatalf("post evidence %q %q", title, body)
	}
	f.en.db.Raw("SELECT body FROM evidence_snapshots WHERE subject_type = 'comment'").Scan(&body)
	if body != "mind your own business, idiot" {
		t.Fatalf("comment evidence %q", body)
	}
	// Not a member of the room: cannot see, so cannot report.
	cato := f.en.login("cato")
	wantStatus(t, cato.get(fmt.Sprintf("/report/post/%d", post)), http.StatusNotFound)
	// One's own post: refused with a clear message.
	own := f.post(f.alma, "mine", "mine")
	r = alma.get(fmt.Sprintf("/report/post/%d", own))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "You cannot report yourself") {
		t.Fatalf("own post: %d %s", r.status, r.text())
	}
}

func TestReportRestrictedUser(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.bora, "spam", "spam")
	f.exec("INSERT INTO restrictions (user_id, scope, policy_reason, ends_at) VALUES (?, 'reporting', 'false reports', now() + interval '3 days')", f.alma.ID)
	r := f.en.login("alma").get(fmt.Sprintf("/report/post/%d", post))
	if r.status != http.StatusForbidden || !strings.Contains(r.text(), "restricted from reporting until") {
		t.Fatalf("%d %s", r.status, r.text())
	}
}

func TestPolicyAndSafetyPages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	c := en.client()
	policy := c.get("/policy")
	wantStatus(t, policy, http.StatusOK)
	for _, want := range []string{"Threats, violence or terrorism", "Messaging", "180 days", "permanent", "false report"} {
		if !strings.Contains(policy.text(), want) {
			t.Errorf("the Operation Policy lacks %q", want)
		}
	}
	guide := c.get("/safety")
	wantStatus(t, guide, http.StatusOK)
	for _, href := range []string{"/friends", "/policy", "/reports", "/settings/friends/blocked"} {
		if guide.doc.Find(`a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("the Safety Guide does not link %s", href)
		}
	}
}

// The same report sent 20 times at once, as a double click or a replay
// would, files one report and changes nothing else.
func TestReportSubmittedTwentyTimesAtOnce(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("dara", models.RoleUser)
	en.user("eli.spam", models.RoleUser)
	dara, eli := en.login("dara"), en.login("eli.spam")
	_, msg := chatWith(t, en, dara, eli, "eli.spam", "cheap followers!!!")
	token := dara.csrf()
	form := url.Values{"_csrf": {token}, "reasons": {"spam"}}.Encode()
	statuses := make(chan int, 20)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/report/message/%d", en.srv.URL, msg), strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := dara.http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusSeeOther] != 1 || count[http.StatusConflict] != 19 {
		t.Fatalf("statuses %v, want one 303 and nineteen 409", count)
	}
	for table, want := range map[string]int64{"reports": 1, "cases": 1, "evidence_snapshots": 1, "evidence_messages": 2} {
		var n int64
		en.db.Raw("SELECT count(*) FROM " + table).Scan(&n)
		if n != want {
			t.Errorf("%d rows in %s, want %d", n, table, want)
		}
	}
}
