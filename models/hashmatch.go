package models

import (
	"context"
	"database/sql"
	"slices"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"talksafe/models/pdq"
)

// HashMatcher matches pictures against every bank. It keeps the banks' PDQ
// hashes in an in-memory index (pdq.Index: a lookup among 1,000,000 takes
// well under a millisecond) built from PostgreSQL, and rebuilds it when
// the banks' version in the database (raised by every change to a bank, in
// the change's own transaction) is not the one it was built from: a
// change made through any server is seen by every server at its next
// match. MD5s are looked up in the database by their index. It keeps one
// index per database it is asked about (by name: the tests' clones are
// many, a server's database is one). Safe for concurrent use.
type HashMatcher struct {
	mu    sync.Mutex // one rebuild at a time
	snaps atomic.Pointer[map[string]*bankSnapshot]
}

// bankSnapshot is the index of the banks at one version.
type bankSnapshot struct {
	version int64
	index   *pdq.Index
	entries []bankRef // by index position
}

type bankRef struct{ entryID, bankID int64 }

// BankMatch is a bank's hash that a picture matched.
type BankMatch struct {
	BankID   int64
	BankName string
	Reason   ReportReason
	Action   BankAction
	EntryID  int64
	Kind     HashKind
	Hash     string
	Distance int // PDQ bits apart; 0 for MD5
}

// NewHashMatcher returns a matcher; it loads the banks at its first match.
func NewHashMatcher() *HashMatcher { return &HashMatcher{} }

// hashBanks is the matcher of the server's uploads.
var hashBanks = NewHashMatcher()

// maxSnapshots bounds the databases a matcher keeps an index for.
const maxSnapshots = 16

// current returns the snapshot of the banks' current version, building it
// if the banks changed.
func (m *HashMatcher) current(ctx context.Context, db *gorm.DB) (*bankSnapshot, error) {
	var now struct {
		Version int64
		Name    string
	}
	if err := db.WithContext(ctx).Raw("SELECT version, current_database() AS name FROM hash_bank_version").Scan(&now).Error; err != nil {
		return nil, err
	}
	if snaps := m.snaps.Load(); snaps != nil {
		if s := (*snaps)[now.Name]; s != nil && s.version == now.Version {
			return s, nil
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old := map[string]*bankSnapshot{}
	if snaps := m.snaps.Load(); snaps != nil {
		old = *snaps
	}
	if s := old[now.Name]; s != nil && s.version >= now.Version {
		return s, nil
	}
	s, err := loadBankSnapshot(ctx, db)
	if err != nil {
		return nil, err
	}
	next := map[string]*bankSnapshot{now.Name: s}
	for name, o := range old {
		if name != now.Name && len(next) < maxSnapshots {
			next[name] = o
		}
	}
	m.snaps.Store(&next)
	return s, nil
}

// loadBankSnapshot reads the version and the PDQ hashes in one snapshot of
// the database, so the index is exactly that version's.
func loadBankSnapshot(ctx context.Context, db *gorm.DB) (*bankSnapshot, error) {
	s := &bankSnapshot{}
	var hashes []pdq.Hash
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Raw("SELECT version FROM hash_bank_version").Scan(&s.version).Error; err != nil {
			return err
		}
		rows, err := tx.Raw("SELECT id, bank_id, hash FROM hash_bank_entries WHERE kind = 'pdq' ORDER BY id").Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		var ref bankRef
		var text string
		for rows.Next() {
			if err := rows.Scan(&ref.entryID, &ref.bankID, &text); err != nil {
				return err
			}
			h, err := pdq.Parse(text)
			if err != nil {
				return err
			}
			hashes = append(hashes, h)
			s.entries = append(s.entries, ref)
		}
		return rows.Err()
	}, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	s.index = pdq.NewIndex(hashes)
	return s, nil
}

// Match returns the banks' hashes that a picture's sums match, nearest
// first: PDQ within pdq.MatchDistance when the picture's quality is at
// least pdq.MinQuality (a flat picture's hash matches too much to act
// on), and an equal MD5.
func (m *HashMatcher) Match(ctx context.Context, db *gorm.DB, sums pdq.Sums) ([]BankMatch, error) {
	s, err := m.current(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []BankMatch
	if sums.Quality >= pdq.MinQuality {
		for _, hit := range s.index.Query(sums.PDQ, pdq.MatchDistance) {
			ref := s.entries[hit.Pos]
			out = append(out, BankMatch{BankID: ref.bankID, EntryID: ref.entryID, Kind: HashPDQ,
				Hash: s.index.Hash(hit.Pos).String(), Distance: hit.Distance})
		}
	}
	if sums.MD5 != "" {
		var md5s []BankMatch
		if err := db.WithContext(ctx).Raw("SELECT bank_id, id AS entry_id, kind FROM hash_bank_entries WHERE kind = 'md5' AND hash = ?",
			sums.MD5).Scan(&md5s).Error; err != nil {
			return nil, err
		}
		out = append(md5s, out...)
	}
	if len(out) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(out))
	for _, m := range out {
		ids = append(ids, m.BankID)
	}
	var banks []HashBank
	if err := db.WithContext(ctx).Raw("SELECT * FROM hash_banks WHERE id IN ?", slices.Compact(slices.Sorted(slices.Values(ids)))).
		Scan(&banks).Error; err != nil {
		return nil, err
	}
	kept := out[:0]
	for _, m := range out {
		i := slices.IndexFunc(banks, func(b HashBank) bool { return b.ID == m.BankID })
		if i < 0 {
			continue // deleted since the index was built
		}
		m.BankName, m.Reason, m.Action = banks[i].Name, banks[i].Reason, banks[i].Action
		if m.Kind == HashMD5 {
			m.Hash = sums.MD5
		}
		kept = append(kept, m)
	}
	return kept, nil
}
