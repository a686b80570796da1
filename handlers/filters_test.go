package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
	"talksafe/views"
)

// TestFilterForms checks that each list's filter form names exactly its
// filter's parameters, that the form sent as it stands (each check box
// ticked, each list at its first choice) is a filter the list takes, and
// that a page of the list under a filter keeps it in its form.
func TestFilterForms(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("filters.mod", models.RoleModerator)
	en.user("filters.support", models.RoleSupport)
	en.user("filters.admin", models.RoleAdmin)
	en.user("filters.user", models.RoleUser)
	for _, tc := range []struct {
		name, who, form string
		keys            []string
		page            string // a filtered page: its form shows the filter
	}{
		{"Queue", "filters.mod", `form[data-testid="filters"]`, models.QueueFilterKeys,
			views.ModQueueFilterPath(models.QueueFilter{State: models.CaseClaimed, ReportedName: "dave", Mine: true, Sort: models.SortOldest}, 0)},
		{"Desk", "filters.support", `form[data-testid="desk-filter"]`, models.DeskFilterKeys,
			views.DeskQueuePath(models.DeskFilter{Category: models.TicketOther, Linked: true, Assignee: models.AssignedNobody, Newest: true}, 0)},
		{"Audit", "filters.admin", `form[data-testid="audit-filters"]`, models.AuditFilterKeys,
			views.AdminAuditPath + "?" + models.AuditFilter{Actor: "mod", Action: "case.", SubjectID: 7, From: "2026-11-01"}.Values().Encode()},
		{"ChatSearch", "filters.user", `form[role="search"]`, models.ChatSearchKeys,
			views.ChatsPath + "?" + models.ChatSearch{Query: "dave"}.Values().Encode()},
	} {
		t.Run("OK"+tc.name, func(t *testing.T) {
			c := en.login(tc.who)
			r := c.get(tc.page)
			wantStatus(t, r, http.StatusOK)
			form := r.doc.Find(tc.form)
			if form.Length() != 1 {
				t.Fatalf("%d filter forms", form.Length())
			}
			sent, shown := url.Values{}, url.Values{}
			var names []string
			form.Find("input[name], select[name]").Each(func(_ int, s *goquery.Selection) {
				name, _ := s.Attr("name")
				names = append(names, name)
				if s.Is("select") {
					first, _ := s.Find("option").First().Attr("value")
					sent.Set(name, first)
					shown.Set(name, s.Find("option[selected]").AttrOr("value", first))
					return
				}
				value, _ := s.Attr("value")
				sent.Set(name, value)
				if s.Is(`[type="checkbox"]`) && !s.Is("[checked]") {
					value = ""
				}
				shown.Set(name, value)
			})
			slices.Sort(names)
			if want := slices.Sorted(slices.Values(tc.keys)); !slices.Equal(names, want) {
				t.Fatalf("the form names %v, the filter's keys are %v", names, want)
			}
			page, _ := url.Parse(tc.page)
			for _, k := range tc.keys {
				if got, want := shown.Get(k), page.Query().Get(k); got != want {
					t.Errorf("%s: the form shows %q, the page's filter is %q", k, got, want)
				}
			}
			action, _ := form.Attr("action")
			wantStatus(t, c.get(action+"?"+sent.Encode()), http.StatusOK)
		})
	}
}
