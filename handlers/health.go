package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/models"
)

// showHealth says the process is up.
func (a *App) showHealth(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// showReady says whether the database answers: a load balancer's health
// check, which takes an instance out of rotation while it says 503.
func (a *App) showReady(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := models.Ping(ctx, a.db); err != nil {
		a.log.Warn("not ready", "error", err)
		c.Response().Header().Set("Retry-After", retryAfter)
		return c.String(http.StatusServiceUnavailable, "database unreachable\n")
	}
	return c.String(http.StatusOK, "ready\n")
}
