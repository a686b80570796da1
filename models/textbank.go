package models

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"talksafe/models/textbank"
)

// BankLanguage is the language a text bank entry is written in.
type BankLanguage string

// The languages of bank entries.
const (
	BankKorean  BankLanguage = "ko"
	BankEnglish BankLanguage = "en"
	BankAny     BankLanguage = "any"
)

// BankLanguages lists the languages in the order the form offers them.
var BankLanguages = []BankLanguage{BankAny, BankKorean, BankEnglish}

// Valid reports whether l is a known language.
func (l BankLanguage) Valid() bool { return l == BankKorean || l == BankEnglish || l == BankAny }

// The limits of a bank's fields.
const (
	MaxBankNameLen      = 100
	MaxBankDescLen      = 500
	MaxBankEntryLen     = 200
	MaxBankEntriesAdded = 1000 // lines in one paste
)

// TextBank is an admin-managed list of words and phrases that rules match
// against text (MatchTextBanks). Its version grows with every change.
type TextBank struct {
	ID          int64
	Name        string
	Description string
	Version     int64
	CreatedBy   *int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Entries     int64 `gorm:"->;-:migration"` // how many entries it holds, when listed
}

// TextBankEntry is one word or phrase of a bank: as written, and as the
// matcher reads it (Normal, textbank.Normalize).
type TextBankEntry struct {
	ID        int64
	BankID    int64
	Text      string
	Normal    string
	Language  BankLanguage
	Reason    ReportReason
	CreatedBy *int64
	CreatedAt time.Time
}

// ensureBankReader refuses anyone who may not read the banks: moderators
// and admins read them, admins change them.
func ensureBankReader(actor *User) error {
	if actor == nil || !actor.Role.CanReadModeration() {
		return Coded(Forbidden, "bank.staff_only")
	}
	return nil
}

// ensureBankAdmin refuses anyone but an admin.
func ensureBankAdmin(actor *User) error {
	if !CanEditBanks(actor) {
		return Coded(Forbidden, "bank.admins_only")
	}
	return nil
}

// CanEditBanks reports whether u may change text banks: admins only.
func CanEditBanks(u *User) bool { return u != nil && u.Role.CanManageStaff() }

// TextBanks lists the banks by name with their entry counts. Errors:
// Forbidden (not a moderator or admin).
func TextBanks(ctx context.Context, db *gorm.DB, actor *User) ([]TextBank, error) {
	if err := ensureBankReader(actor); err != nil {
		return nil, err
	}
	var banks []TextBank
	err := db.WithContext(ctx).Raw(`SELECT b.*, (SELECT count(*) FROM text_bank_entries e WHERE e.bank_id = b.id) AS entries
		FROM text_banks b ORDER BY b.name, b.id`).Scan(&banks).Error
	return banks, err
}

// BankEntriesPage is the most entries a bank's page lists at once.
const BankEntriesPage = 200

// TextBankFor returns bank id with up to BankEntriesPage of its entries,
// newest first, older than entry before (0: from the newest), and the
// entry id to page on from (0: no more). Errors: Forbidden, NotFound.
func TextBankFor(ctx context.Context, db *gorm.DB, actor *User, id, before int64) (*TextBank, []TextBankEntry, int64, error) {
	if err := ensureBankReader(actor); err != nil {
		return nil, nil, 0, err
	}
	var b TextBank
	err := db.WithContext(ctx).Raw(`SELECT b.*, (SELECT count(*) FROM text_bank_entries e WHERE e.bank_id = b.id) AS entries
		FROM text_banks b WHERE b.id = ?`, id).Take(&b).Error
	if err != nil {
		return nil, nil, 0, notFound(err, "bank.not_found")
	}
	q := db.WithContext(ctx).Where("bank_id = ?", id).Order("id DESC").Limit(BankEntriesPage + 1)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var entries []TextBankEntry
	if err := q.Find(&entries).Error; err != nil {
		return nil, nil, 0, err
	}
	var next int64
	if len(entries) > BankEntriesPage {
		entries = entries[:BankEntriesPage]
		next = entries[len(entries)-1].ID
	}
	return &b, entries, next, nil
}

// TextBankInput is the new-bank form.
type TextBankInput struct {
	Name        string
	Description string
}

