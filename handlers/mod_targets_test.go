package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestModStatsServiceTargets: the stats page counts severe cases decided
// and tickets first answered in the last 30 days, within 24 hours or late,
// and those open now past 24 hours or still in time; a target with any
// item late or overdue shows as missed, in both languages. Items answered
// before the 30 days and non-severe cases are not counted.
func TestModStatsServiceTargets(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := f.en.db.Exec(sql, args...).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	_, inTime := f.reportPost("in time", "threat")
	_, late := f.reportPost("late", "threat")
	_, overdue := f.reportPost("overdue", "threat")
	_, pending := f.reportPost("pending", "threat")
	_, old := f.reportPost("old", "threat")
	_, mild := f.reportPost("mild", "spam")
	exec("UPDATE cases SET state = 'resolved', resolution = 'no_violation', created_at = now() - interval '3 days', resolved_at = now() - interval '2 days 1 hour' WHERE id = ?", inTime)
	exec("UPDATE cases SET state = 'resolved', resolution = 'no_violation', created_at = now() - interval '3 days', resolved_at = now() - interval '1 day' WHERE id = ?", late)
	exec("UPDATE cases SET created_at = now() - interval '25 hours' WHERE id = ?", overdue)
	exec("UPDATE cases SET created_at = now() - interval '23 hours' WHERE id = ?", pending)
	exec("UPDATE cases SET state = 'resolved', resolution = 'no_violation', created_at = now() - interval '33 days', resolved_at = now() - interval '31 days' WHERE id = ?", old)
	exec("UPDATE cases SET created_at = now() - interval '3 days' WHERE id = ?", mild)
	// Tickets: answered in 2 hours, answered after 30 hours, and one withdrawn unanswered.
	for _, tk := range []struct{ created, answered, state string }{
		{"now() - interval '5 days'", "now() - interval '5 days' + interval '2 hours'", "open"},
		{"now() - interval '5 days'", "now() - interval '5 days' + interval '30 hours'", "open"},
		{"now() - interval '5 days'", "NULL", "resolved"},
	} {
		exec("INSERT INTO tickets (user_id, category, subject, state, created_at, first_response_at) VALUES (?, 'other', 'help', '"+tk.state+"', "+tk.created+", "+tk.answered+")", f.alma.ID)
	}

	row := func(doc *goquery.Document, target string) string {
		var cells []string
		doc.Find(`[data-testid="targets"] tr[data-target="` + target + `"]`).Children().Each(func(_ int, s *goquery.Selection) {
			cells = append(cells, strings.Join(strings.Fields(s.Text()), " "))
		})
		return strings.Join(cells, " | ")
	}
	mod := f.en.login("mod")
	page := mod.get("/mod/stats")
	wantStatus(t, page, http.StatusOK)
	if got, want := row(page.doc, "severe_decided"), "Severe reports (severity 4–5) decided within 24 hours | Missed (33% in time) | 1 | 1 | 1 | 1"; got != want {
		t.Errorf("severe row:\n got %q\nwant %q", got, want)
	}
	if got, want := row(page.doc, "first_response"), "First response to a Customer Service ticket within 24 hours | Missed (50% in time) | 1 | 1 | 0 | 0"; got != want {
		t.Errorf("ticket row:\n got %q\nwant %q", got, want)
	}

	// The late and overdue items answered in time would make the severe target met.
	exec("UPDATE cases SET resolved_at = created_at + interval '1 hour' WHERE id = ?", late)
	exec("UPDATE cases SET state = 'resolved', resolution = 'no_violation', resolved_at = created_at + interval '1 hour' WHERE id = ?", overdue)
	exec("UPDATE users SET language = 'ko' WHERE id = ?", f.mod2.ID)
	ko := f.en.login("mod2")
	page = ko.get("/mod/stats")
	if got, want := row(page.doc, "severe_decided"), "심각한 신고(심각도 4–5) 24시간 안에 결정 | 달성 (기한 내 100%) | 3 | 0 | 0 | 1"; got != want {
		t.Errorf("Korean severe row:\n got %q\nwant %q", got, want)
	}
	if page.doc.Find(`[data-result="met"]`).Length() != 1 || page.doc.Find(`[data-result="missed"]`).Length() != 1 {
		t.Errorf("results: %q", page.doc.Find(`[data-testid="targets"]`).Text())
	}
}
