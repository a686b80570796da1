package handlers

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"talksafe/models"
	"talksafe/views"
)

// The middleware chain, outermost first, as routes.go installs it: recover
// (recoverPanic) → request id and slog request log (requestLogger) →
// security headers → body limit → for pages: session and current user
// (loadSession) → an account that must set its own password kept on its
// Account page (passwordGate) → CSRF → per route: role guard (requireRole).

func (a *App) requestLogger(next echo.HandlerFunc) echo.HandlerFunc {
	logged := middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURIPath: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		LogRemoteIP: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			switch {
			case v.Status == http.StatusServiceUnavailable: // the database is down or restarting: it says so once, as a warning
				level = slog.LevelWarn
			case v.Status >= 500:
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("request_id", v.RequestID), slog.String("method", v.Method),
				slog.String("path", v.URIPath), slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency), slog.String("ip", v.RemoteIP),
			}
			if u := currentUser(c); u != nil {
				attrs = append(attrs, slog.Int64("user_id", u.ID))
			}
			if v.Error != nil && v.Status >= 500 {
				attrs = append(attrs, slog.String("error", v.Error.Error()))
			}
			a.log.LogAttrs(c.Request().Context(), level, "request", attrs...)
			return nil
		},
	})(next)
	return middleware.RequestID()(logged)
}

// countRequests counts each request in the metrics, when there are any.
func (a *App) countRequests(next echo.HandlerFunc) echo.HandlerFunc {
	if a.cfg.Metrics == nil {
		return next
	}
	return a.cfg.Metrics.Middleware(next)
}

func (a *App) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			a.log.Error("panic", "request_id", requestID(c), "error", err, "stack", string(stack))
			return err
		}})(next)
}

// contentSecurityPolicy allows nothing inline and nothing from other hosts.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.Request().TLS != nil || c.Request().Header.Get("X-Forwarded-Proto") == "https" {
			h.Set("Strict-Transport-Security", "max-age=63072000")
		}
		return next(c)
	}
}

// csrfCookie holds the CSRF token that forms send back.
const csrfCookie = "talksafe_csrf"

// csrf checks every POST: browsers that send Sec-Fetch-Site are checked by
// it, others by the token of the form body (field _csrf) or of htmx (header
// X-CSRF-Token) against the cookie; never by a token in the query string,
// which leaks into logs and Referer headers. A failure is a 403. A streamed
// upload is checked by its handler, by the same rule (uploadCSRFOK). Every
// page carries the visitor's own token (at least in the footer's language
// form), logged in or not, so no page may be kept by a shared cache: each is
// sent with Cache-Control: private, no-store.
func (a *App) csrf() echo.MiddlewareFunc {
	check := middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper:        streamedUpload,
		TokenLookup:    "header:" + echo.HeaderXCSRFToken,
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieMaxAge:   csrfCookieMaxAge,
		CookieHTTPOnly: true,
		CookieSecure:   a.cfg.SecureCookies,
		CookieSameSite: http.SameSiteLaxMode,
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden, models.NewMsg("error.http.csrf"))
		},
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		checked := check(next)
		return func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderCacheControl, "private, no-store")
			r := c.Request()
			if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get(echo.HeaderXCSRFToken) == "" && !streamedUpload(c) {
				if token := r.PostFormValue("_csrf"); token != "" {
					r.Header.Set(echo.HeaderXCSRFToken, token)
				}
			}
			return checked(c)
		}
	}
}

// csrfCookieMaxAge is how long a CSRF cookie lasts, in seconds.
const csrfCookieMaxAge = 86400

// rotateCSRF gives the browser a new CSRF token: at log-in and log-out, so a
// token seen before cannot be used after.
func (a *App) rotateCSRF(c echo.Context) {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	token := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", MaxAge: csrfCookieMaxAge,
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	if c.Get("csrf") != nil {
		c.Set("csrf", token)
	}
}

const sessionName = "talksafe_session"

type ctxKey int

const userKey ctxKey = iota

// loadSession reads the session cookie and puts the logged-in user, if
// any, into the request's context.
func (a *App) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := a.sessions.User(c.Request(), sessionName)
		if err != nil {
			return err
		}
		if u != nil {
			ctx := context.WithValue(c.Request().Context(), userKey, u)
			c.SetRequest(c.Request().WithContext(ctx))
		}
		return next(c)
	}
}

// passwordGate keeps an account that must set its own password (a staff
// account an admin made, until it does) on the Account page, which then
// shows the password form alone: any other page or form leads there. Only
// the password form, logging out and the page's language switch stay open;
// static files are served outside the pages.
func (a *App) passwordGate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := currentUser(c)
		if u == nil || !u.MustChangePassword || passwordGateOpen[c.Request().Method+" "+c.Path()] {
			return next(c)
		}
		if c.Request().Header.Get("HX-Request") == "true" { // htmx: the whole page goes there
			c.Response().Header().Set("HX-Redirect", views.AccountPath)
			return c.NoContent(http.StatusNoContent)
		}
		return c.Redirect(http.StatusSeeOther, views.AccountPath)
	}
}

// passwordGateOpen are the routes an account that must set its own
// password may use.
var passwordGateOpen = map[string]bool{
	http.MethodGet + " " + views.AccountPath:   true,
	http.MethodGet + " " + views.PasswordPath:  true,
	http.MethodPost + " " + views.PasswordPath: true,
	http.MethodPost + " " + views.LogoutPath:   true,
	http.MethodPost + " " + views.LanguagePath: true,
}

// currentUser returns the logged-in user, or nil.
func currentUser(c echo.Context) *models.User {
	u, _ := c.Request().Context().Value(userKey).(*models.User)
	return u
}

// requireRole lets through accounts with one of roles. Anyone not logged in
// is sent to the log-in page (and back afterwards); a logged-in account with
// another role gets 403.
func requireRole(roles ...models.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := currentUser(c)
			if u == nil {
				next := c.Request().URL.RequestURI()
				if c.Request().Method != http.MethodGet {
					next = views.HomePath
				}
				return c.Redirect(http.StatusSeeOther, views.LoginNextPath(next))
			}
			for _, r := range roles {
				if u.Role == r {
					return next(c)
				}
			}
			return echo.NewHTTPError(http.StatusForbidden, models.NewMsg("error.http.not_for_role", models.NewMsg("staff.role."+string(u.Role))))
		}
	}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

// safeNext returns next when it is a path on this site, else the home page.
func safeNext(next string) string {
	if !localPath(next) {
		return views.HomePath
	}
	return next
}

// localPath reports whether p is a path on this site and nothing a browser
// could read as another host: it parses with no scheme and no host, starts
// with exactly one "/", and has no control character or backslash, neither
// as written nor percent-decoded (browsers drop tabs and line breaks, and
// read "\" as "/").
func localPath(p string) bool {
	decoded, err := url.PathUnescape(p)
	if err != nil || !utf8.ValidString(p) || !utf8.ValidString(decoded) {
		return false
	}
	for _, s := range []string{p, decoded} {
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
			return false
		}
		if strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}
