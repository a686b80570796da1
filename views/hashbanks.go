package views

import (
	"context"

	"talksafe/models"
	"talksafe/views/components"
)

// Paths of the hash banks (admins edit, moderators read).
const AdminHashBanksPath = "/admin/hash-banks"

// HashBankPath is bank bankID's page.
func HashBankPath(bankID int64) string { return AdminHashBanksPath + "/" + id(bankID) }

// ModCaseHashBankPath adds case caseID's pictures' hashes to a bank.
func ModCaseHashBankPath(caseID int64) string { return ModCasePath(caseID) + "/hash-bank" }

// HashBankImportPath imports hashes into bank bankID.
func HashBankImportPath(bankID int64) string { return HashBankPath(bankID) + "/import" }

// HashBankEntryDeletePath removes hash entryID from bank bankID.
func HashBankEntryDeletePath(bankID, entryID int64) string {
	return HashBankPath(bankID) + "/hashes/" + id(entryID) + "/delete"
}

// HashBankOlderPath is bank bankID's page with its hashes older than before.
func HashBankOlderPath(bankID, before int64) string {
	return withCursor(HashBankPath(bankID), "before", before)
}

// HashBankView is a bank's page: the bank, a page of its hashes, the cursor
// of the next (0: none), the edit form, the import form and what the last
// import did (nil: none on this request).
type HashBankView struct {
	Bank    models.HashBankSummary
	Entries []models.HashBankEntryRow
	Older   int64
	Edit    components.Form
	Import  components.Form
	Result  *models.ImportResult
}

// hashBankReasonOptions are the reasons a hash bank may judge under: every Reason
// for Reporting but Other, which needs a reporter's sentence.
func hashBankReasonOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, r := range models.Reasons {
		if r.Code != models.ReasonOther {
			opts = append(opts, components.Option{Value: string(r.Code), Label: reasonLabel(ctx, r.Code)})
		}
	}
	return opts
}

// bankActionOptions are the actions of a bank, for its form.
func bankActionOptions(ctx context.Context) []components.Option {
	opts := make([]components.Option, 0, len(models.BankActions))
	for _, a := range models.BankActions {
		opts = append(opts, components.Option{Value: string(a), Label: bankActionLabel(ctx, a)})
	}
	return opts
}

// bankActionLabel is what a bank's match does, in the page's language.
func bankActionLabel(ctx context.Context, a models.BankAction) string {
	return components.T(ctx, "hashbank.action."+string(a))
}

// BankForm is the edit form filled with bank b.
func BankForm(b models.HashBank) components.Form {
	return components.Form{Values: map[string]string{"name": b.Name, "source": b.Source,
		"reason": string(b.Reason), "action": string(b.Action)}}
}

// hashMatchLine is how close a picture came to a bank's hash: "PDQ,
// distance 8 of 256" or "MD5, identical".
func hashMatchLine(ctx context.Context, m models.CaseHashMatch) string {
	if m.Kind == models.HashMD5 {
		return components.T(ctx, "hashbank.case.md5")
	}
	return components.T(ctx, "hashbank.case.pdq", map[string]any{"Distance": id(int64(m.Distance))})
}

// bankOptions are the banks a case's pictures may be added to.
func bankOptions(banks []models.HashBank) []components.Option {
	opts := make([]components.Option, 0, len(banks))
	for _, b := range banks {
		opts = append(opts, components.Option{Value: id(b.ID), Label: b.Name})
	}
	return opts
}
