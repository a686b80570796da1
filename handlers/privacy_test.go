package handlers_test

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/handlers"
	"talksafe/models"
)

// crawl visits every page c can reach from the start pages by links,
// htmx requests and GET forms (with their default values), and every GET
// route of the router with its parameters filled from ids, and returns the
// body of each page by path.
func crawl(t *testing.T, en *env, c *client, ids []int64, start ...string) map[string]string {
	t.Helper()
	seen := map[string]string{}
	queue := append([]string{}, start...)
	for _, r := range en.e.Routes() {
		if r.Method != http.MethodGet || strings.Contains(r.Path, "*") {
			continue
		}
		if !strings.Contains(r.Path, ":") {
			queue = append(queue, r.Path)
			continue
		}
		for _, id := range ids {
			p := strings.ReplaceAll(r.Path, ":id", fmt.Sprint(id))
			for _, typ := range []string{"message", "post", "comment"} {
				queue = append(queue, strings.ReplaceAll(p, ":type", typ))
			}
		}
	}
	for len(queue) > 0 && len(seen) < 800 {
		path := queue[0]
		queue = queue[1:]
		if _, ok := seen[path]; ok || !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") || strings.HasPrefix(path, "/static/") {
			continue
		}
		r := c.get(path)
		seen[path] = r.body
		if r.status == http.StatusSeeOther || r.status == http.StatusFound {
			queue = append(queue, r.header.Get("Location"))
		}
		r.doc.Find("a[href], [hx-get]").Each(func(_ int, s *goquery.Selection) {
			for _, attr := range []string{"href", "hx-get"} {
				if v, ok := s.Attr(attr); ok {
					queue = append(queue, strings.SplitN(v, "#", 2)[0])
				}
			}
		})
		r.doc.Find(`form[method="get"]`).Each(func(_ int, f *goquery.Selection) {
			action, _ := f.Attr("action")
			for _, format := range []string{"text", "csv", "json"} {
				for _, lang := range []string{"en", "ko"} {
					queue = append(queue, action+"?"+url.Values{"format": {format}, "lang": {lang}}.Encode())
				}
			}
		})
	}
	return seen
}

var catoWord = regexp.MustCompile(`\bcato\b`)

