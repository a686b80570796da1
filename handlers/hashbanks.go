package handlers

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// hashBankEntriesShown is how many hashes a bank's page lists at a time.
const hashBankEntriesShown = 50

// showHashBanks lists the hash banks; an admin also gets the form that
// creates one.
func (a *App) showHashBanks(c echo.Context) error {
	f := components.Form{Values: map[string]string{"reason": string(models.Reasons[0].Code), "action": string(models.BankHide)}}
	return a.renderHashBanks(c, http.StatusOK, f)
}

func (a *App) renderHashBanks(c echo.Context, status int, f components.Form) error {
	u := currentUser(c)
	banks, err := models.HashBanks(c.Request().Context(), a.db, u)
	if err != nil {
		return err
	}
	return a.render(c, status, views.HashBanksPage(banks, u.Role.CanManageStaff(), f))
}

func bankInput(c echo.Context) (models.BankInput, map[string]string) {
	in := models.BankInput{Name: c.FormValue("name"), Source: c.FormValue("source"), Reason: c.FormValue("reason"), Action: c.FormValue("action")}
	return in, map[string]string{"name": in.Name, "source": in.Source, "reason": in.Reason, "action": in.Action}
}

// createHashBank creates a bank and leads to its page, to import hashes.
func (a *App) createHashBank(c echo.Context) error {
	in, values := bankInput(c)
	b, err := models.CreateHashBank(c.Request().Context(), a.db, currentUser(c), in)
	if f, ok := failed(err, values, models.Conflict); ok {
		return a.renderHashBanks(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.HashBankPath(b.ID)+"#import", "success", models.NewMsg("flash.hashbank.created"))
}

// showHashBank shows a bank and a page of its hashes.
func (a *App) showHashBank(c echo.Context) error {
	return a.renderHashBank(c, http.StatusOK, nil, nil, nil)
}

// renderHashBank renders bank :id's page with the edit form edit (nil:
// filled from the bank), the import form imp and an import's result.
func (a *App) renderHashBank(c echo.Context, status int, edit, imp *components.Form, result *models.ImportResult) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	b, err := models.HashBankFor(ctx, a.db, u, id)
	if err != nil {
		return err
	}
	entries, older, err := models.HashBankEntries(ctx, a.db, u, id, cursorParam(c, "before"), hashBankEntriesShown)
	if err != nil {
		return err
	}
	v := views.HashBankView{Bank: *b, Entries: entries, Older: older, Edit: views.BankForm(b.HashBank), Result: result}
	if edit != nil {
		v.Edit = *edit
	}
	if imp != nil {
		v.Import = *imp
	}
	return a.render(c, status, views.HashBankPage(v, u.Role.CanManageStaff()))
}

// updateHashBank saves a bank's name, source, reason and action.
func (a *App) updateHashBank(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	in, values := bankInput(c)
	err = models.UpdateHashBank(c.Request().Context(), a.db, currentUser(c), id, in)
	if f, ok := failed(err, values, models.Conflict); ok {
		return a.renderHashBank(c, f.status, &f.form, nil, nil)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.HashBankPath(id), "success", models.NewMsg("flash.hashbank.updated"))
}

// importHashes imports a list into a bank, a file chosen (the CSV an
// exporter wrote) or else the text pasted (a CSV file's text, or one hash a
// line), and shows what the import did on the bank's page: each bad row by
// its line, the good ones kept.
func (a *App) importHashes(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	pasted := c.FormValue("hashes")
	list, err := hashListFile(c)
	if err == nil && list == nil {
		list = strings.NewReader(pasted)
	}
	var res models.ImportResult
	if err == nil {
		res, err = models.ImportHashes(c.Request().Context(), a.db, currentUser(c), id, list)
	}
	if f, ok := failed(err, map[string]string{"hashes": pasted}); ok {
		return a.renderHashBank(c, f.status, nil, &f.form, &res)
	}
	if err != nil {
		return err
	}
	return a.renderHashBank(c, http.StatusOK, nil, nil, &res)
}

// hashListFile reads the hash list file the import form carries, checked
// as text a list can hold; nil when it carries none. Errors: Invalid on
// field "file" (not text: a picture or a spreadsheet chosen by mistake).
func hashListFile(c echo.Context) (io.Reader, error) {
	fh, data, err := formFile(c, "file", models.MaxHashListBytes)
	if fh == nil || err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(data), "\ufeff") // a spreadsheet's byte order mark
	if len(data) > models.MaxHashListBytes || models.TextProblem(text, true) != "" {
		return nil, models.Coded(models.Invalid, "hashbank.file_not_text", fh.Filename).On("file")
	}
	return strings.NewReader(text), nil
}

// deleteHashBankEntry removes one hash from a bank.
func (a *App) deleteHashBankEntry(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	entry, err := paramID(c, "entry")
	if err != nil {
		return err
	}
	if err := models.DeleteHashBankEntry(c.Request().Context(), a.db, currentUser(c), id, entry); err != nil {
		return err
	}
	return a.redirect(c, views.HashBankPath(id)+"#hashes", "success", models.NewMsg("flash.hashbank.hash_removed"))
}

// addCaseHashesToBank adds a case's pictures' hashes to the bank chosen
// on its page.
func (a *App) addCaseHashesToBank(c echo.Context) error {
	caseID, err := paramID(c, "id")
	if err != nil {
		return err
	}
	bankID := parseCursor(c.FormValue("bank_id"))
	n, err := models.AddCaseHashesToBank(c.Request().Context(), a.db, currentUser(c), caseID, bankID)
	if f, ok := failed(err, nil, models.NotFound); ok {
		return a.redirect(c, views.ModCasePath(caseID), "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.ModCasePath(caseID), "success", models.NewMsg("flash.hashbank.added_from_case", strconv.Itoa(n)))
}
