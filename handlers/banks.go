package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// Text banks: moderators and admins read them, admins change them.

func (a *App) showBanks(c echo.Context) error {
	return a.renderBanks(c, http.StatusOK, components.Form{})
}

func (a *App) renderBanks(c echo.Context, status int, f components.Form) error {
	u := currentUser(c)
	banks, err := models.TextBanks(c.Request().Context(), a.db, u)
	if err != nil {
		return err
	}
	return a.render(c, status, views.BanksPage(banks, models.CanEditBanks(u), f))
}

func (a *App) createBank(c echo.Context) error {
	in := models.TextBankInput{Name: c.FormValue("name"), Description: c.FormValue("description")}
	b, err := models.CreateTextBank(c.Request().Context(), a.db, currentUser(c), in)
	if f, ok := failed(err, map[string]string{"name": in.Name, "description": in.Description}); ok {
		return a.renderBanks(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.BankPath(b.ID), "success", models.NewMsg("flash.bank.created", b.Name))
}

func (a *App) showBank(c echo.Context) error {
	return a.renderBank(c, http.StatusOK, components.Form{Values: map[string]string{"language": string(models.BankAny), "reason": "spam"}})
}

func (a *App) renderBank(c echo.Context, status int, f components.Form) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	b, entries, next, err := models.TextBankFor(c.Request().Context(), a.db, u, id, cursorParam(c, "before"))
	if err != nil {
		return err
	}
	return a.render(c, status, views.BankPage(b, entries, next, models.CanEditBanks(u), f))
}

func (a *App) createBankEntries(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in := models.BankEntryInput{Text: c.FormValue("entries"), Language: models.BankLanguage(c.FormValue("language")),
		Reason: models.ReportReason(c.FormValue("reason"))}
	added, err := models.AddBankEntries(c.Request().Context(), a.db, currentUser(c), id, in)
	values := map[string]string{"entries": in.Text, "language": string(in.Language), "reason": string(in.Reason)}
	if f, ok := failed(err, values); ok {
		return a.renderBank(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	msg := models.NewMsg("flash.bank.added", added.Added)
	if added.Already > 0 {
		msg = models.NewMsg("flash.bank.added_some", added.Added, added.Already)
	}
	return a.redirect(c, views.BankPath(id), "success", msg)
}

func (a *App) deleteBankEntry(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	entryID, err := paramID(c, "entry")
	if err != nil {
		return err
	}
	if err := models.DeleteBankEntry(c.Request().Context(), a.db, currentUser(c), id, entryID); err != nil {
		return err
	}
	return a.redirect(c, views.BankPath(id), "success", models.NewMsg("flash.bank.entry_deleted"))
}
