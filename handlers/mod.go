package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

const modQueuePageSize = 50

func (a *App) showModQueue(c echo.Context) error {
	return a.renderModQueue(c, http.StatusOK, components.Form{}, nil)
}

// renderModQueue shows the queue under the filter of the query; status,
// form and ticked carry a bulk decision that failed back to its form.
func (a *App) renderModQueue(c echo.Context, status int, form components.Form, ticked map[int64]bool) error {
	f, err := models.ParseQueueFilter(c.QueryParams())
	if err != nil {
		return err
	}
	u := currentUser(c)
	q, err := models.ModQueue(c.Request().Context(), a.db, u.ID, f, cursorParam(c, "after"), modQueuePageSize)
	if err != nil {
		return err
	}
	return a.render(c, status, views.ModQueuePage(q, f, form, ticked))
}

func (a *App) createModStart(c echo.Context) error {
	kase, err := models.StartReviewing(c.Request().Context(), a.db, currentUser(c))
	if models.ErrorCode(err) == models.NotFound {
		return a.redirect(c, views.ModQueuePath, "info", models.NewMsg("flash.mod.queue_empty"))
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.ModReviewPath(kase.ID))
}

func (a *App) showModCase(c echo.Context) error {
	return a.renderModCase(c, http.StatusOK, components.Form{Values: map[string]string{}}, nil, components.Form{})
}

// renderModCase shows the case page; status, form and ticked carry a
// decision that failed back to its form (rev a reversal that failed back
// to its own), on a page whose evidence views were audited when it was
// first shown.
func (a *App) renderModCase(c echo.Context, status int, f components.Form, ticked map[int64]bool, rev components.Form) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	load := models.CaseForStaff
	if status != http.StatusOK {
		load = models.CaseForStaffAgain
	}
	d, err := load(c.Request().Context(), a.db, currentUser(c), id)
	if err != nil {
		return err
	}
	review := c.QueryParam("review") == "1" || c.FormValue("next") == "1"
	return a.render(c, status, views.ModCasePage(d, f, ticked, review, rev))
}

func (a *App) claimModCase(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := models.ClaimCase(c.Request().Context(), a.db, currentUser(c), id); err != nil {
		if f, ok := failed(err, nil, models.Conflict); ok {
			return a.redirect(c, views.ModCasePath(id), "error", f.flash)
		}
		return err
	}
	return a.redirect(c, views.ModCasePath(id), "success", models.NewMsg("flash.mod.claimed"))
}

func (a *App) releaseModCase(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := models.ReleaseCase(c.Request().Context(), a.db, currentUser(c), id); err != nil {
		if f, ok := failed(err, nil, models.Conflict); ok {
			return a.redirect(c, views.ModCasePath(id), "error", f.flash)
		}
		return err
	}
	return a.redirect(c, views.ModQueuePath, "success", models.NewMsg("flash.mod.released"))
}

func (a *App) revealModCase(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := models.RevealEvidence(c.Request().Context(), a.db, currentUser(c), id); err != nil {
		return err
	}
	to := views.ModCasePath(id)
	if c.FormValue("next") == "1" {
		to = views.ModReviewPath(id)
	}
	return c.Redirect(http.StatusSeeOther, to+"#evidence")
}

// decisionForm binds the decision form shared by the case page and bulk.
func decisionForm(c echo.Context) (models.Decision, map[string]string, map[int64]bool, error) {
	form, err := c.FormParams()
	if err != nil {
		return models.Decision{}, nil, nil, err
	}
	d := models.Decision{
		Kind:           models.DecisionKind(form.Get("kind")),
		Policy:         form.Get("policy"),
		Scope:          models.Scope(form.Get("scope")),
		Days:           form.Get("days"),
		RemoveContent:  form.Get("remove_content") == "1",
		InternalNote:   form.Get("internal_note"),
		UserNote:       form.Get("user_note"),
		OverrideReason: form.Get("override_reason"),
		Next:           form.Get("next") == "1",
	}
	ticked := map[int64]bool{}
	for _, s := range form["false_reports"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			d.FalseReports = append(d.FalseReports, n)
			ticked[n] = true
		}
	}
	values := map[string]string{"kind": string(d.Kind), "policy": d.Policy, "scope": string(d.Scope), "days": d.Days,
		"internal_note": d.InternalNote, "user_note": d.UserNote, "override_reason": d.OverrideReason}
	if d.RemoveContent {
		values["remove_content"] = "1"
	}
	return d, values, ticked, nil
}

