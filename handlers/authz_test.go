package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/static"
)

// Who may use a route.
type access int

const (
	public     access = iota // anyone
	loggedIn                 // any account
	users                    // role user
	admins                   // role admin
	support                  // role support
	desk                     // role support or admin
	moderators               // role moderator
	modReaders               // role moderator or admin
)

func (a access) allows(role models.Role) bool {
	switch a {
	case public:
		return true
	case loggedIn:
		return role != ""
	case users:
		return role == models.RoleUser
	case admins:
		return role == models.RoleAdmin
	case support:
		return role == models.RoleSupport
	case desk:
		return role == models.RoleSupport || role == models.RoleAdmin
	case moderators:
		return role == models.RoleModerator
	case modReaders:
		return role == models.RoleModerator || role == models.RoleAdmin
	}
	return false
}

// routeAccess lists every route of the router with who may use it. A route
// missing here fails TestAuthorization: add it the day you add the route.
var routeAccess = map[string]access{
	"GET /healthz":                                public,
	"GET /readyz":                                 public,
	"GET /static/*":                               public,
	"GET /":                                       public,
	"GET /login":                                  public,
	"POST /login":                                 public,
	"GET /signup":                                 public,
	"GET /policy":                                 public,
	"GET /safety":                                 public,
	"POST /language":                              public,
	"GET /verify":                                 public,
	"POST /verify":                                public,
	"GET /settings/exports":                       users,
	"GET /settings/exports/:id":                   users,
	"GET /report/:type/:id":                       users,
	"POST /report/:type/:id":                      users,
	"GET /reports":                                users,
	"GET /reports/:id/received":                   users,
	"GET /legal":                                  users,
	"GET /legal/new/:type/:id":                    users,
	"POST /legal/new/:type/:id":                   users,
	"GET /legal/objection/:type/:id":              users,
	"POST /legal/objection/:type/:id":             users,
	"POST /signup":                                public,
	"POST /logout":                                loggedIn,
	"GET /account":                                loggedIn,
	"POST /account":                               loggedIn,
	"GET /account/password":                       loggedIn,
	"POST /account/password":                      loggedIn,
	"GET /friends":                                users,
	"POST /friends":                               users,
	"POST /friends/:id/hide":                      users,
	"GET /friends/:id/block":                      users,
	"POST /friends/:id/block":                     users,
	"GET /settings":                               users,
	"GET /chats/:id/export":                       users,
	"GET /chats/:id/export/download":              users,
	"GET /settings/friends/hidden":                users,
	"GET /settings/friends/blocked":               users,
	"POST /settings/friends/:id/unhide":           users,
	"GET /settings/friends/:id/delete":            users,
	"POST /settings/friends/:id/delete":           users,
	"POST /settings/friends/:id/unblock":          users,
	"GET /chats":                                  users,
	"POST /chats":                                 users,
	"GET /chats/:id":                              users,
	"GET /chats/:id/messages":                     users,
	"POST /chats/:id/messages":                    users,
	"GET /chats/:id/leave":                        users,
	"POST /chats/:id/leave":                       users,
	"GET /admin/staff":                            admins,
	"POST /admin/staff":                           admins,
	"POST /admin/staff/:id/role":                  admins,
	"GET /admin/staff/:id/deactivate":             admins,
	"POST /admin/staff/:id/deactivate":            admins,
	"POST /admin/staff/:id/reactivate":            admins,
	"GET /admin/audit":                            admins,
	"GET /admin/transparency/statements":          admins,
	"GET /admin/transparency/statements/download": admins,
	"GET /admin/organisations":                    admins,
	"POST /admin/organisations":                   admins,
	"POST /admin/organisations/:id/end":           admins,
	"GET /admin/retention":                        admins,
	"POST /admin/holds":                           admins,
	"POST /admin/holds/:id/release":               admins,
	"GET /admin/jobs":                             admins,
	"POST /admin/jobs/:id/retry":                  admins,
	"GET /admin/transparency":                     admins,
	"GET /admin/transparency/csv/:table":          admins,
	"POST /admin/transparency/person":             admins,
	"GET /admin/banks":                            modReaders,
	"POST /admin/banks":                           admins,
	"GET /admin/banks/:id":                        modReaders,
	"POST /admin/banks/:id/entries":               admins,
	"POST /admin/banks/:id/entries/:entry/delete": admins,
	// Hash banks: admins edit, moderators read
	"GET /admin/hash-banks":                           modReaders,
	"POST /admin/hash-banks":                          admins,
	"GET /admin/hash-banks/:id":                       modReaders,
	"POST /admin/hash-banks/:id":                      admins,
	"POST /admin/hash-banks/:id/import":               admins,
	"POST /mod/cases/:id/hash-bank":                   modReaders,
	"POST /admin/hash-banks/:id/hashes/:entry/delete": admins,
	"GET /admin/rules":                                modReaders,
	"POST /admin/rules":                               admins,
	"GET /admin/rules/:id":                            modReaders,
	"POST /admin/rules/:id":                           admins,
	"POST /admin/rules/:id/state":                     admins,

	// Notices, restrictions and appeals
	"GET /notices":                  loggedIn,
	"POST /notices/read":            loggedIn,
	"GET /restrictions":             users,
	"POST /restrictions/:id/appeal": users,
	"GET /complaints/:on/:id":       users,
	"POST /complaints/:on/:id":      users,

	// Moderation
	"GET /mod":                                     modReaders,
	"POST /mod/start":                              moderators,
	"POST /mod/bulk":                               moderators,
	"GET /mod/cases/:id":                           modReaders,
	"POST /mod/cases/:id/claim":                    moderators,
	"POST /mod/cases/:id/release":                  moderators,
	"POST /mod/cases/:id/decide":                   moderators,
	"POST /mod/cases/:id/reveal":                   modReaders,
	"POST /mod/cases/:id/pictures/:picture/reveal": modReaders,

	// Pictures: anyone logged in asks; the query decides what they see (a 404 otherwise)
	"GET /pictures/:id":               loggedIn,
	"GET /pictures/:id/thumb":         loggedIn,
	"POST /mod/cases/:id/reverse":     moderators,
	"POST /mod/cases/:id/unhide":      moderators,
	"POST /mod/legal/:id/hide":        moderators,
	"POST /mod/legal/:id/extend":      moderators,
	"POST /mod/legal/:id/block":       moderators,
	"POST /mod/restrictions/:id/lift": moderators,
	"GET /mod/appeals":                modReaders,
	"POST /mod/appeals/:id":           moderators,
	"POST /mod/complaints/:id":        moderators,
	"GET /mod/stats":                  modReaders,

	// Open Chat boards
	"GET /openchat":               users,
	"GET /openchat/:id":           users,
	"POST /openchat/:id/join":     users,
	"POST /openchat/:id/leave":    users,
	"GET /openchat/:id/posts/new": users,
	"POST /openchat/:id/posts":    users,
	"GET /posts/:id":              users,
	"GET /posts/:id/edit":         users,
	"POST /posts/:id/edit":        users,
	"GET /posts/:id/delete":       users,
	"POST /posts/:id/delete":      users,
	"POST /posts/:id/comments":    users,
	"GET /comments/:id/edit":      users,
	"POST /comments/:id/edit":     users,
	"GET /comments/:id/delete":    users,
	"POST /comments/:id/delete":   users,

	// Customer Service: users' tickets, the support desk, saved replies
	"GET /support/new":                       users,
	"POST /support/tickets":                  users,
	"GET /support/tickets":                   users,
	"GET /support/tickets/:id":               users,
	"POST /support/tickets/:id/messages":     users,
	"POST /support/tickets/:id/reopen":       users,
	"GET /support":                           desk,
	"GET /support/desk/:id":                  desk,
	"GET /support/desk/:id/evidence":         desk,
	"POST /support/desk/:id/evidence/reveal": desk,
	"POST /support/desk/:id/claim":           support,
	"POST /support/desk/:id/take-over":       support,
	"POST /support/desk/:id/assign":          support,
	"POST /support/desk/:id/reply":           support,
	"POST /support/desk/:id/reply/insert":    support,
	"POST /support/desk/:id/notes":           support,
	"POST /support/desk/:id/moderation":      support,
	"POST /support/desk/:id/resolve":         support,
	"GET /support/replies":                   desk,
	"GET /support/replies/new":               admins,
	"POST /support/replies":                  admins,
	"GET /support/replies/:id/edit":          admins,
	"POST /support/replies/:id/edit":         admins,
	"POST /support/replies/:id/delete":       admins,
}

