package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// Complaints (DSA Art. 20) and designated organisations (issue 23).

// complaintTarget reads the :on and :id of a complaint page for the
// logged-in user. Errors: NotFound (an unknown subject, or not theirs).
func (a *App) complaintTarget(c echo.Context) (*models.ComplaintTarget, error) {
	on := models.ComplaintOn(c.Param("on"))
	if !on.Valid() {
		return nil, models.Coded(models.NotFound, "complaint.not_found")
	}
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return models.FindComplaintTarget(c.Request().Context(), a.db, currentUser(c).ID, on, id)
}

func (a *App) showComplaint(c echo.Context) error {
	t, err := a.complaintTarget(c)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.ComplaintPage(t, components.Form{}))
}

func (a *App) createComplaint(c echo.Context) error {
	t, err := a.complaintTarget(c)
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	_, err = models.FileComplaint(c.Request().Context(), a.db, currentUser(c).ID, t.On, t.ID, body)
	if f, ok := failed(err, map[string]string{"body": body}, models.Conflict); ok {
		if t, err = a.complaintTarget(c); err != nil {
			return err
		}
		return a.render(c, f.status, views.ComplaintPage(t, f.form))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.ComplaintPath(t.On, t.ID), "success", models.NewMsg("flash.complaint.sent"))
}

func (a *App) decideModComplaint(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	grant := c.FormValue("decision") == "grant"
	if !grant && c.FormValue("decision") != "reject" {
		return a.redirect(c, views.ModAppealsPath, "error", models.NewMsg("flash.mod.complaint_choose"))
	}
	err = models.DecideComplaint(c.Request().Context(), a.db, currentUser(c), id, grant, c.FormValue("note"))
	if f, ok := failed(err, nil, models.Conflict, models.Forbidden, models.NotFound); ok {
		return a.redirect(c, views.ModAppealsPath, "error", f.flash)
	}
	if err != nil {
		return err
	}
	if grant {
		return a.redirect(c, views.ModAppealsPath, "success", models.NewMsg("flash.mod.complaint_granted"))
	}
	return a.redirect(c, views.ModAppealsPath, "success", models.NewMsg("flash.mod.complaint_rejected"))
}

func (a *App) showOrganisations(c echo.Context) error {
	return a.renderOrganisations(c, http.StatusOK, components.Form{Values: map[string]string{"kind": string(models.DesignatedTrustedFlagger)}})
}

func (a *App) renderOrganisations(c echo.Context, status int, f components.Form) error {
	list, err := models.DesignatedOrganisations(c.Request().Context(), a.db, currentUser(c))
	if err != nil {
		return err
	}
	return a.render(c, status, views.OrganisationsPage(list, f))
}

func (a *App) createDesignation(c echo.Context) error {
	name, kind := c.FormValue("name"), c.FormValue("kind")
	u, err := models.Designate(c.Request().Context(), a.db, currentUser(c), name, models.Designation(kind))
	if f, ok := failed(err, map[string]string{"name": name, "kind": kind}, models.Conflict); ok {
		return a.renderOrganisations(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminOrganisationsPath, "success", models.NewMsg("flash.admin.designated", u.Name))
}

func (a *App) endDesignation(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.EndDesignation(c.Request().Context(), a.db, currentUser(c), id)
	if f, ok := failed(err, nil, models.Conflict, models.NotFound); ok {
		return a.redirect(c, views.AdminOrganisationsPath, "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminOrganisationsPath, "success", models.NewMsg("flash.admin.designation_ended"))
}