func (a *App) decideModCase(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	d, values, ticked, err := decisionForm(c)
	if err != nil {
		return err
	}
	done, err := models.DecideCase(c.Request().Context(), a.db, currentUser(c), id, d)
	if f, ok := failed(err, values, models.Conflict); ok {
		return a.renderModCase(c, f.status, f.form, ticked, components.Form{})
	}
	if err != nil {
		return err
	}
	a.cfg.Metrics.Decided(string(d.Kind), false)
	a.purgePictureBytes(c)
	switch {
	case d.Next && done.Next > 0:
		return a.redirect(c, views.ModReviewPath(done.Next), "success", decidedMsg("flash.mod.decided_next", d))
	case d.Next:
		return a.redirect(c, views.ModQueuePath, "success", decidedMsg("flash.mod.decided_queue_empty", d))
	}
	return a.redirect(c, views.ModCasePath(id), "success", decidedMsg("flash.mod.decided", d))
}

// decidedMsg is the flash key of a decision with its args first, then the
// decision and its rule; a decision under no rule (no violation) takes the
// key's "_plain" words, without one.
func decidedMsg(key string, d models.Decision, args ...any) models.Msg {
	args = append(args, models.NewMsg(views.KindKey(d.Kind)))
	switch {
	case d.Kind == models.DecideFalseReport:
		d.Policy = models.PolicyFalseReporting
	case !d.Kind.Uses("policy"):
		return models.NewMsg(key+"_plain", args...)
	}
	return models.NewMsg(key, append(args, models.NewMsg(views.PolicyKey(d.Policy)))...)
}

func (a *App) createModBulk(c echo.Context) error {
	d, values, _, err := decisionForm(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	var ids []int64
	ticked := map[int64]bool{}
	for _, s := range form["cases"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			ids = append(ids, n)
			ticked[n] = true
		}
	}
	filter, err := models.ParseQueueFilter(c.QueryParams())
	if err != nil {
		return err
	}
	done, err := models.DecideCases(c.Request().Context(), a.db, currentUser(c), ids, d)
	if err == nil {
		a.purgePictureBytes(c)
	}
	if f, ok := failed(err, values, models.Conflict, models.NotFound); ok {
		return a.renderModQueue(c, f.status, f.form, ticked)
	}
	if err != nil {
		return err
	}
	a.cfg.Metrics.Decided(string(d.Kind), false)
	return a.redirect(c, views.ModQueueFilterPath(filter, 0), "success", decidedMsg("flash.mod.decided_cases", d, len(done.CaseIDs)))
}

// reverseModCase reverses the decision standing on a case, for the reason
// given; a refused reversal shows the case again with the reason as typed.
func (a *App) reverseModCase(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	_, err = models.ReverseCase(c.Request().Context(), a.db, currentUser(c), id, reason)
	if f, ok := failed(err, map[string]string{"reason": reason}, models.Conflict); ok {
		return a.renderModCase(c, f.status, components.Form{Values: map[string]string{}}, nil, f.form)
	}
	if err != nil {
		return err
	}
	a.cfg.Metrics.Reversed()
	return a.redirect(c, views.ModCasePath(id), "success", models.NewMsg("flash.mod.reversed"))
}

func (a *App) liftRestriction(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	back := safeNext(c.FormValue("back"))
	err = models.LiftRestriction(c.Request().Context(), a.db, currentUser(c), id, c.FormValue("reason"))
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, back, "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, back, "success", models.NewMsg("flash.mod.lifted"))
}

const appealsPageSize = 30

func (a *App) showModAppeals(c echo.Context) error {
	ctx, me := c.Request().Context(), currentUser(c)
	list, next, err := models.AppealsForStaff(ctx, a.db, me, cursorParam(c, "after"), appealsPageSize)
	if err != nil {
		return err
	}
	// Complaints (DSA Art. 20) are worked on the same page, after the
	// restriction appeals: the same judges, the same rule on who may judge.
	complaints, cnext, err := models.PendingComplaints(ctx, a.db, me, cursorParam(c, "complaints_after"), appealsPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.ModAppealsPage(list, next, complaints, cnext))
}

func (a *App) decideModAppeal(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	lift := c.FormValue("decision") == "lift"
	if !lift && c.FormValue("decision") != "uphold" {
		return a.redirect(c, views.ModAppealsPath, "error", models.NewMsg("flash.mod.appeal_choose"))
	}
	err = models.DecideAppeal(c.Request().Context(), a.db, currentUser(c), id, lift, c.FormValue("note"))
	if f, ok := failed(err, nil, models.Conflict, models.Forbidden, models.Restricted); ok {
		return a.redirect(c, views.ModAppealsPath, "error", f.flash)
	}
	if err != nil {
		return err
	}
	if lift {
		return a.redirect(c, views.ModAppealsPath, "success", models.NewMsg("flash.mod.appeal_lifted"))
	}
	return a.redirect(c, views.ModAppealsPath, "success", models.NewMsg("flash.mod.appeal_upheld"))
}

func (a *App) showModStats(c echo.Context) error {
	s, err := models.ModerationStats(c.Request().Context(), a.db, currentUser(c).Location())
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.ModStatsPage(s))
}
