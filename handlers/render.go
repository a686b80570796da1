package handlers

import (
	"bytes"
	"encoding/json"
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
	page := a.page(c)
	ctx := components.WithPage(c.Request().Context(), page)
	var buf bytes.Buffer
	if err := component.Render(ctx, &buf); err != nil {
		return err
	}
	if page.Fragment && status >= 400 && status < 500 {
		// An expected refusal to htmx (a form's errors, "already reported",
		// "not allowed") is a page to show in place, not a failure: browsers
		// log every 4xx to the console as an error. Without htmx the status
		// stays.
		status = http.StatusOK
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// page gathers what the layout shows for this request. A fragment (an
// htmx request: the chat's poll every few seconds, the Report pop-up) has
// no layout: it neither counts unread notices nor takes the flashes, which
// wait for the next full page.
func (a *App) page(c echo.Context) *components.Page {
	token, _ := c.Get("csrf").(string)
	if token == middleware.CSRFUsingSecFetchSite {
		token = "" // the browser's Sec-Fetch-Site vouches for its forms
	}
	fragment := c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Boosted") != "true"
	var unread int64
	var flashes []components.Flash
	if !fragment {
		flashes = a.takeFlashes(c)
		if u := currentUser(c); u != nil {
			// The count is a nicety: a failure to read it must not fail the page.
			if n, err := models.UnreadNotices(c.Request().Context(), a.db, u.ID); err == nil {
				unread = n
			}
		}
	}
	return &components.Page{
		Unread:    unread,
		Lang:      pageLang(c),
		User:      currentUser(c),
		CSRF:      token,
		Flashes:   flashes,
		RequestID: requestID(c),
		Path:      c.Request().URL.Path,
		Fragment:  fragment,
	}
}

// pageLang is the language this request's page is shown in: the account's,
// else the visitor's choice on the page (language.go), else the browser's.
func pageLang(c echo.Context) string {
	account := ""
	if u := currentUser(c); u != nil {
		account = u.Language
	}
	chosen := ""
	if ck, err := c.Cookie(langCookie); err == nil {
		chosen = ck.Value
	}
	return components.MatchLanguage(account, chosen, c.Request().Header.Get("Accept-Language"))
}

const flashName = "talksafe_flash"

// flash keeps words for the next page the browser shows.
func (a *App) flash(c echo.Context, kind string, msg models.Msg) { a.flashWith(c, kind, msg, nil) }

// flashWith keeps words with a button (Undo, Add as friend).
func (a *App) flashWith(c echo.Context, kind string, msg models.Msg, action *components.FlashAction) {
	s, _ := a.flashes.Get(c.Request(), flashName) // a broken cookie yields a fresh session
	b, err := json.Marshal(components.Flash{Kind: kind, Msg: msg, Action: action})
	if err != nil {
		a.log.Error("encode flash", "request_id", requestID(c), "error", err)
		return
	}
	s.AddFlash(string(b))
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
		str, ok := r.(string)
		var f components.Flash
		if !ok || json.Unmarshal([]byte(str), &f) != nil {
			continue
		}
		if f.Action != nil && safeNext(f.Action.Path) != f.Action.Path {
			f.Action = nil
		}
		out = append(out, f)
	}
	return out
}

// redirectWith answers a form post with 303 See Other, after a flash with
// a button.
func (a *App) redirectWith(c echo.Context, to, kind string, msg models.Msg, action *components.FlashAction) error {
	a.flashWith(c, kind, msg, action)
	return c.Redirect(http.StatusSeeOther, to)
}

// redirect answers a form post with 303 See Other, after a flash (none
// when msg is zero).
func (a *App) redirect(c echo.Context, to, kind string, msg models.Msg) error {
	if !msg.IsZero() {
		a.flash(c, kind, msg)
	}
	return c.Redirect(http.StatusSeeOther, to)
}
