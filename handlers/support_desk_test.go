package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
	"talksafe/views"
)

// TestDeskUrgentFirst seeds more than a page of tickets in a mixed order:
// the desk lists the overdue first, then "a threat to my safety", then the
// oldest, and its cursor pages on in that order.
func TestDeskUrgentFirst(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	user := en.user("mina", models.RoleUser)
	en.user("haneul", models.RoleSupport)
	type seeded struct {
		subject          string
		age              time.Duration
		threat, answered bool
		overdue          bool
	}
	var all []seeded
	for i := range 57 {
		s := seeded{subject: fmt.Sprintf("Ticket %02d", i), age: time.Duration((i*37)%57)*time.Hour + 30*time.Minute, // never on the target itself
			threat: i%3 == 0, answered: i%4 == 0}
		s.overdue = !s.answered && s.age > models.FirstResponseTarget
		category, state := "other", "open"
		if s.threat {
			category = "safety_threat"
		}
		var first any
		if s.answered {
			first, state = time.Now().Add(-s.age/2), "waiting_on_user"
		}
		if err := en.db.Exec(`INSERT INTO tickets (user_id, category, subject, state, created_at, first_response_at)
			VALUES (?, ?, ?, ?, now() - make_interval(mins => ?), ?)`, user.ID, category, s.subject, state, int(s.age/time.Minute), first).Error; err != nil {
			t.Fatal(err)
		}
		all = append(all, s)
	}
	slices.SortStableFunc(all, func(a, b seeded) int {
		switch {
		case a.overdue != b.overdue:
			return map[bool]int{true: -1, false: 1}[a.overdue]
		case a.threat != b.threat:
			return map[bool]int{true: -1, false: 1}[a.threat]
		}
		return int(b.age - a.age) // the oldest first
	})
	var want []string
	for _, s := range all {
		want = append(want, s.subject)
	}

	haneul := en.login("haneul")
	var got []string
	path := views.SupportDeskPath
	for pages := 0; path != ""; pages++ {
		if pages > 2 {
			t.Fatal("the cursor does not end")
		}
		r := haneul.get(path)
		wantStatus(t, r, http.StatusOK)
		if pages == 0 && !strings.Contains(r.doc.Find(`[data-testid="desk-order"]`).Text(), "Urgent first: tickets past their first-response target") {
			t.Fatalf("the order is not explained:\n%s", r.text())
		}
		r.doc.Find(`[data-testid="desk-ticket"] td:nth-child(2) a`).Each(func(_ int, a *goquery.Selection) {
			got = append(got, a.Text())
		})
		path = r.doc.Find(`p.pager a`).AttrOr("href", "")
	}
	if !slices.Equal(got, want) {
		t.Fatalf("desk order\n got %v\nwant %v", got, want)
	}
}

