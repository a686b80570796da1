package models

import (
	"context"
	"sync"
	"time"

	"gorm.io/gorm"

	"talksafe/models/textbank"
)

// BankHit is one entry of a text bank found in a text.
type BankHit struct {
	BankID   int64
	EntryID  int64
	Text     string // the entry as written
	Normal   string // as the matcher read it
	Language BankLanguage
	Reason   ReportReason
}

// MatchTextBanks returns the entries of banks bankIDs found in text, with
// variant matching (textbank.Normalize: case, full width, spacing and
// punctuation inside words, digit and symbol look-alikes, Hangul as jamo
// or with fillers), each entry once, bank by bank in the order of
// bankIDs; nil when none is. Short Latin entries (up to five letters) hit
// whole words only. One pass over the text per bank, whatever its size:
// each bank's compiled matcher is kept in memory and rebuilt when the
// bank's version moves (any server's change), so the call costs one small
// query besides the matching. A bank that does not exist (any more) is
// skipped. Safe for concurrent use; db may be a transaction. The rules
// engine calls it as a condition; it checks no role (a rule runs for
// nobody in particular). Errors: only the database's.
func MatchTextBanks(ctx context.Context, db *gorm.DB, bankIDs []int64, text string) ([]BankHit, error) {
	if len(bankIDs) == 0 || text == "" {
		return nil, nil
	}
	var stamps []struct {
		ID, Version int64
		UpdatedAt   time.Time
	}
	if err := db.WithContext(ctx).Raw("SELECT id, version, updated_at FROM text_banks WHERE id IN ?", bankIDs).Scan(&stamps).Error; err != nil {
		return nil, err
	}
	stamp := make(map[int64]bankStamp, len(stamps))
	for _, s := range stamps {
		stamp[s.ID] = bankStamp{Version: s.Version, UpdatedAt: s.UpdatedAt}
	}
	normal := textbank.Normalize(text)
	var hits []BankHit
	for _, id := range bankIDs {
		v, ok := stamp[id]
		if !ok {
			continue
		}
		b, err := compiledBank(ctx, db, id, v)
		if err != nil {
			return nil, err
		}
		for _, entryID := range b.matcher.Match(normal) {
			hits = append(hits, b.entries[entryID])
		}
	}
	return hits, nil
}

// bankStamp tells one state of a bank from another: its version, and the
// time of its last change (which also tells apart two databases' banks of
// one id, as the tests have).
type bankStamp struct {
	Version   int64
	UpdatedAt time.Time
}

// compiled is one bank's matcher at one stamp, with its entries by id.
type compiled struct {
	stamp   bankStamp
	matcher *textbank.Matcher
	entries map[int64]BankHit
}

// banks caches the compiled banks of this server, by bank id. A rebuild
// holds the bank's build lock, so a bank changed under load is compiled
// once, not by every request at the same time, and other banks are not
// held up (10,000 entries take about half a second to compile).
var banks = struct {
	sync.RWMutex
	byID  map[int64]*compiled
	build map[int64]*sync.Mutex
}{byID: map[int64]*compiled{}, build: map[int64]*sync.Mutex{}}

// buildLock is bank id's build lock.
func buildLock(id int64) *sync.Mutex {
	banks.Lock()
	defer banks.Unlock()
	if banks.build[id] == nil {
		banks.build[id] = &sync.Mutex{}
	}
	return banks.build[id]
}

// compiledBank returns bank id's matcher at stamp, compiling it when the
// cache holds another.
func compiledBank(ctx context.Context, db *gorm.DB, id int64, stamp bankStamp) (*compiled, error) {
	cached := func() *compiled {
		banks.RLock()
		defer banks.RUnlock()
		if c := banks.byID[id]; c != nil && c.stamp.Version == stamp.Version && c.stamp.UpdatedAt.Equal(stamp.UpdatedAt) {
			return c
		}
		return nil
	}
	if c := cached(); c != nil {
		return c, nil
	}
	lock := buildLock(id)
	lock.Lock()
	defer lock.Unlock()
	if c := cached(); c != nil {
		return c, nil
	}
	// The stamp read with the entries is the one the matcher holds: a
	// change committed between the two reads is compiled now, and compiled
	// again at the next call, never missed.
	var rows []struct {
		TextBankEntry
		BankVersion   int64
		BankUpdatedAt time.Time
	}
	err := db.WithContext(ctx).Raw(`SELECT e.*, b.version AS bank_version, b.updated_at AS bank_updated_at FROM text_banks b
		LEFT JOIN text_bank_entries e ON e.bank_id = b.id WHERE b.id = ?`, id).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	c := &compiled{stamp: stamp, entries: make(map[int64]BankHit, len(rows))}
	patterns := make([]textbank.Pattern, 0, len(rows))
	for _, r := range rows {
		c.stamp = bankStamp{Version: r.BankVersion, UpdatedAt: r.BankUpdatedAt}
		if r.ID == 0 {
			continue
		}
		// Each entry is read again as the matcher reads text today: an
		// entry stored before Normalize learned a variant matches it too.
		normal := textbank.Normalize(r.Text)
		if normal == "" {
			continue
		}
		patterns = append(patterns, textbank.Pattern{ID: r.ID, Normal: normal})
		c.entries[r.ID] = BankHit{BankID: id, EntryID: r.ID, Text: r.Text, Normal: normal, Language: r.Language, Reason: r.Reason}
	}
	if c.matcher, err = textbank.Compile(patterns); err != nil {
		return nil, err
	}
	banks.Lock()
	banks.byID[id] = c
	banks.Unlock()
	return c, nil
}
