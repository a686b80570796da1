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

// TestReportPopupNote: the false-report note reads "See the Operation
// Policy to check", a space on each side of the link.
func TestReportPopupNote(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	post := f.post(f.bora, "Trail conditions", "Mud everywhere.")
	page := f.en.login("alma").get(fmt.Sprintf("/report/post/%d", post))
	wantStatus(t, page, http.StatusOK)
	if !strings.Contains(page.text(), "See the Operation Policy to check what violates it.") {
		t.Fatalf("the note:\n%s", page.doc.Find(".warning-small").Text())
	}
}

// TestReportPostBackToBoard: after reporting a post (or a comment), the
// confirmation leads back to the board.
func TestReportPostBackToBoard(t *testing.T) {
	t.Parallel()
	f := newBoardFixture(t)
	alma := f.en.login("alma")
	post := f.post(f.bora, "Trail conditions", "Mud everywhere.")
	comment := f.comment(f.bora, post, "go away")
	for _, subject := range []string{fmt.Sprintf("post/%d", post), fmt.Sprintf("comment/%d", comment)} {
		r := alma.submit("/report/"+subject, url.Values{"reasons": {"spam"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("report %s: %d", subject, r.status)
		}
		got := alma.get(r.header.Get("Location")).doc.Find(`[data-testid="back-to-board"]`)
		if got.AttrOr("href", "") != views.OpenChatPath(f.room) || strings.Join(strings.Fields(got.Text()), " ") != "Back to the Seoul Hiking Club board" {
			t.Errorf("%s: back link %q → %q", subject, got.Text(), got.AttrOr("href", ""))
		}
	}
}

// TestChatsListTags: a blocked person's room says "Blocked", a stranger's
// says "Not in your friends" in a warning colour, a friend's says nothing.
func TestChatsListTags(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, n := range []string{"rin", "sol", "tae", "uma"} {
		en.user(n, models.RoleUser)
	}
	rin := en.login("rin")
	for _, n := range []string{"sol", "tae", "uma"} {
		rin.startChat(n)
	}
	if _, err := models.BlockUser(t.Context(), en.db, en.userID("rin"), en.userID("sol"), false); err != nil {
		t.Fatal(err)
	}
	if _, err := models.AddFriend(t.Context(), en.db, en.userID("rin"), "uma", "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	page := rin.get(views.ChatsPath)
	tags := map[string]string{}
	page.doc.Find(`[data-testid="chat"]`).Each(func(_ int, s *goquery.Selection) {
		tags[s.Find("strong").First().Text()] = s.Find(".tag").AttrOr("class", "") + " " + s.Find(".tag").Text()
	})
	if got := tags["sol"]; got != "tag tag-blocked Blocked" {
		t.Errorf("blocked sol: %q", got)
	}
	if got := tags["tae"]; got != "tag tag-warn Not in your friends" {
		t.Errorf("stranger tae: %q", got)
	}
	if got := tags["uma"]; got != " " {
		t.Errorf("friend uma: %q", got)
	}
}

// TestReportPopupOffersDownload: the chat report's warning offers the
// export's download itself, so the reporter keeps their place: each link
// downloads the chat, and the report is filed afterwards as before.
func TestReportPopupOffersDownload(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("rin", models.RoleUser)
	en.user("sol", models.RoleUser)
	rin, sol := en.login("rin"), en.login("sol")
	_, msg := chatWith(t, en, rin, sol, "sol", "send me money or else")
	reportURL := fmt.Sprintf("/report/message/%d", msg)
	form := rin.get(reportURL)
	links := form.doc.Find(`[data-testid="report-download"] a[download]`)
	if links.Length() != 3 {
		t.Fatalf("the pop-up offers %d downloads:\n%s", links.Length(), form.doc.Find(`[data-testid="chat-report-warning"]`).Text())
	}
	links.Each(func(_ int, s *goquery.Selection) {
		file := rin.get(s.AttrOr("href", ""))
		if file.status != http.StatusOK || !strings.Contains(file.body, "send me money or else") {
			t.Errorf("%s: %d", s.AttrOr("href", ""), file.status)
		}
	})
	if r := rin.submit(reportURL, url.Values{"reasons": {"threat"}}); r.status != http.StatusSeeOther {
		t.Fatalf("report after the download: %d", r.status)
	}
}

// TestStatsFigures: the stats chart's figures are in a table a screen
// reader reaches, and each reason has a color of its own.
func TestStatsFigures(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	f.reportPost("cheap followers", "spam")
	f.reportPost("I will hurt you", "threat", "harassment")
	page := f.en.login("mod").get("/mod/stats")
	wantStatus(t, page, http.StatusOK)
	rows := page.doc.Find(`[data-testid="chart-table"] tbody tr`)
	if rows.Length() != 1 {
		t.Fatalf("%d rows for one day of reports", rows.Length())
	}
	if got := rows.Find("td").Eq(1).Text(); got != "3" {
		t.Errorf("the day's reports: %q", got)
	}
	text := strings.Join(strings.Fields(rows.Text()), " ")
	for _, want := range []string{"Spam, advertising or flooding 1", "Threats, violence or terrorism 1", "Abuse, harassment or defamation 1"} {
		if !strings.Contains(" "+text+" ", want) {
			t.Errorf("the table's row %q lacks %q", text, want)
		}
	}
	colors := map[string]bool{}
	page.doc.Find(`.legend rect`).Each(func(_ int, s *goquery.Selection) { colors[s.AttrOr("fill", "")] = true })
	if len(colors) != len(models.Reasons) {
		t.Errorf("%d colors for %d reasons", len(colors), len(models.Reasons))
	}
}

// TestSendBoxLabelVisible: the chat room's send box has a label one can
// see, not a placeholder.
func TestSendBoxLabelVisible(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("rin", models.RoleUser)
	en.user("sol", models.RoleUser)
	rin := en.login("rin")
	room, _ := rin.startChat("sol")
	page := rin.get(room)
	label := page.doc.Find(`label[for="f-body"]`)
	if label.Text() != "Message" || label.HasClass("visually-hidden") {
		t.Fatalf("the send box's label: %q (class %q)", label.Text(), label.AttrOr("class", ""))
	}
	if _, ok := page.doc.Find(`#f-body`).Attr("placeholder"); ok {
		t.Error("the send box still leans on a placeholder")
	}
}
