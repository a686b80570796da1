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
// most one action: a button that posts a form (Undo, Add as friend).
type Flash struct {
	Kind    string // "success", "error" or "info"
	Message string
	Action  *FlashAction
}

// FlashAction is a flash's button: Label posts Fields (and the CSRF token)
// to Path.
type FlashAction struct {
	Label  string            `json:"l"`
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

// Form carries a form's submitted values and its errors back to the page.
// Errors and Message hold catalog keys with their args (or sentences):
// the page puts them in its language with Word.
type Form struct {
	Values  map[string]string
	Errors  map[string]string
	Message string
}

// Value returns the submitted value of field.
func (f Form) Value(field string) string { return f.Values[field] }

// Error returns the error of field (a catalog key with its args, for
// Word), or "".
func (f Form) Error(field string) string { return f.Errors[field] }

// FormFromError fills a Form's errors from err (an *models.Error with fields,
// or any message) and keeps values.
func FormFromError(values map[string]string, err error) Form {
	f := Form{Values: values, Errors: map[string]string{}}
	if e := models.AsError(err); e != nil {
		f.Message = RawError(e)
		for k, v := range e.Fields {
			f.Errors[k] = v
		}
		if len(e.Fields) > 0 && e.Code == models.Invalid {
			f.Message = "form.invalid"
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
