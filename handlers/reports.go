package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// reportSubject reads the :type and :id of a report route.
func reportSubject(c echo.Context) (models.SubjectType, int64, error) {
	typ := models.SubjectType(c.Param("type"))
	id, err := paramID(c, "id")
	if err != nil || !typ.Valid() {
		return "", 0, models.Coded(models.NotFound, "report.no_such_subject_type")
	}
	return typ, id, nil
}

// renderReportRefusal shows why a subject cannot be reported: the friend
// page for a friend's message, the error page otherwise.
func (a *App) renderReportRefusal(c echo.Context, t *models.ReportTarget, err error) error {
	if errors.Is(err, models.ErrFriendNotReportable) {
		return a.render(c, http.StatusForbidden, views.FriendNotReportablePage(t))
	}
	if models.ErrorCode(err) == models.Conflict {
		return a.render(c, http.StatusConflict, views.AlreadyReportedPage())
	}
	return err
}

func (a *App) newReport(c echo.Context) error {
	typ, id, err := reportSubject(c)
	if err != nil {
		return err
	}
	t, err := models.ReportTargetFor(c.Request().Context(), a.db, currentUser(c).ID, typ, id)
	if err != nil {
		return a.renderReportRefusal(c, t, err)
	}
	return a.render(c, http.StatusOK, views.ReportPage(t, components.Form{}, nil, false))
}

func (a *App) createReport(c echo.Context) error {
	typ, id, err := reportSubject(c)
	if err != nil {
		return err
	}
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	in := models.ReportInput{Type: typ, ID: id, Reasons: form["reasons"], Detail: form.Get("detail"),
		AlsoBlock: form.Get("also_block") == "1"}
	filed, t, err := models.FileReport(c.Request().Context(), a.db, currentUser(c).ID, in)
	// The form again for its own errors and for "too often"; reporting
	// their own subject is Invalid too but comes without t, and like every
	// other refusal takes renderReportRefusal.
	if f, ok := failed(err, map[string]string{"detail": in.Detail}); ok && t != nil {
		checked := map[string]bool{}
		for _, r := range in.Reasons {
			checked[r] = true
		}
		return a.render(c, f.status, views.ReportPage(t, f.form, checked, in.AlsoBlock))
	}
	if err != nil {
		return a.renderReportRefusal(c, t, err)
	}
	a.cfg.Metrics.ReportFiled(string(typ))
	received := views.ReportReceivedPath(filed.ReportID)
	if c.Request().Header.Get("HX-Request") == "true" {
		// From the pop-up: the confirmation is a page of its own (a chat
		// message's room is gone by now).
		c.Response().Header().Set("HX-Redirect", received)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, received)
}

func (a *App) showReportReceived(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx, uid := c.Request().Context(), currentUser(c).ID
	r, err := models.MyReportByID(ctx, a.db, uid, id)
	if err != nil {
		return err
	}
	name := ""
	if p, err := models.PersonFor(ctx, a.db, uid, r.ReportedUserID); err == nil {
		name = p.DisplayName
	}
	board, err := models.ReportedBoard(ctx, a.db, r)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.ReportReceivedPage(r, name, board))
}

const reportsPageSize = 30

func (a *App) showMyReports(c echo.Context) error {
	reports, next, err := models.MyReports(c.Request().Context(), a.db, currentUser(c).ID, cursorParam(c, "before"), reportsPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.MyReportsPage(reports, views.OlderMyReportsPath(next)))
}

func (a *App) showPolicy(c echo.Context) error {
	return a.render(c, http.StatusOK, views.PolicyPage())
}

func (a *App) showSafetyGuide(c echo.Context) error {
	return a.render(c, http.StatusOK, views.SafetyGuidePage())
}