// TestAuthorization walks every route registered on the router and checks,
// for each role and for anonymous visitors, that it is allowed or denied as
// routeAccess says: denied means a redirect to the log-in page (anonymous)
// or 403 (logged in). POSTs carry a valid CSRF token, so the guard is what
// is tested. Each role's requests share one logged-in client, but for the
// POSTs that act on sessions or accounts (ownSession): they log in afresh.
func TestAuthorization(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	roles := []models.Role{"", models.RoleUser, models.RoleModerator, models.RoleSupport, models.RoleAdmin}
	shared := map[models.Role]*client{"": en.client()}
	for _, r := range roles[1:] {
		en.user("acct."+string(r), r)
		shared[r] = en.login("acct." + string(r))
	}
	var routes []*echo.Route
	for _, r := range en.e.Routes() {
		if r.Method != echo.RouteNotFound {
			routes = append(routes, r)
		}
	}
	seen := map[string]bool{}
	for _, route := range routes {
		key := route.Method + " " + route.Path
		seen[key] = true
		want, ok := routeAccess[key]
		if !ok {
			t.Errorf("route %s has no entry in routeAccess: say who may use it", key)
			continue
		}
		for _, role := range roles {
			name := "anonymous"
			if role != "" {
				name = string(role)
			}
			t.Run(key+"/"+name, func(t *testing.T) {
				c := shared[role]
				if route.Method != http.MethodGet && ownSession(route.Path) {
					c = en.client()
					if role != "" {
						c = en.login("acct." + string(role))
					}
				}
				path := samplePath(route.Path)
				var r *response
				if route.Method == http.MethodGet {
					r = c.get(path)
				} else {
					r = c.submit(path, url.Values{})
				}
				denied := r.status == http.StatusForbidden ||
					(r.status == http.StatusSeeOther && strings.HasPrefix(r.header.Get("Location"), "/login"))
				switch {
				case want.allows(role) && denied:
					t.Errorf("%s as %s: denied (%d %s), want allowed", key, name, r.status, r.header.Get("Location"))
				case !want.allows(role) && !denied:
					t.Errorf("%s as %s: allowed (%d), want denied", key, name, r.status)
				case !want.allows(role) && role == "" && r.status != http.StatusSeeOther:
					t.Errorf("%s anonymous: %d, want a redirect to log in", key, r.status)
				case !want.allows(role) && role != "" && r.status != http.StatusForbidden:
					t.Errorf("%s as %s: %d, want 403", key, name, r.status)
				}
			})
		}
	}
	for key := range routeAccess {
		if !seen[key] {
			t.Errorf("routeAccess lists %s, which the router does not have", key)
		}
	}
	if !slices.ContainsFunc(routes, func(r *echo.Route) bool { return r.Path == "/admin/staff" }) {
		t.Fatal("router has no admin routes: is the walk reading the right router?")
	}
}

// ownSession reports whether a POST to path may end or change the session
// or the account it is sent with (log out, a password, a staff account):
// TestAuthorization sends it from a client of its own.
func ownSession(path string) bool {
	return slices.Contains([]string{"/login", "/logout", "/signup", "/account", "/account/password", "/language"}, path) ||
		strings.HasPrefix(path, "/admin/staff")
}

// samplePath fills a route's parameters with values that exist.
func samplePath(p string) string {
	p = strings.ReplaceAll(p, "/static/*", static.Path("css/app.css"))
	p = strings.ReplaceAll(p, ":type", "message")
	p = strings.ReplaceAll(p, ":id", "1") // a 404 still counts as allowed
	p = strings.ReplaceAll(p, ":picture", "1")
	p = strings.ReplaceAll(p, ":on", string(models.ComplainDecision))
	return p
}
