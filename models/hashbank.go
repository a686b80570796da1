package models

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Hash banks (DOMAIN "Pictures"): lists of known abuse pictures' hashes
// with the reason a match is judged under and the action it takes. Admins
// create them and import hashes; moderators read them. Matching is in
// hashmatch.go, importing in hashbank_import.go.

// BankAction is what a match of a bank's hash does to a board picture.
type BankAction string

// The actions of a bank: both hide the post or comment before anyone sees
// it and open a case; restrict also restricts the poster through the
// penalty ladder.
const (
	BankHide     BankAction = "hide"
	BankRestrict BankAction = "restrict"
)

// BankActions are the actions, in the form's order.
var BankActions = []BankAction{BankHide, BankRestrict}

// Valid reports whether a is a known action.
func (a BankAction) Valid() bool { return a == BankHide || a == BankRestrict }

// HashKind is the kind of a bank's hash.
type HashKind string

// The kinds of hashes a bank holds.
const (
	HashPDQ HashKind = "pdq"
	HashMD5 HashKind = "md5"
)

// HashBank is a list of hashes with its source, reason and action.
type HashBank struct {
	ID        int64
	Name      string
	Source    string // who gave us the list: "NCMEC", "StopNCII", "our own cases"
	Reason    ReportReason
	Action    BankAction
	CreatedBy *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// HashBankSummary is a bank with the number of its hashes of each kind.
type HashBankSummary struct {
	HashBank
	PDQCount int64
	MD5Count int64
}

// HashBankEntry is one hash of a bank; CaseID is the case it was added
// from, if any.
type HashBankEntry struct {
	ID        int64
	BankID    int64
	Kind      HashKind
	Hash      string
	CaseID    *int64
	AddedBy   *int64
	CreatedAt time.Time
}

// HashBankEntryRow is an entry with the name of who added it.
type HashBankEntryRow struct {
	HashBankEntry
	AddedByName string
}

// The longest name and source of a bank, in characters.
const (
	MaxBankName   = 100
	MaxBankSource = 200
)

// BankInput is the form that creates or edits a bank.
type BankInput struct {
	Name, Source, Reason, Action string
}

// validate checks the form and returns the bank it describes.
func (in BankInput) validate() (HashBank, error) {
	errs := FieldErrors{}
	b := HashBank{Name: strings.TrimSpace(in.Name), Source: strings.TrimSpace(in.Source),
		Reason: ReportReason(in.Reason), Action: BankAction(in.Action)}
	switch n := utf8.RuneCountInString(b.Name); {
	case n == 0:
		errs.Add("name", "hashbank.name_required")
	case n > MaxBankName:
		errs.Add("name", "hashbank.name_too_long", strconv.Itoa(MaxBankName))
	}
	if utf8.RuneCountInString(b.Source) > MaxBankSource {
		errs.Add("source", "hashbank.source_too_long", strconv.Itoa(MaxBankSource))
	}
	if !b.Reason.Valid() || b.Reason == ReasonOther {
		errs.Add("reason", "hashbank.reason_invalid")
	}
	if !b.Action.Valid() {
		errs.Add("action", "hashbank.action_invalid")
	}
	return b, errs.Err()
}

// ensureModReader refuses anyone but moderators and admins: they read the
// banks.
func ensureModReader(u *User) error {
	if u == nil || !u.Role.CanReadModeration() {
		return Coded(Forbidden, "hashbank.staff_only")
	}
	return nil
}

// errBankNotFound is returned for a bank that does not exist.
var errBankNotFound = Coded(NotFound, "hashbank.not_found")

const bankSummarySQL = `SELECT b.*,
	(SELECT count(*) FROM hash_bank_entries e WHERE e.bank_id = b.id AND e.kind = 'pdq') AS pdq_count,
	(SELECT count(*) FROM hash_bank_entries e WHERE e.bank_id = b.id AND e.kind = 'md5') AS md5_count
	FROM hash_banks b`

// HashBanks lists the banks by name for viewer, a moderator or admin.
// Errors: Forbidden.
func HashBanks(ctx context.Context, db *gorm.DB, viewer *User) ([]HashBankSummary, error) {
	if err := ensureModReader(viewer); err != nil {
		return nil, err
	}
	var out []HashBankSummary
	err := db.WithContext(ctx).Raw(bankSummarySQL + " ORDER BY b.name, b.id").Scan(&out).Error
	return out, err
}

// HashBankFor returns bank id for viewer, a moderator or admin. Errors:
// Forbidden, NotFound.
func HashBankFor(ctx context.Context, db *gorm.DB, viewer *User, id int64) (*HashBankSummary, error) {
	if err := ensureModReader(viewer); err != nil {
		return nil, err
	}
	var out []HashBankSummary
	if err := db.WithContext(ctx).Raw(bankSummarySQL+" WHERE b.id = ?", id).Scan(&out).Error; err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errBankNotFound
	}
	return &out[0], nil
}

