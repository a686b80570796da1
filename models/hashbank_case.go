package models

import (
	"context"
	"encoding/hex"

	"gorm.io/gorm"

	"talksafe/models/pdq"
)

// casePicturesSQL is the pictures of a case: those its reports' evidence
// snapshotted, and its subject's own.
const casePicturesSQL = `SELECT DISTINCT p.* FROM pictures p WHERE p.id IN (
	SELECT s.picture_id FROM evidence_snapshots s JOIN reports r ON r.id = s.report_id WHERE r.case_id = @case
	UNION SELECT b.picture_id FROM board_posts b, cases c WHERE c.id = @case AND c.subject_type = 'post' AND b.id = c.subject_id
	UNION SELECT b.picture_id FROM board_comments b, cases c WHERE c.id = @case AND c.subject_type = 'comment' AND b.id = c.subject_id
	UNION SELECT m.picture_id FROM chat_messages m, cases c WHERE c.id = @case AND c.subject_type = 'message' AND m.id = c.subject_id)`

// AddCaseHashesToBank adds the hashes of case caseID's pictures (as its
// evidence holds them, and its subject's) to bank bankID, by actor, a
// moderator or admin reading the case: the MD5 of each, and its PDQ when
// its quality is at least pdq.MinQuality (a flatter hash would match
// unrelated pictures). Hashes already in the bank are kept once. Each entry
// names the case; audited (hashbank.add_from_case). It returns how many
// hashes it added. Errors: Forbidden, NotFound (no such bank or case),
// Invalid (the case has no picture).
func AddCaseHashesToBank(ctx context.Context, db *gorm.DB, actor *User, caseID, bankID int64) (int, error) {
	if err := ensureModReader(actor); err != nil {
		return 0, err
	}
	added := 0
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var bank HashBank
		if err := tx.Raw("SELECT * FROM hash_banks WHERE id = ? FOR UPDATE", bankID).Scan(&bank).Error; err != nil {
			return err
		}
		if bank.ID == 0 {
			return errBankNotFound
		}
		var exists bool
		if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?)", caseID).Scan(&exists).Error; err != nil {
			return err
		}
		if !exists {
			return Coded(NotFound, "case.not_found")
		}
		var pics []Picture
		if err := tx.Raw(casePicturesSQL, map[string]any{"case": caseID}).Scan(&pics).Error; err != nil {
			return err
		}
		if len(pics) == 0 {
			return Coded(Invalid, "hashbank.case_no_picture")
		}
		var entries []HashBankEntry
		for _, p := range pics {
			entry := func(kind HashKind, hash string) HashBankEntry {
				return HashBankEntry{BankID: bankID, Kind: kind, Hash: hash, CaseID: &caseID, AddedBy: &actor.ID}
			}
			entries = append(entries, entry(HashMD5, hex.EncodeToString(p.MD5)))
			if s := p.sums(); s.Quality >= pdq.MinQuality {
				entries = append(entries, entry(HashPDQ, s.PDQ.String()))
			}
		}
		res := tx.Omit("CreatedAt").Clauses(onConflictDoNothing).Create(&entries)
		if res.Error != nil {
			return res.Error
		}
		added = int(res.RowsAffected)
		if err := bumpBankVersion(tx); err != nil {
			return err
		}
		return audit(tx, actor.ID, "hashbank.add_from_case", "hash_bank", bankID,
			map[string]any{"case": caseID, "added": added, "name": bank.Name})
	})
	return added, err
}

// caseBanks fills d's picture count and, when it has pictures, the banks
// their hashes may be added to.
func caseBanks(tx *gorm.DB, d *CaseDetail) error {
	if err := tx.Raw("SELECT count(*) FROM ("+casePicturesSQL+") x", map[string]any{"case": d.ID}).Scan(&d.Pictures).Error; err != nil || d.Pictures == 0 {
		return err
	}
	return tx.Raw("SELECT * FROM hash_banks ORDER BY name, id").Scan(&d.Banks).Error
}