// TestReporterNeverReachesReported files reports of every kind against
// one user, then walks every page that user can reach and checks that no
// page names a reporter they did not already know.
func TestReporterNeverReachesReported(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t) // alma and bora are members of one room; cato is not
	en := f.en
	// The reporter: a member of the board with a name and an id found nowhere else.
	if err := en.db.Exec("SELECT setval('users_id_seq', 987654)").Error; err != nil {
		t.Fatal(err)
	}
	reporter := en.user("qiu.watcher", models.RoleUser)
	en.db.Exec("UPDATE users SET display_name = 'Quietly Watching Qiu' WHERE id = ?", reporter.ID)
	if _, _, err := models.JoinOpenChat(t.Context(), en.db, reporter.ID, f.room); err != nil {
		t.Fatal(err)
	}
	post := f.post(f.bora, "EASY MONEY", "account numbers please")
	comment := f.comment(f.bora, post, "idiot")
	// cato chats with bora, so bora knows cato by name already.
	cato, bora := en.login("cato"), en.login("bora")
	room, msg := chatWith(t, en, cato, bora, "bora", "you will regret this")
	ids := []int64{post, comment, msg, f.room, reporter.ID, f.alma.ID, f.cato.ID, f.bora.ID}
	var roomID int64
	fmt.Sscanf(room, "/chats/%d", &roomID)
	ids = append(ids, roomID)

	// The crawl downloads exports, which My exports then lists with the
	// other person's name: crawl once first, so that "before" has them too.
	crawl(t, en, bora, ids, "/")
	before := crawl(t, en, bora, ids, "/")
	qiu := en.login("qiu.watcher")
	for _, r := range []struct {
		path string
		form url.Values
	}{
		{fmt.Sprintf("/report/post/%d", post), url.Values{"reasons": {"fraud"}, "also_block": {"1"}}},
		{fmt.Sprintf("/report/comment/%d", comment), url.Values{"reasons": {"harassment"}}},
	} {
		wantStatus(t, qiu.submit(r.path, r.form), http.StatusSeeOther)
	}
	wantStatus(t, cato.submit(fmt.Sprintf("/report/message/%d", msg), url.Values{"reasons": {"threat"}}), http.StatusSeeOther)
	var reportIDs []int64
	en.db.Raw("SELECT id FROM reports").Scan(&reportIDs)
	ids = append(ids, reportIDs...)

	// Both reporters notify Customer Service; support answers, notes and
	// hands one case to moderation. Nothing of it may reach bora.
	en.user("haneul", models.RoleSupport)
	haneul := en.login("haneul")
	for _, r := range []struct {
		c      *client
		report int64
	}{{qiu, reportIDs[0]}, {cato, reportIDs[2]}} {
		res := r.c.submit("/support/tickets", url.Values{"category": {"illegal_act"},
			"reports": {fmt.Sprint(r.report)}, "description": {"Ticket text only support reads"}})
		var ticket int64
		if _, err := fmt.Sscanf(res.header.Get("Location"), "/support/tickets/%d", &ticket); err != nil {
			t.Fatalf("open a ticket: %d %s", res.status, res.body)
		}
		ids = append(ids, ticket)
		desk := fmt.Sprintf("/support/desk/%d", ticket)
		wantStatus(t, haneul.submit(desk+"/reply", url.Values{"reply": {"Support reply only the reporter reads"}}), http.StatusSeeOther)
		wantStatus(t, haneul.submit(desk+"/notes", url.Values{"note": {"Internal note nobody else reads"}}), http.StatusSeeOther)
		wantStatus(t, haneul.submit(desk+"/moderation", url.Values{"report": {fmt.Sprint(r.report)},
			"moderation_note": {"Escalation note for moderators"}}), http.StatusSeeOther)
	}

	// A moderator decides every case, so bora gets notices (removed,
	// restricted, warned) and may appeal: those pages are crawled too.
	decider := en.user("mod.decider", models.RoleModerator)
	var cases []int64
	en.db.Raw("SELECT id FROM cases ORDER BY id").Scan(&cases)
	decisions := []models.Decision{
		{Kind: models.DecideRemove, Policy: "fraud", UserNote: "Removed."},
		{Kind: models.DecideRestrict, Policy: "harassment", Scope: models.ScopePosting, Days: "7", RemoveContent: true},
		{Kind: models.DecideWarn, Policy: "threat"},
	}
	if len(cases) != len(decisions) {
		t.Fatalf("%d cases, want %d", len(cases), len(decisions))
	}
	for i, c := range cases {
		if _, err := models.DecideCase(t.Context(), en.db, decider, c, decisions[i]); err != nil {
			t.Fatal(err)
		}
	}
	var noticeIDs []int64
	en.db.Raw("SELECT id FROM notices UNION ALL SELECT id FROM restrictions").Scan(&noticeIDs)
	ids = append(ids, noticeIDs...)
	ids = append(ids, cases...)

	after := crawl(t, en, bora, ids, "/")
	if len(after) < 40 {
		t.Fatalf("the crawl reached only %d pages", len(after))
	}
	if n := strings.Count(after["/notices"], `data-testid="notice"`); n != 3 {
		t.Fatalf("bora's notices page shows %d notices, want 3 (removed, restricted, warned)", n)
	}
	idPattern := func(id int64) *regexp.Regexp {
		return regexp.MustCompile(fmt.Sprintf(`(/|user|=)%d\b`, id))
	}
	for path, body := range after {
		// The footer's language switch leads back to the page asked for:
		// its own address is what the user typed, not something learned.
		own, _, _ := strings.Cut(path, "?")
		body = strings.ReplaceAll(body, `<input type="hidden" name="next" value="`+html.EscapeString(own)+`">`, "")
		for _, leak := range []string{"qiu.watcher", "Quietly Watching Qiu", "Ticket text only support reads",
			"Support reply only the reporter reads", "Internal note nobody else reads", "Escalation note for moderators", "haneul", "mod.decider"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s names the reporter (%q)", path, leak)
			}
		}
		if idPattern(reporter.ID).MatchString(body) {
			t.Errorf("%s carries the reporter's id %d", path, reporter.ID)
		}
		// cato, whom bora chatted with, may appear only where he did before.
		// (as a word: every page's htmx config says "includeIndicatorStyles")
		if catoWord.MatchString(body) {
			if old, ok := before[path]; !ok || !catoWord.MatchString(old) {
				t.Errorf("%s names cato after his report, and did not before", path)
			}
		}
	}
	t.Logf("checked %d pages, %d routes", len(after), len(en.e.Routes()))
}

// TestVerifyRevealsNothing crawls every page an anonymous visitor and
// another user can reach, Verify an export among them, and verifies alice's
// export and changed copies of it: no answer names anyone in the chat, its
// title or a word of it.
func TestVerifyRevealsNothing(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{})
	en := f.en
	file := []byte(f.download(t, "json").body)
	en.user("bob", models.RoleUser)
	secrets := []string{"alice", "mallory", "Mallory Secretname", "secret plan", "dawn", "HYPERLINK"}
	ids := []int64{f.roomID, en.userID("alice"), en.userID("mallory")}
	for name, c := range map[string]*client{"anonymous": en.client(), "bob": en.login("bob")} {
		pages := crawl(t, en, c, ids, "/")
		if _, ok := pages["/verify"]; !ok {
			t.Fatalf("%s: the crawl did not reach /verify (%d pages)", name, len(pages))
		}
		pages["POST /verify file"] = c.verify(file).body
		pages["POST /verify changed"] = c.verify(append(bytes.Clone(file), ' ')).body
		pages["POST /verify hash"] = c.submit("/verify", url.Values{"sha256": {fmt.Sprintf("%x", sha256Of(file))}}).body
		if !strings.Contains(pages["POST /verify file"], "unchanged talksafe export") {
			t.Fatalf("%s: the file did not verify:\n%s", name, pages["POST /verify file"])
		}
		for path, body := range pages {
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s: %s shows %q", name, path, s)
				}
			}
		}
	}
}
