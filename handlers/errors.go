package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// handleError is the one place errors become pages. Domain errors map by
// their code; echo's by their status; a database that cannot be reached
// (models.Unavailable: down, restarting, a broken connection) is a 503 with
// Retry-After, a page that says to try again in a moment, and a warning in
// the log; anything else is a 500 that is logged with the request id, and
// the user sees only that id.
func (a *App) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if c.Request().Context().Err() != nil {
		// The client went away; whatever failed, failed for that. Nothing is
		// sent, and the log says 499 (client closed request), not 500.
		c.Response().Status = statusClientClosedRequest
		a.log.Debug("client closed request", "request_id", requestID(c), "error", err)
		return
	}
	status, message := http.StatusInternalServerError, models.NewMsg("error.http.internal")
	var he *echo.HTTPError
	if models.Unavailable(err) {
		status, message = http.StatusServiceUnavailable, models.NewMsg("error.http.unavailable")
		c.Response().Header().Set("Retry-After", retryAfter)
		a.log.Warn("database unavailable", "request_id", requestID(c), "method", c.Request().Method,
			"path", c.Request().URL.Path, "error", err)
	} else if e := models.AsError(err); e != nil && e.Code != models.Internal && !e.IsZero() {
		status, message = statusOf(e.Code), e.Msg
	} else if errors.As(err, &he) && he.Code < 500 {
		status = he.Code
		message = friendlyMessage(he)
	}
	if status >= 500 && status != http.StatusServiceUnavailable {
		a.log.Error("internal error", "request_id", requestID(c), "method", c.Request().Method,
			"path", c.Request().URL.Path, "error", err)
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	reqID := ""
	if status >= 500 {
		reqID = requestID(c)
	}
	if rerr := a.render(c, status, views.ErrorPage(status, message, reqID)); rerr != nil {
		a.log.Error("render error page", "request_id", requestID(c), "error", rerr)
		_ = c.String(status, components.Text(message))
	}
}

// retryAfter is the Retry-After of a 503, in seconds: a restarting
// PostgreSQL is back in about that time, and a load balancer takes an
// instance out of rotation sooner.
const retryAfter = "5"

// statusClientClosedRequest is nginx's status for a request the client
// abandoned before the answer.
const statusClientClosedRequest = 499

func statusOf(code models.Code) int {
	switch code {
	case models.NotFound:
		return http.StatusNotFound
	case models.Invalid:
		return http.StatusUnprocessableEntity
	case models.Conflict:
		return http.StatusConflict
	case models.Forbidden, models.Restricted:
		return http.StatusForbidden
	case models.Throttled:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// friendlyMessage keeps the words that handlers and middleware wrote for
// people (a models.Msg) and replaces echo's terse defaults with words the
// error page says in its language.
func friendlyMessage(he *echo.HTTPError) models.Msg {
	switch he.Code {
	case http.StatusNotFound:
		return models.NewMsg("error.http.not_found")
	case http.StatusRequestEntityTooLarge:
		return models.NewMsg("error.http.too_large")
	case http.StatusMethodNotAllowed:
		return models.NewMsg("error.http.method_not_allowed")
	}
	if msg, ok := he.Message.(models.Msg); ok {
		return msg
	}
	return models.NewMsg("error.http.unhandled")
}
