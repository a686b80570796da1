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

// TestNoticesLinkAndName: each notice links to what it is about (the
// report, the restriction, the ticket) and names it; opening the notices
// page marks what it shows as read, still marking them new while it is
// open.
func TestNoticesLinkAndName(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	ctx := t.Context()
	post := f.post(f.alma, "Trail conditions", "Mud everywhere.")
	comment := f.comment(f.bora, post, "you are all idiots")
	filed, _, err := models.FileReport(ctx, f.en.db, f.alma.ID,
		models.ReportInput{Type: models.SubjectComment, ID: comment, Reasons: []string{"harassment"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.DecideCase(ctx, f.en.db, f.mod, filed.CaseID, models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}
	_, kase := f.reportPost("spam again", "spam")
	if _, err := models.DecideCase(ctx, f.en.db, f.mod, kase, models.Decision{Kind: models.DecideRestrict, Policy: "spam", Scope: models.ScopePosting, Days: "7",
		OverrideReason: "Spam right after a removal."}); err != nil {
		t.Fatal(err)
	}
	alma := f.en.login("alma")
	tk := alma.submit(views.MyTicketsPath, url.Values{"category": {"other"}, "description": {"Is the comment gone?"}})
	var ticket int64
	if _, err := fmt.Sscanf(tk.header.Get("Location"), "/support/tickets/%d", &ticket); err != nil {
		t.Fatalf("ticket: %d %s", tk.status, tk.body)
	}
	helper, _ := models.UserByName(ctx, f.en.db, "helper")
	if err := models.ClaimTicket(ctx, f.en.db, helper, ticket); err != nil {
		t.Fatal(err)
	}
	if err := models.ReplyToTicket(ctx, f.en.db, helper, ticket, "Yes, it was removed."); err != nil {
		t.Fatal(err)
	}

	t.Run("Links", func(t *testing.T) {
		page := alma.get(views.NoticesPath)
		wantStatus(t, page, http.StatusOK)
		links := map[string]string{}
		page.doc.Find(`[data-testid="notice-link"]`).Each(func(_ int, s *goquery.Selection) {
			links[s.AttrOr("href", "")] = strings.Join(strings.Fields(s.Text()), " ")
		})
		report := views.MyReportPath(filed.ReportID)
		if got := links[report]; !strings.HasPrefix(got, "Your report of a comment in Seoul Hiking Club on ") {
			t.Errorf("the report's link %q: %q (links %v)", report, got, links)
		}
		if got := links[views.MyTicketPath(ticket)]; got != "Read the inquiry and reply" {
			t.Errorf("the ticket's link: %q (links %v)", got, links)
		}
		mine := alma.get(views.MyReportsPath)
		if mine.doc.Find(fmt.Sprintf(`tr#report-%d`, filed.ReportID)).Length() != 1 {
			t.Error("My reports has no row the link leads to")
		}
		bora := f.en.login("bora")
		if got := bora.get(views.NoticesPath).doc.Find(`[data-testid="notice-link"][href="/restrictions"]`).Text(); !strings.Contains(got, "See the restriction and appeal") {
			t.Errorf("the restriction's link: %q", got)
		}
		f.en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'alma'")
		ko := alma.get(views.NoticesPath).doc.Find(fmt.Sprintf(`[data-testid="notice-link"][href="%s"]`, report))
		if got := strings.Join(strings.Fields(ko.Text()), " "); !strings.Contains(got, "Seoul Hiking Club의 댓글을 신고한 내역") {
			t.Errorf("in Korean: %q", got)
		}
	})
	t.Run("OpeningMarksRead", func(t *testing.T) {
		cato := f.en.login("cato")
		f.en.db.Exec(`INSERT INTO notices (user_id, kind, title, body) VALUES (?, 'report_outcome', '', ''), (?, 'report_outcome', '', '')`, f.cato.ID, f.alma.ID)
		if got := cato.get(views.HomePath).doc.Find(`[data-testid="unread-count"]`).Text(); got != "1" {
			t.Fatalf("cato's unread count before = %q", got)
		}
		page := cato.get(views.NoticesPath)
		if page.doc.Find(`li.unread`).Length() != 1 {
			t.Error("the page opened does not mark what was new")
		}
		if page.doc.Find(`[data-testid="unread-count"]`).Length() != 0 {
			t.Error("the badge still counts what the page shows")
		}
		if n := f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND read_at IS NULL", f.cato.ID); n != 0 {
			t.Fatalf("%d of cato's notices unread after opening the page", n)
		}
		if n := f.rows("SELECT count(*) FROM notices WHERE user_id = ? AND read_at IS NULL", f.alma.ID); n == 0 {
			t.Fatal("cato's page marked alma's notices read")
		}
	})
}
