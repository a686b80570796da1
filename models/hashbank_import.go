package models

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"talksafe/models/pdq"
)

// Importing hashes into a bank. A list comes as
//
//   - the CSV HMA and python-threatexchange export (threatexchange dataset
//     --csv): a header naming the columns, signal_type and signal_str (or
//     signal, or hash); other columns (collab, category, tags) are ignored;
//   - rows of signal_type,signal without a header: pdq,<64 hex> or md5,<32 hex>;
//   - one hash a line: 64 hex digits are PDQ, 32 are MD5.
//
// Blank lines and lines starting with # are skipped; a row is one line. As HMA and our peers
// do, an import keeps every good row and reports each bad one by its line
// number: a list of thousands of hashes is not thrown away for one typo,
// and the page lists what to correct. A hash already in the bank is counted
// as a duplicate and kept once.

// MaxImportRows is the most rows one import takes.
const MaxImportRows = 50000

// MaxHashListBytes is the largest hash list file one import takes: room for
// MaxImportRows rows of the longest CSV the exporters write.
const MaxHashListBytes = 8 << 20

// maxBadRowsShown is how many bad rows an import lists; the rest are counted.
const maxBadRowsShown = 100

// BadRow is a row an import could not take: its line and why.
type BadRow struct {
	Line int
	Msg  Msg
}

// ImportResult says what an import did.
type ImportResult struct {
	Added      int
	Duplicates int
	BadCount   int
	Bad        []BadRow // the first maxBadRowsShown
}

// signalTypes maps the signal type names of HMA, ThreatExchange and plain
// lists to a kind.
var signalTypes = map[string]HashKind{
	"pdq": HashPDQ, "hash_pdq": HashPDQ, "photo_pdq": HashPDQ,
	"md5": HashMD5, "hash_md5": HashMD5, "photo_md5": HashMD5,
}

type parsedHash struct {
	kind HashKind
	hash string
}

// onConflictDoNothing keeps a hash already in its bank once.
var onConflictDoNothing = clause.OnConflict{DoNothing: true}

// parseHashList reads a list in any of the layouts above, line by line:
// a row is one line (no hash list needs a quoted line break), so one
// broken row cannot swallow the rows after it.
func parseHashList(r io.Reader) ([]parsedHash, ImportResult, error) {
	var res ImportResult
	bad := func(line int, key string, args ...any) {
		res.BadCount++
		if len(res.Bad) < maxBadRowsShown {
			res.Bad = append(res.Bad, BadRow{Line: line, Msg: errMsg(key, args...)})
		}
	}
	typeCol, valueCol := -1, -1
	var out []parsedHash
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line, first := 1, true; sc.Scan(); line++ {
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cr := csv.NewReader(strings.NewReader(text))
		cr.TrimLeadingSpace = true
		rec, err := cr.Read()
		if err != nil {
			bad(line, "hashbank.row_unreadable")
			first = false
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if first && isHeader(rec) {
			first = false
			for i, name := range rec {
				switch strings.ToLower(name) {
				case "signal_type", "type", "kind":
					typeCol = i
				case "signal_str", "signal", "hash", "indicator":
					valueCol = i
				}
			}
			if valueCol < 0 {
				bad(line, "hashbank.header_no_hash")
				return out, res, nil
			}
			continue
		}
		first = false
		if len(out)+res.BadCount >= MaxImportRows {
			return nil, res, Coded(Invalid, "hashbank.import_too_many", strconv.Itoa(MaxImportRows)).On("hashes")
		}
		var typ, value string
		switch {
		case valueCol >= 0:
			if valueCol < len(rec) {
				value = rec[valueCol]
			}
			if typeCol >= 0 && typeCol < len(rec) {
				typ = rec[typeCol]
			}
		case len(rec) == 1:
			value = rec[0]
		default:
			typ, value = rec[0], rec[1]
		}
		kind, key := classify(typ, value)
		if key != "" {
			bad(line, key)
			continue
		}
		out = append(out, parsedHash{kind, strings.ToLower(value)})
	}
	return out, res, sc.Err()
}

// isHeader reports whether a first row names columns rather than holds a hash.
func isHeader(rec []string) bool {
	for _, f := range rec {
		switch strings.ToLower(f) {
		case "signal_type", "signal_str", "signal", "hash", "indicator":
			return true
		}
	}
	return false
}

// classify returns the kind of a row's hash, or the catalog key of what is
// wrong with it.
func classify(typ, value string) (HashKind, string) {
	kind := HashKind("")
	if typ != "" {
		k, ok := signalTypes[strings.ToLower(typ)]
		if !ok {
			return "", "hashbank.row_unknown_type"
		}
		kind = k
	} else {
		switch len(value) {
		case 64:
			kind = HashPDQ
		case 32:
			kind = HashMD5
		default:
			return "", "hashbank.row_not_a_hash"
		}
	}
	switch kind {
	case HashPDQ:
		if _, err := pdq.Parse(value); err != nil {
			return "", "hashbank.row_bad_pdq"
		}
	case HashMD5:
		if len(value) != 32 || !isHex(value) {
			return "", "hashbank.row_bad_md5"
		}
	}
	return kind, ""
}

func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// ImportHashes adds the hashes of list to bank bankID, by admin actor:
// every good row is kept, each bad one reported by its line. Audited
// (hashbank.import, with the counts). Errors: Forbidden, NotFound (no such
// bank), Invalid (field hashes: an empty list, one of no good row, more than
// MaxImportRows rows).
func ImportHashes(ctx context.Context, db *gorm.DB, actor *User, bankID int64, list io.Reader) (ImportResult, error) {
	if err := ensureAdmin(actor); err != nil {
		return ImportResult{}, err
	}
	rows, res, err := parseHashList(list)
	if err != nil {
		return res, err
	}
	if len(rows) == 0 {
		if res.BadCount == 0 {
			return res, fieldError("hashes", "hashbank.import_empty")
		}
		return res, fieldError("hashes", "hashbank.import_nothing_good", strconv.Itoa(res.BadCount))
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var exists bool
		if err := tx.Raw("SELECT EXISTS (SELECT 1 FROM hash_banks WHERE id = ? FOR UPDATE)", bankID).Scan(&exists).Error; err != nil {
			return err
		}
		if !exists {
			return errBankNotFound
		}
		entries := make([]HashBankEntry, len(rows))
		for i, r := range rows {
			entries[i] = HashBankEntry{BankID: bankID, Kind: r.kind, Hash: r.hash, AddedBy: &actor.ID}
		}
		added := tx.Omit("CreatedAt").Clauses(onConflictDoNothing).CreateInBatches(&entries, 1000)
		if added.Error != nil {
			return added.Error
		}
		res.Added = int(added.RowsAffected)
		res.Duplicates = len(rows) - res.Added
		if err := tx.Exec("UPDATE hash_banks SET updated_at = now() WHERE id = ?", bankID).Error; err != nil {
			return err
		}
		if err := bumpBankVersion(tx); err != nil {
			return err
		}
		return audit(tx, actor.ID, "hashbank.import", "hash_bank", bankID,
			map[string]any{"added": res.Added, "duplicates": res.Duplicates, "bad": res.BadCount})
	})
	return res, err
}