// TestDeskSavedReplies: the desk offers the ticket's user's language first,
// and inserting a saved reply without JavaScript appends it to the typed
// text, which is never lost.
func TestDeskSavedReplies(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t)
	id := w.open(t, "Help")
	haneul, root := w.en.login("haneul"), w.en.login("root")
	wantRedirect(t, root.submit(views.SavedRepliesPath, url.Values{"title": {"검토 중"}, "body": {"검토하고 있습니다."}, "language": {"ko"}}), views.SavedRepliesPath)
	var ko int64
	w.en.db.Raw("SELECT id FROM saved_replies WHERE title = '검토 중' AND language = 'ko'").Scan(&ko)

	offered := func() []string {
		var langs []string
		haneul.get(views.DeskTicketPath(id)).doc.Find(`[data-testid="saved-reply"]`).Each(func(_ int, s *goquery.Selection) {
			langs = append(langs, s.AttrOr("data-language", ""))
		})
		return langs
	}
	t.Run("OKUserLanguageFirst", func(t *testing.T) {
		if got := offered(); len(got) != 5 || got[0] != "en" || got[4] != "ko" {
			t.Fatalf("an English user's ticket offers %v", got)
		}
		w.en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'rin'")
		if got := offered(); len(got) != 5 || got[0] != "ko" || got[1] != "en" {
			t.Fatalf("a Korean user's ticket offers %v", got)
		}
		r := haneul.get(views.DeskTicketPath(id))
		if b := r.doc.Find(`[data-testid="saved-reply"] button`).First(); b.AttrOr("value", "") != fmt.Sprint(ko) ||
			b.AttrOr("form", "") != "reply" || b.AttrOr("formaction", "") != views.DeskInsertReplyPath(id) {
			t.Fatalf("the Korean reply's button: %v", b.Nodes)
		}
	})
	t.Run("OKInsertAppends", func(t *testing.T) {
		r := haneul.submit(views.DeskInsertReplyPath(id), url.Values{"reply": {"Dear rin,\n"}, "saved": {fmt.Sprint(ko)}})
		wantStatus(t, r, http.StatusOK)
		if got := r.doc.Find(`textarea[name="reply"]`).Text(); got != "Dear rin,\n\n검토하고 있습니다." {
			t.Fatalf("reply box %q", got)
		}
		var sent int64
		w.en.db.Raw("SELECT count(*) FROM ticket_messages WHERE ticket_id = ?", id).Scan(&sent)
		if sent != 0 {
			t.Fatal("inserting sent the reply")
		}
	})
	t.Run("ErrNoSuchReplyKeepsNothingSent", func(t *testing.T) {
		r := haneul.submit(views.DeskInsertReplyPath(id), url.Values{"reply": {"typed"}, "saved": {"999999"}})
		wantStatus(t, r, http.StatusNotFound)
	})
}

// TestDeskSevereEvidence: support meets severe evidence as moderators do:
// hidden until revealed (no severe text in the page), the reveal audited on
// the case and counted in the day's exposure.
func TestDeskSevereEvidence(t *testing.T) {
	t.Parallel()
	w := newSupportWorld(t) // rin reported "I will find you" as a threat: a severe reason
	id := w.open(t, "He threatens me")
	haneul := w.en.login("haneul")
	path := views.DeskEvidencePath(id, w.report)

	r := haneul.get(path)
	wantStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, "I will find you") || r.doc.Find(`[data-testid="evidence-hidden"]`).Length() != 1 {
		t.Fatalf("severe evidence before the reveal:\n%s", r.text())
	}
	var viewed int64
	w.en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'evidence.view' AND subject_id = ?", w.report).Scan(&viewed)
	if viewed != 0 {
		t.Fatal("hidden evidence was read")
	}
	wantStatus(t, haneul.submit(views.DeskRevealPath(id), url.Values{"report": {"999999"}}), http.StatusNotFound)
	wantRedirect(t, haneul.submit(views.DeskRevealPath(id), url.Values{"report": {fmt.Sprint(w.report)}}), path)
	var caseID int64
	w.en.db.Raw("SELECT case_id FROM reports WHERE id = ?", w.report).Scan(&caseID)
	var reveals int64
	w.en.db.Raw("SELECT count(*) FROM audit_events WHERE action = ? AND subject_type = 'case' AND subject_id = ? AND actor_id = ?",
		models.AuditEvidenceReveal, caseID, w.en.userID("haneul")).Scan(&reveals)
	if reveals != 1 {
		t.Fatalf("%d reveals audited", reveals)
	}
	r = haneul.get(path)
	if !strings.Contains(r.text(), "I will find you") {
		t.Fatalf("revealed evidence not shown:\n%s", r.text())
	}
	stats, err := models.ModerationStats(t.Context(), w.en.db, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	exposure := int64(-1)
	for _, m := range stats.Moderators {
		if m.Name == "haneul" {
			exposure = m.SevereToday
		}
	}
	if exposure != 1 {
		t.Fatalf("the day's exposure for haneul: %d", exposure)
	}
	// Another agent still meets it hidden: a reveal is one reader's.
	if strings.Contains(w.en.login("jiho").get(path).body, "I will find you") {
		t.Fatal("jiho sees haneul's reveal")
	}
}
