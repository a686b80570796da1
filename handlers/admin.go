package handlers

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

func (a *App) showStaff(c echo.Context) error {
	return a.renderStaff(c, http.StatusOK, components.Form{Values: map[string]string{"role": string(models.RoleModerator),
		"language": currentUser(c).Language}})
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
		Password: c.FormValue("password"), Confirm: c.FormValue("confirm"), Language: c.FormValue("language")},
		Role: models.Role(c.FormValue("role"))}
	u, err := models.CreateStaff(c.Request().Context(), a.db, currentUser(c).ID, in)
	values := map[string]string{"name": in.Name, "display_name": in.DisplayName, "role": string(in.Role), "language": in.Language}
	if f, ok := failed(err, values, models.Conflict); ok {
		return a.renderStaff(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminStaffPath, "success", models.NewMsg(staffAdded[u.Role], u.Name))
}

// staffAdded is the flash of a new staff account, by its role.
var staffAdded = map[models.Role]string{models.RoleModerator: "flash.admin.added_moderator",
	models.RoleSupport: "flash.admin.added_support", models.RoleAdmin: "flash.admin.added_admin"}

const auditPageSize = 50

func (a *App) showAudit(c echo.Context) error {
	status, form := http.StatusOK, components.Form{Values: views.FilterValues(c.QueryParams(), models.AuditFilterKeys)}
	f, err := models.ParseAuditFilter(c.QueryParams())
	var entries []models.AuditEntry
	var next int64
	if err == nil {
		entries, next, err = models.AuditLog(c.Request().Context(), a.db, f, currentUser(c).Location(), cursorParam(c, "before"), auditPageSize)
	}
	if failure, ok := failed(err, form.Values); ok {
		status, form = failure.status, failure.form
	} else if err != nil {
		return err
	}
	return a.render(c, status, views.AuditPage(entries, f, next, form))
}

func (a *App) updateStaffRole(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.ChangeStaffRole(c.Request().Context(), a.db, currentUser(c), id, models.Role(c.FormValue("role")))
	if errors.Is(err, models.ErrNoLongerAdmin) {
		return err // a 409 page: the Staff page is no longer theirs
	}
	if f, ok := failed(err, nil); ok {
		return a.redirect(c, views.AdminStaffPath, "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminStaffPath, "success", models.NewMsg("flash.admin.role_changed"))
}

// showDeactivateStaff asks before deactivating a staff account, saying what
// will happen; a refusal (oneself, deactivated already) is a flash on the
// Staff page, as the POST's.
func (a *App) showDeactivateStaff(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := models.PreviewDeactivation(c.Request().Context(), a.db, currentUser(c), id)
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.AdminStaffPath, "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeactivateStaffPage(p))
}

func (a *App) deactivateStaff(c echo.Context) error {
	return a.switchStaff(c, models.DeactivateStaff, "flash.admin.deactivated")
}

func (a *App) reactivateStaff(c echo.Context) error {
	return a.switchStaff(c, models.ReactivateStaff, "flash.admin.reactivated")
}

// switchStaff applies change (deactivate or reactivate) to the staff account
// of the path and answers on the Staff page: the flash done, or the refusal.
func (a *App) switchStaff(c echo.Context, change func(context.Context, *gorm.DB, *models.User, int64) error, done string) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = change(c.Request().Context(), a.db, currentUser(c), id)
	if errors.Is(err, models.ErrNoLongerAdmin) {
		return err // a 409 page: the Staff page is no longer theirs
	}
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.AdminStaffPath, "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminStaffPath, "success", models.NewMsg(done))
}
