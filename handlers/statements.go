package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// statementsPageSize is how many statements of reasons a page lists.
const statementsPageSize = 50

// showStatements lists the statements of reasons of a period, newest
// first, with the period's download in batches the EU DSA Transparency
// Database's multiple-statements endpoint takes.
func (a *App) showStatements(c echo.Context) error {
	ctx, u := c.Request().Context(), currentUser(c)
	status, form := http.StatusOK, components.Form{Values: views.FilterValues(c.QueryParams(), models.StatementFilterKeys)}
	f, err := models.ParseStatementFilter(c.QueryParams())
	var list []models.StatementItem
	var next, total int64
	var batches int
	if err == nil {
		list, next, err = models.Statements(ctx, a.db, u, f, u.Location(), cursorParam(c, "before"), statementsPageSize)
	}
	if err == nil {
		total, batches, err = models.StatementBatches(ctx, a.db, u, f, u.Location())
	}
	if failure, ok := failed(err, form.Values); ok {
		status, form = failure.status, failure.form
	} else if err != nil {
		return err
	}
	return a.render(c, status, views.StatementsPage(views.StatementsView{List: list, Filter: f, Next: next, Total: total, Batches: batches}, form))
}

// downloadStatements sends batch ?batch= (from 1) of the period's
// statements as one JSON file: the body of the API's multiple-statements
// endpoint.
func (a *App) downloadStatements(c echo.Context) error {
	u := currentUser(c)
	f, err := models.ParseStatementFilter(c.QueryParams())
	if err != nil {
		return err
	}
	batch, err := strconv.Atoi(c.QueryParam("batch"))
	if err != nil {
		batch = 0 // refused as no such batch
	}
	body, err := models.StatementDownload(c.Request().Context(), a.db, u, f, u.Location(), batch)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+views.StatementsFileName(f, batch)+`"`)
	h.Set("Cache-Control", "no-store")
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
}