// CreateTextBank adds an empty bank, audited. Errors: Forbidden (not an
// admin), Invalid (fields name, description: empty, too long, name taken).
func CreateTextBank(ctx context.Context, db *gorm.DB, actor *User, in TextBankInput) (*TextBank, error) {
	if err := ensureBankAdmin(actor); err != nil {
		return nil, err
	}
	b := &TextBank{Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description), Version: 1, CreatedBy: &actor.ID}
	f := FieldErrors{}
	if p := TextProblem(b.Name, false); p != "" {
		f.Add("name", p)
	} else if b.Name == "" {
		f.Add("name", "bank.name_empty")
	} else if n := utf8.RuneCountInString(b.Name); n > MaxBankNameLen {
		f.Add("name", "text.too_long", itoa(MaxBankNameLen), n)
	}
	if p := TextProblem(b.Description, true); p != "" {
		f.Add("description", p)
	} else if n := utf8.RuneCountInString(b.Description); n > MaxBankDescLen {
		f.Add("description", "text.too_long", itoa(MaxBankDescLen), n)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit("Entries").Create(b).Error; err != nil {
			if isUniqueViolation(err) {
				return fieldError("name", "bank.name_taken", b.Name)
			}
			return err
		}
		return audit(tx, actor.ID, "bank.create", "text_bank", b.ID, map[string]any{"name": b.Name})
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// BankEntryInput is the add-entries form: one word or phrase, or many, one
// per line, with one language and one reason for them all.
type BankEntryInput struct {
	Text     string
	Language BankLanguage
	Reason   ReportReason
}

// Added says what AddBankEntries did.
type Added struct {
	Added   int
	Already int // lines the bank held already (the same normal form)
}

// AddBankEntries adds each line of in.Text to bank bankID, normalised as
// the matcher reads it, all or nothing, audited, and moves the bank's
// version on. A line the bank already holds (the same normal form) is
// counted, not added again. Errors: Forbidden (not an admin), NotFound,
// Invalid (fields text: empty, a line too long or that normalises to
// nothing, too many lines; language; reason).
func AddBankEntries(ctx context.Context, db *gorm.DB, actor *User, bankID int64, in BankEntryInput) (*Added, error) {
	if err := ensureBankAdmin(actor); err != nil {
		return nil, err
	}
	entries, err := in.entries(bankID, actor.ID)
	if err != nil {
		return nil, err
	}
	out := &Added{}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockBank(tx, bankID); err != nil {
			return err
		}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&entries)
		if res.Error != nil {
			return res.Error
		}
		out.Added = int(res.RowsAffected)
		out.Already = len(entries) - out.Added
		if out.Added == 0 {
			return nil
		}
		if err := bumpBank(tx, bankID); err != nil {
			return err
		}
		var texts []string // the first 20, for the log
		for _, e := range entries[:min(len(entries), 20)] {
			texts = append(texts, e.Text)
		}
		return audit(tx, actor.ID, "bank.entries_add", "text_bank", bankID, map[string]any{
			"added": out.Added, "already": out.Already, "language": in.Language, "reason": in.Reason, "texts": texts})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// entries reads the form's lines into entries, or the form's errors.
func (in *BankEntryInput) entries(bankID, actorID int64) ([]TextBankEntry, error) {
	f := FieldErrors{}
	if !in.Language.Valid() {
		f.Add("language", "bank.language_invalid")
	}
	if !in.Reason.Valid() {
		f.Add("reason", "bank.reason_invalid")
	}
	var entries []TextBankEntry
	seen := map[string]bool{}
	if p := TextProblem(in.Text, true); p != "" {
		f.Add("entries", p)
	}
	for i, line := range strings.Split(in.Text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || f["entries"].Key != "" {
			continue
		}
		normal := textbank.Normalize(line)
		switch n := utf8.RuneCountInString(line); {
		case n > MaxBankEntryLen:
			f.Add("entries", "bank.entry_too_long", i+1, itoa(MaxBankEntryLen), n)
		case normal == "":
			f.Add("entries", "bank.entry_normalises_to_nothing", i+1, line)
		case !seen[normal]:
			seen[normal] = true
			entries = append(entries, TextBankEntry{BankID: bankID, Text: line, Normal: normal,
				Language: in.Language, Reason: in.Reason, CreatedBy: &actorID})
		}
	}
	switch {
	case f["entries"].Key != "":
	case len(entries) == 0:
		f.Add("entries", "bank.entry_empty")
	case len(entries) > MaxBankEntriesAdded:
		f.Add("entries", "bank.too_many_lines", itoa(MaxBankEntriesAdded), len(entries))
	}
	return entries, f.Err()
}

// DeleteBankEntry deletes entry entryID of bank bankID, audited, and moves
// the bank's version on. Errors: Forbidden (not an admin), NotFound.
func DeleteBankEntry(ctx context.Context, db *gorm.DB, actor *User, bankID, entryID int64) error {
	if err := ensureBankAdmin(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockBank(tx, bankID); err != nil {
			return err
		}
		var e TextBankEntry
		if err := tx.Raw("DELETE FROM text_bank_entries WHERE id = ? AND bank_id = ? RETURNING *", entryID, bankID).Take(&e).Error; err != nil {
			return notFound(err, "bank.entry_not_found")
		}
		if err := bumpBank(tx, bankID); err != nil {
			return err
		}
		return audit(tx, actor.ID, "bank.entry_delete", "text_bank", bankID, map[string]any{
			"entry_id": e.ID, "text": e.Text, "reason": e.Reason})
	})
}

// lockBank holds bank id for a change (FOR UPDATE), so its version moves
// once per change. Errors: NotFound.
func lockBank(tx *gorm.DB, id int64) error {
	var found int64
	if err := tx.Raw("SELECT id FROM text_banks WHERE id = ? FOR UPDATE", id).Take(&found).Error; err != nil {
		return notFound(err, "bank.not_found")
	}
	return nil
}

func bumpBank(tx *gorm.DB, id int64) error {
	return tx.Exec("UPDATE text_banks SET version = version + 1, updated_at = now() WHERE id = ?", id).Error
}
