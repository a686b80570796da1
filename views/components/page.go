// Package components holds the pieces every page shares: the request's Page
// context, forms with their errors, flash messages and the CSRF field.
package components

import (
	"context"
	"slices"

	"talksafe/models"
)

// Page is what the layout needs of every request: who is looking, the CSRF
// token for forms, flash messages, the request id and the current path.
type Page struct {
	User      *models.User
	CSRF      string
	Flashes   []Flash
	RequestID string
	Path      string
	Fragment  bool   // an htmx request: render the page without the layout
	Unread    int64  // the viewer's unread notices, for the navigation
	Lang      string // the interface language: "en" or "ko" (MatchLanguage)
}

// Flash is a one-time message shown at the top of the next page, with at
// most one action: a button that posts a form (Undo, Add as friend). It
// waits in a cookie as JSON.
type Flash struct {
	Kind   string       `json:"kind"` // "success", "error" or "info"
	Msg    models.Msg   `json:"msg"`
	Action *FlashAction `json:"action,omitempty"`
}

// FlashAction is a flash's button: Label posts Fields (and the CSRF token)
// to Path.
type FlashAction struct {
	Label  models.Msg        `json:"l"`
	Path   string            `json:"p"`
	Fields map[string]string `json:"f,omitempty"`
}

type pageKey struct{}

// WithPage returns ctx carrying p for the components rendered with it.
func WithPage(ctx context.Context, p *Page) context.Context {
	return context.WithValue(ctx, pageKey{}, p)
}

// PageFrom returns the Page of ctx, or an empty one.
func PageFrom(ctx context.Context) *Page {
	if p, ok := ctx.Value(pageKey{}).(*Page); ok {
		return p
	}
	return &Page{}
}

// Form carries a form's submitted values and its errors back to the page,
// as words the page puts in its language with Word.
type Form struct {
	Values  map[string]string
	Errors  models.FieldErrors
	Message models.Msg
}

// Value returns the submitted value of field.
func (f Form) Value(field string) string { return f.Values[field] }

// Error returns the words of field's error (zero when it has none).
func (f Form) Error(field string) models.Msg { return f.Errors[field] }

// Invalid reports whether field has an error.
func (f Form) Invalid(field string) bool { return f.Errors.Has(field) }

// FormFromError fills a Form's errors from err (an *models.Error with fields,
// or any message) and keeps values.
func FormFromError(values map[string]string, err error) Form {
	f := Form{Values: values, Errors: models.FieldErrors{}}
	if e := models.AsError(err); e != nil {
		f.Message = e.Msg
		for k, v := range e.Fields {
			f.Errors[k] = v
		}
		if len(e.Fields) > 0 && e.Code == models.Invalid {
			f.Message = models.NewMsg("error.form.invalid")
		}
	}
	return f
}

// FlashRole is the ARIA role of a flash of kind.
func FlashRole(kind string) string {
	if kind == "error" {
		return "alert"
	}
	return "status"
}

// Option is one choice of a Select.
type Option struct {
	Value, Label string
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