// HashBankEntries returns up to limit of bank bankID's hashes for viewer,
// newest first, older than entry before (0: from the newest), and the
// cursor of the next page (0: none). Errors: Forbidden.
func HashBankEntries(ctx context.Context, db *gorm.DB, viewer *User, bankID, before int64, limit int) ([]HashBankEntryRow, int64, error) {
	if err := ensureModReader(viewer); err != nil {
		return nil, 0, err
	}
	limit = max(limit, 1)
	q := db.WithContext(ctx).Table("hash_bank_entries e").Select("e.*, coalesce(u.name, '') AS added_by_name").
		Joins("LEFT JOIN users u ON u.id = e.added_by").Where("e.bank_id = ?", bankID).
		Order("e.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("e.id < ?", before)
	}
	var rows []HashBankEntryRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, 0, err
	}
	rows, next := nextPage(rows, limit, func(r HashBankEntryRow) int64 { return r.ID })
	return rows, next, nil
}

// bumpBankVersion marks the banks changed inside tx: every server's
// matcher rebuilds its index before its next match.
func bumpBankVersion(tx *gorm.DB) error {
	return tx.Exec("UPDATE hash_bank_version SET version = version + 1").Error
}

// CreateHashBank creates a bank by admin actor. Audited (hashbank.create).
// Errors: Forbidden, Invalid (fields name, source, reason, action),
// Conflict (the name is taken, field name).
func CreateHashBank(ctx context.Context, db *gorm.DB, actor *User, in BankInput) (*HashBank, error) {
	if err := ensureAdmin(actor); err != nil {
		return nil, err
	}
	b, err := in.validate()
	if err != nil {
		return nil, err
	}
	b.CreatedBy = &actor.ID
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO hash_banks (name, source, reason, action, created_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, b.Name, b.Source, b.Reason, b.Action, actor.ID)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return nameTaken()
		}
		if err := tx.Raw("SELECT * FROM hash_banks WHERE name = ?", b.Name).Scan(&b).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "hashbank.create", "hash_bank", b.ID,
			map[string]any{"name": b.Name, "source": b.Source, "reason": string(b.Reason), "action": string(b.Action)})
	})
	if err != nil {
		return nil, err
	}
	return &b, nil
}

func nameTaken() *Error {
	e := Coded(Conflict, "hashbank.name_taken")
	return e.On("name")
}

// UpdateHashBank changes bank id's name, source, reason and action, by
// admin actor; matches from then on take the new reason and action.
// Audited (hashbank.update, with the values before). Errors: Forbidden,
// NotFound, Invalid (fields), Conflict (the name is taken, field name).
func UpdateHashBank(ctx context.Context, db *gorm.DB, actor *User, id int64, in BankInput) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	b, err := in.validate()
	if err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var old HashBank
		if err := tx.Raw("SELECT * FROM hash_banks WHERE id = ? FOR UPDATE", id).Scan(&old).Error; err != nil {
			return err
		}
		if old.ID == 0 {
			return errBankNotFound
		}
		var taken bool
		if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM hash_banks WHERE name = ? AND id <> ?)", b.Name, id).Scan(&taken).Error; err != nil {
			return err
		}
		if taken {
			return nameTaken()
		}
		if err := tx.Exec("UPDATE hash_banks SET name = ?, source = ?, reason = ?, action = ?, updated_at = now() WHERE id = ?",
			b.Name, b.Source, b.Reason, b.Action, id).Error; err != nil {
			return err
		}
		if err := bumpBankVersion(tx); err != nil {
			return err
		}
		return audit(tx, actor.ID, "hashbank.update", "hash_bank", id, map[string]any{
			"name": b.Name, "source": b.Source, "reason": string(b.Reason), "action": string(b.Action),
			"before": map[string]any{"name": old.Name, "source": old.Source, "reason": string(old.Reason), "action": string(old.Action)}})
	})
}

// DeleteHashBankEntry removes hash entryID from bank bankID, by admin
// actor. Audited (hashbank.remove_hash, with the hash). Errors: Forbidden,
// NotFound.
func DeleteHashBankEntry(ctx context.Context, db *gorm.DB, actor *User, bankID, entryID int64) error {
	if err := ensureAdmin(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var e HashBankEntry
		if err := tx.Raw("DELETE FROM hash_bank_entries WHERE id = ? AND bank_id = ? RETURNING *", entryID, bankID).Scan(&e).Error; err != nil {
			return err
		}
		if e.ID == 0 {
			return Coded(NotFound, "hashbank.hash_not_found")
		}
		if err := bumpBankVersion(tx); err != nil {
			return err
		}
		return audit(tx, actor.ID, "hashbank.remove_hash", "hash_bank", bankID,
			map[string]any{"kind": string(e.Kind), "hash": e.Hash})
	})
}
