package handlers

import (
	"errors"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
)

// multilineFields are the form fields that may hold tabs and line breaks:
// the text boxes (TestTextBoxesAreMultiline finds every one in the views).
// Every other field is one line, but for Verify's pasted fingerprint, which
// certutil prints on three lines.
var multilineFields = map[string]bool{"body": true, "detail": true, "description": true, "reply": true,
	"note": true, "moderation_note": true, "outcome": true, "internal_note": true, "user_note": true,
	"override_reason": true, "reason": true, "sha256": true, "entries": true, "hashes": true,
	"explanation": true, "objection": true}

// checkText refuses, with a 422, a request whose query or form holds
// anything but text a person could type (models.TextProblem): invalid
// UTF-8, a NUL, a control character, or a line break in a one-line field.
// So no handler and no query ever sees such bytes, and nothing is stored.
// A page route reads a body only as a URL-encoded form (Verify's upload
// reads its own stream; the forms that take a file may be multipart,
// uploadForm): any other body is a 415, before anything parses it.
func checkText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		u, up := uploadForm(c)
		if hasBody(r) && !streamedUpload(c) && !up && mediaType(r) != echo.MIMEApplicationForm {
			return echo.NewHTTPError(http.StatusUnsupportedMediaType, models.NewMsg("error.http.unsupported_body"))
		}
		if up {
			if err := checkUploadParts(r, u); err != nil {
				return err
			}
		}
		if err := r.ParseForm(); err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) { // the body limit
				return he
			}
			return echo.NewHTTPError(http.StatusBadRequest, models.NewMsg("error.http.bad_form"))
		}
		for name, values := range r.Form {
			if p := models.TextProblem(name, false); p != "" {
				return models.Coded(models.Invalid, "text.bad_field_name", models.NewMsg(p))
			}
			for _, v := range values {
				if p := models.TextProblem(v, multilineFields[name]); p != "" {
					return models.Coded(models.Invalid, "text.bad_text", fieldLabel(name), models.NewMsg(p))
				}
			}
		}
		return next(c)
	}
}

// hasBody reports whether r carries a body (a form post always does; a
// button's POST with nothing to send may not).
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || len(r.TransferEncoding) > 0 || r.Header.Get(echo.HeaderContentType) != ""
}

// mediaType is r's Content-Type without its parameters, lowercased; "" when
// it cannot be read.
func mediaType(r *http.Request) string {
	t, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil {
		return ""
	}
	return t
}

// fieldLabels name the form fields for people ("text.field.<label>").
var fieldLabels = map[string]string{"body": "message", "name": "user_name", "display_name": "display_name",
	"q": "search", "detail": "details", "current": "password", "password": "password", "confirm": "password",
	"time_zone": "time_zone", "title": "title", "description": "description", "reply": "reply", "note": "note",
	"moderation_note": "note", "internal_note": "internal_note", "user_note": "user_note", "outcome": "outcome",
	"reason": "reason", "override_reason": "reason", "entries": "entries"}

// fieldLabel names a form field for people, in the page's language.
func fieldLabel(name string) models.Msg {
	if l, ok := fieldLabels[name]; ok {
		return models.NewMsg("text.field." + l)
	}
	return models.NewMsg("text.field.other")
}
