package handlers

import (
	"errors"
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
	"sha256": true}

// checkText refuses, with a 422, a request whose query or form holds
// anything but text a person could type (models.TextProblem): invalid
// UTF-8, a NUL, a control character, or a line break in a one-line field.
// So no handler and no query ever sees such bytes, and nothing is stored.
func checkText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if err := r.ParseForm(); err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) { // the body limit
				return he
			}
			return echo.NewHTTPError(http.StatusBadRequest, "http.bad_form")
		}
		for name, values := range r.Form {
			if p := models.TextProblem(name, false); p != "" {
				return refuseText("A field name " + p + ".")
			}
			for _, v := range values {
				if p := models.TextProblem(v, multilineFields[name]); p != "" {
					return refuseText("The text in “" + fieldLabel(name) + "” " + p + ".")
				}
			}
		}
		return next(c)
	}
}

func refuseText(problem string) error {
	return &models.Error{Code: models.Invalid,
		Message: problem + " Remove the character (it may have come with pasted text) and try again; nothing was saved."}
}

// fieldLabel names a form field for people.
func fieldLabel(name string) string {
	switch name {
	case "body":
		return "message"
	case "name":
		return "user name"
	case "display_name":
		return "display name"
	case "q":
		return "search"
	case "detail":
		return "details"
	case "current", "password", "confirm":
		return "password"
	case "time_zone":
		return "time zone"
	}
	if models.TextProblem(name, false) != "" || len(name) > 40 {
		return "a field"
	}
	return name
}

// formStatus is the status of a form shown again with its errors: 429 when
// the form was refused for coming too often, else 422.
func formStatus(code models.Code) int {
	if code == models.Throttled {
		return http.StatusTooManyRequests
	}
	return http.StatusUnprocessableEntity
}
