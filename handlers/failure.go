package handlers

import (
	"maps"
	"net/http"
	"slices"

	"talksafe/models"
	"talksafe/views/components"
)

// failure is what the answer to a form says when a models function refused
// it: the status, the form again (the input kept, each error beside its
// field, the error's words above), and the words to flash when the answer
// is a redirect instead (the error of the form's field, else the error's).
type failure struct {
	status int
	form   components.Form
	flash  models.Msg
}

// failed maps err to the failure of a form with values: the status of its
// code (statusOf), but 422 for an error on a field. A form shows its
// fields' errors (Invalid) and "too often" (Throttled), and the other codes
// in shown; ok is false for any other error, which goes to the error page.
func failed(err error, values map[string]string, shown ...models.Code) (f failure, ok bool) {
	e := models.AsError(err)
	if e == nil || (e.Code != models.Invalid && e.Code != models.Throttled && !slices.Contains(shown, e.Code)) {
		return failure{}, false
	}
	f = failure{status: statusOf(e.Code), form: components.FormFromError(values, e), flash: e.Msg}
	if e.Code == models.NotFound || (len(e.Fields) > 0 && e.Code != models.Throttled) {
		// A field to correct (a name taken), or something the form named
		// that is gone: the form is to be corrected.
		f.status = http.StatusUnprocessableEntity
	}
	if fields := slices.Sorted(maps.Keys(e.Fields)); len(fields) > 0 {
		f.flash = e.Fields[fields[0]]
	}
	return f, true
}
