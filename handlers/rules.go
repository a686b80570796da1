package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// ruleInput binds the rule form.
func ruleInput(c echo.Context) models.RuleInput {
	form, _ := c.FormParams()
	return models.RuleInput{Name: c.FormValue("name"), Trigger: c.FormValue("trigger"), Reasons: form["reasons"],
		MinSeverity: c.FormValue("min_severity"), MinReporters: c.FormValue("min_reporters"), MinScore: c.FormValue("min_score"),
		MinStrikes: c.FormValue("min_strikes"), MaxAgeDays: c.FormValue("max_age_days"), Restricted: c.FormValue("restricted") == "1",
		RateCount: c.FormValue("rate_count"), RateMinutes: c.FormValue("rate_minutes"), RateRooms: c.FormValue("rate_rooms"), Banks: form["banks"],
		Action: c.FormValue("action"), Label: c.FormValue("label"), Policy: c.FormValue("policy"), State: c.FormValue("state")}
}

// showRules lists the rules, with the form of a new one for admins.
func (a *App) showRules(c echo.Context) error {
	return a.renderRules(c, http.StatusOK, components.Form{Values: map[string]string{"state": string(models.RuleShadow)}})
}

func (a *App) renderRules(c echo.Context, status int, f components.Form) error {
	rules, err := models.Rules(c.Request().Context(), a.db, currentUser(c))
	if err != nil {
		return err
	}
	banks, err := models.TextBanks(c.Request().Context(), a.db, currentUser(c))
	if err != nil {
		return err
	}
	return a.render(c, status, views.RulesPage(rules, banks, f))
}

// createRule writes a new rule.
func (a *App) createRule(c echo.Context) error {
	in := ruleInput(c)
	id, err := models.CreateRule(c.Request().Context(), a.db, currentUser(c), in)
	if f, ok := failed(err, views.RuleValues(in)); ok {
		return a.renderRules(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.RulePath(id), "success", models.NewMsg("flash.rules.created"))
}

// showRule shows one rule, its backtest, log and versions.
func (a *App) showRule(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return a.renderRule(c, id, http.StatusOK, nil)
}

func (a *App) renderRule(c echo.Context, id int64, status int, f *components.Form) error {
	p, err := models.RuleFor(c.Request().Context(), a.db, currentUser(c), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = &components.Form{Values: views.RuleValues(p.Rule.Input())}
	}
	banks, err := models.TextBanks(c.Request().Context(), a.db, currentUser(c))
	if err != nil {
		return err
	}
	return a.render(c, status, views.RulePageView(p, banks, *f))
}

// updateRule saves an edit of a rule as its next version.
func (a *App) updateRule(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := ruleInput(c)
	err = models.UpdateRule(c.Request().Context(), a.db, currentUser(c), id, in)
	if f, ok := failed(err, views.RuleValues(in)); ok {
		return a.renderRule(c, id, f.status, &f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.RulePath(id), "success", models.NewMsg("flash.rules.saved"))
}

// updateRuleState switches a rule off, to shadow or on.
func (a *App) updateRuleState(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.SetRuleState(c.Request().Context(), a.db, currentUser(c), id, models.RuleState(c.FormValue("state")))
	if f, ok := failed(err, nil); ok {
		return a.redirect(c, views.RulePath(id), "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.RulePath(id), "success", models.NewMsg("flash.rules.state"))
}

// unhideModCase reverses the hide of a case's subject, for the reason
// given: the content is back while the case stays in the queue.
func (a *App) unhideModCase(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.ReverseHide(c.Request().Context(), a.db, currentUser(c), id, c.FormValue("reason"))
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.ModCasePath(id), "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.ModCasePath(id), "success", models.NewMsg("flash.mod.unhidden"))
}
