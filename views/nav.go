package views

import (
	"context"
	"strconv"

	"talksafe/models"
	"talksafe/views/components"
)

// tab is one place of the main navigation.
type tab struct {
	Href, Label string
	Current     bool
}

// place is one page of a group of the navigation: where, and the catalog
// key of its name.
type place struct{ Href, Key string }

// The groups of staff pages that share one tab of the main navigation, and
// a row of their own (subnav) on each of their pages: the tools that act at
// volume, and the admin's pages. A page joins its group here.
var (
	automationPlaces = []place{
		{AdminRulesPath, "layout.rules"},
		{AdminBanksPath, "layout.text_banks"},
		{AdminHashBanksPath, "layout.hash_banks"},
	}
	adminPlaces = []place{
		{AdminStaffPath, "layout.staff"},
		{AdminTransparencyPath, "layout.transparency"},
		{AdminStatementsPath, "layout.statements"},
		{AdminAuditPath, "layout.audit_log"},
		{AdminOrganisationsPath, "designation.title"},
		{AdminRetentionPath, "layout.retention"},
		{AdminJobsPath, "layout.jobs"},
	}
)

// inGroup reports whether the page is one of places.
func inGroup(ctx context.Context, places []place) bool {
	for _, p := range places {
		if isCurrent(ctx, p.Href) {
			return true
		}
	}
	return false
}

// tabs are the main places for u's role, in the order the top bar and the
// phone's tab bar show them. A group of staff pages is one tab, which leads
// to its first page.
func tabs(ctx context.Context, u *models.User) []tab {
	var ts []tab
	add := func(href, label string, current bool) { ts = append(ts, tab{href, label, current}) }
	if u.Role == models.RoleUser {
		add(FriendsPath, components.T(ctx, "layout.friends"), isCurrent(ctx, FriendsPath))
		add(ChatsPath, components.T(ctx, "layout.chats"), isCurrent(ctx, ChatsPath))
		add(OpenChatsPath, components.T(ctx, "layout.openchat"), isCurrent(ctx, OpenChatsPath))
		add(MyReportsPath, components.T(ctx, "layout.my_reports"), isCurrent(ctx, MyReportsPath))
		add(SettingsPath, components.T(ctx, "layout.settings"), isCurrent(ctx, SettingsPath))
	}
	if u.Role.CanReadModeration() {
		add(ModQueuePath, components.T(ctx, "layout.queue"), isCurrent(ctx, ModQueuePath))
		add(ModAppealsPath, components.T(ctx, "layout.appeals"), isCurrent(ctx, ModAppealsPath))
		add(automationPlaces[0].Href, components.T(ctx, "layout.automation"), inGroup(ctx, automationPlaces))
	}
	if u.Role.CanReadTickets() {
		add(SupportDeskPath, components.T(ctx, "layout.support_desk"), isCurrent(ctx, SupportDeskPath))
	}
	if u.Role.CanManageStaff() {
		add(adminPlaces[0].Href, components.T(ctx, "layout.admin"), inGroup(ctx, adminPlaces))
	}
	return ts
}

// subnav is the row of the page's group, when it is in one that u's role
// reaches: each page of it, the current one marked.
func subnav(ctx context.Context, u *models.User) (label string, ts []tab) {
	var group []place
	switch {
	case u == nil || u.MustChangePassword:
		return "", nil
	case u.Role.CanReadModeration() && inGroup(ctx, automationPlaces):
		label, group = components.T(ctx, "layout.automation"), automationPlaces
	case u.Role.CanManageStaff() && inGroup(ctx, adminPlaces):
		label, group = components.T(ctx, "layout.admin"), adminPlaces
	}
	// The page is the place whose address is the longest that holds it
	// (the statements' page lies under the transparency report's).
	current := ""
	for _, p := range group {
		if isCurrent(ctx, p.Href) && len(p.Href) > len(current) {
			current = p.Href
		}
	}
	for _, p := range group {
		ts = append(ts, tab{p.Href, components.T(ctx, p.Key), p.Href == current})
	}
	return label, ts
}

// phoneTabs are the places that a phone shows in the bottom tab bar: a
// user's five and Customer Service (which the top bar shows apart on a wide
// screen, and which a restricted account keeps); staff, who have fewer, get
// Home too (a user's Home is the brand's link).
func phoneTabs(ctx context.Context, u *models.User) []tab {
	ts := tabs(ctx, u)
	if u.Role == models.RoleUser {
		ts = append(ts, tab{MyTicketsPath, components.T(ctx, "layout.customer_service"),
			isCurrent(ctx, MyTicketsPath) || isCurrent(ctx, SupportNewPath)})
	} else {
		ts = append([]tab{{HomePath, components.T(ctx, "layout.home"), isCurrent(ctx, HomePath)}}, ts...)
	}
	return ts
}

// otherLang is the language the switch offers: the one the page is not in.
func otherLang(ctx context.Context) string {
	if components.Lang(ctx) == "ko" {
		return "en"
	}
	return "ko"
}

// errorTitle is an error page's title in the page's language: the
// status's own, else one for any request that could not be handled.
func errorTitle(ctx context.Context, status int) string {
	if id := "errorpage.title_" + strconv.Itoa(status); components.Has(id) {
		return components.T(ctx, id)
	}
	if status >= 500 {
		return components.T(ctx, "errorpage.title_500")
	}
	return components.T(ctx, "errorpage.title_other")
}

// subjectLabel names what was reported: "Board post", "게시글".
func subjectLabel(ctx context.Context, t models.SubjectType) string {
	return components.T(ctx, "subject."+string(t))
}

// reasonLabel is a Reason for Reporting in the page's language.
func reasonLabel(ctx context.Context, r models.ReportReason) string {
	return components.T(ctx, "reason."+string(r))
}
