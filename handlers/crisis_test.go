package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// crisisWords are the emergency numbers' names in each language.
var crisisWords = map[string][]string{
	"en": {"112", "Police", "119", "Fire and ambulance", "109", "Suicide-prevention line, 24 hours"},
	"ko": {"112", "경찰", "119", "화재·구급", "109", "자살예방상담전화, 24시간"},
}

// wantCrisisHelp checks that the page shows the emergency numbers in lang,
// with links that dial them, before anything else in the page's main part.
func wantCrisisHelp(t *testing.T, r *response, lang string) {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	box := r.doc.Find(`main [data-testid="crisis-help"]`)
	if box.Length() != 1 {
		t.Fatalf("no crisis help on the page:\n%s", r.text())
	}
	text := strings.Join(strings.Fields(box.Text()), " ")
	for _, w := range crisisWords[lang] {
		if !strings.Contains(text, w) {
			t.Errorf("crisis help (%s) lacks %q: %q", lang, w, text)
		}
	}
	for _, n := range []string{"112", "119", "109"} {
		if box.Find(`a[href="tel:`+n+`"]`).Length() != 1 {
			t.Errorf("no link that dials %s", n)
		}
	}
	if first := r.doc.Find(`main > *`).Not(`[data-testid="flash"]`).First(); first.AttrOr("data-testid", "") != "crisis-help" {
		t.Errorf("the crisis help is not first in main: %q comes before it", first.Text())
	}
}

func wantNoCrisisHelp(t *testing.T, r *response) {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find(`[data-testid="crisis-help"]`).Length() != 0 {
		t.Fatal("crisis help on a page where nobody told of a danger")
	}
}

func TestCrisisHelp(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	for _, n := range []string{"rin", "sol", "tae", "uma"} {
		en.user(n, models.RoleUser)
	}
	rin, sol, tae := en.login("rin"), en.login("sol"), en.login("tae")
	inKorean := func(name string) { en.db.Exec("UPDATE users SET language = 'ko' WHERE name = ?", name) }
	inEnglish := func(name string) { en.db.Exec("UPDATE users SET language = 'en' WHERE name = ?", name) }

	t.Run("SafetyGuide", func(t *testing.T) {
		for _, lang := range []string{"en", "ko"} {
			wantCrisisHelp(t, en.client().getIn(views.SafetyGuidePath, lang), lang)
		}
		wantCrisisHelp(t, rin.get(views.SafetyGuidePath), "en")
	})

	report := func(t *testing.T, c *client, msg int64, reasons ...string) string {
		t.Helper()
		r := c.submit(fmt.Sprintf("/report/message/%d", msg), url.Values{"reasons": reasons, "detail": {"it goes on"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("report: %d\n%s", r.status, r.body)
		}
		return r.header.Get("Location")
	}
	t.Run("ReportReceived", func(t *testing.T) {
		_, threat := chatWith(t, en, rin, sol, "sol", "I know where you live")
		received := report(t, rin, threat, "threat")
		wantCrisisHelp(t, rin.get(received), "en")
		inKorean("rin")
		wantCrisisHelp(t, rin.get(received), "ko")
		inEnglish("rin")

		_, harm := chatWith(t, en, tae, sol, "sol", "I do not want to go on")
		wantCrisisHelp(t, tae.get(report(t, tae, harm, "self_harm", "other")), "en")
	})
	// Self-harm content is removed without a strike; its author reads the
	// removal with the crisis help before anything else.
	t.Run("SelfHarmRemoved", func(t *testing.T) {
		en.user("vic", models.RoleUser)
		en.user("wen", models.RoleUser)
		vic, wen := en.login("vic"), en.login("wen")
		_, harm := chatWith(t, en, vic, wen, "wen", "I will end it tonight")
		report(t, vic, harm, "self_harm")
		var caseID int64
		en.db.Raw("SELECT case_id FROM reports WHERE subject_type = 'message' AND subject_id = ?", harm).Scan(&caseID)
		mod := en.user("crisis_mod", models.RoleModerator)
		if _, err := models.DecideCase(t.Context(), en.db, mod, caseID, models.Decision{Kind: models.DecideRemove, Policy: "self_harm"}); err != nil {
			t.Fatal(err)
		}
		wantCrisisHelp(t, wen.get(views.NoticesPath), "en")
		inKorean("wen")
		wantCrisisHelp(t, wen.get(views.NoticesPath), "ko")
		wantNoCrisisHelp(t, vic.get(views.NoticesPath)) // the reporter's outcome notice
	})
	t.Run("ReportReceivedWithoutDanger", func(t *testing.T) {
		uma := en.login("uma")
		_, spam := chatWith(t, en, uma, sol, "sol", "buy cheap followers")
		wantNoCrisisHelp(t, uma.get(report(t, uma, spam, "spam")))
	})

	ticket := func(t *testing.T, c *client, category string) string {
		t.Helper()
		r := c.submit(views.MyTicketsPath, url.Values{"category": {category}, "description": {"Someone says he will hurt me."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("ticket: %d\n%s", r.status, r.body)
		}
		return r.header.Get("Location")
	}
	t.Run("SafetyThreatTicket", func(t *testing.T) {
		page := ticket(t, tae, string(models.TicketSafetyThreat))
		wantCrisisHelp(t, tae.get(page), "en")
		inKorean("tae")
		wantCrisisHelp(t, tae.get(page), "ko")
		inEnglish("tae")
	})
	t.Run("OtherTicket", func(t *testing.T) {
		wantNoCrisisHelp(t, tae.get(ticket(t, tae, string(models.TicketOther))))
	})
}
