package handlers

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"talksafe/models"
	"talksafe/views/components"
)

// render renders component into a buffer first, so that a failing template
// becomes a clean 500 instead of half a page, then writes it with status.
func (a *App) render(c echo.Context, status int, component templ.Component) error {
	ctx := components.WithPage(c.Request().Context(), a.page(c))
	var buf bytes.Buffer
	if err := component.Render(ctx, &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// page gathers what the layout shows for this request.
func (a *App) page(c echo.Context) *components.Page {
	token, _ := c.Get("csrf").(string)
	if token == middleware.CSRFUsingSecFetchSite {
		token = "" // the browser's Sec-Fetch-Site vouches for its forms
	}
	var unread int64
	if u := currentUser(c); u != nil {
		// The count is a nicety: a failure to read it must not fail the page.
		if n, err := models.UnreadNotices(c.Request().Context(), a.db, u.ID); err == nil {
			unread = n
		}
	}
	return &components.Page{
		Unread:    unread,
		User:      currentUser(c),
		CSRF:      token,
		Flashes:   a.takeFlashes(c),
		RequestID: requestID(c),
		Path:      c.Request().URL.Path,
		Fragment:  c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Boosted") != "true",
	}
}

const flashName = "talksafe_flash"

// flash keeps a message for the next page the browser shows.
func (a *App) flash(c echo.Context, kind, message string) {
	s, _ := a.flashes.Get(c.Request(), flashName) // a broken cookie yields a fresh session
	s.AddFlash(kind + "\x00" + message)
	if err := s.Save(c.Request(), c.Response()); err != nil {
		a.log.Error("save flash", "request_id", requestID(c), "error", err)
	}
}

func (a *App) takeFlashes(c echo.Context) []components.Flash {
	if _, err := c.Cookie(flashName); err != nil {
		return nil
	}
	s, _ := a.flashes.Get(c.Request(), flashName)
	raw := s.Flashes()
	if len(raw) == 0 {
		return nil
	}
	_ = s.Save(c.Request(), c.Response())
	out := make([]components.Flash, 0, len(raw))
	for _, r := range raw {
		if str, ok := r.(string); ok {
			kind, msg, _ := bytes.Cut([]byte(str), []byte{0})
			out = append(out, components.Flash{Kind: string(kind), Message: string(msg)})
		}
	}
	return out
}

// redirect answers a form post with 303 See Other, after a flash.
func (a *App) redirect(c echo.Context, to, kind, message string) error {
	if message != "" {
		a.flash(c, kind, message)
	}
	return c.Redirect(http.StatusSeeOther, to)
}
