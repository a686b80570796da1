package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

func (a *App) showStaff(c echo.Context) error {
	return a.renderStaff(c, http.StatusOK, components.Form{Values: map[string]string{"role": string(models.RoleModerator)}})
}

func (a *App) renderStaff(c echo.Context, status int, f components.Form) error {
	staff, err := models.StaffAccounts(c.Request().Context(), a.db)
	if err != nil {
		return err
	}
	return a.render(c, status, views.StaffPage(staff, f))
}

func (a *App) createStaff(c echo.Context) error {
	in := models.StaffSignUp{SignUp: models.SignUp{Name: c.FormValue("name"), DisplayName: c.FormValue("display_name"),
		Password: c.FormValue("password"), Confirm: c.FormValue("confirm")}, Role: models.Role(c.FormValue("role"))}
	u, err := models.CreateStaff(c.Request().Context(), a.db, currentUser(c).ID, in)
	if err != nil {
		if code := models.ErrorCode(err); code != models.Invalid && code != models.Conflict {
			return err
		}
		values := map[string]string{"name": in.Name, "display_name": in.DisplayName, "role": string(in.Role)}
		return a.renderStaff(c, http.StatusUnprocessableEntity, components.FormFromError(values, err))
	}
	return a.redirect(c, views.AdminStaffPath, "success", "Added "+u.Role.Label()+" account "+u.Name+".")
}

const auditPageSize = 50

func (a *App) showAudit(c echo.Context) error {
	entries, older, err := models.AuditLog(c.Request().Context(), a.db, cursorParam(c, "before"), auditPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.AuditPage(entries, older))
}
