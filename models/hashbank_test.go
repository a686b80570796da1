package models_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/pdq"
	"talksafe/models/testdb"
	"talksafe/views/components"
)

func newModerator(t *testing.T, db *gorm.DB, name string) *models.User {
	t.Helper()
	id := newUsers(t, db, name)[0]
	mustExec(t, db, "UPDATE users SET role = 'moderator' WHERE id = ?", id)
	var u models.User
	if err := db.First(&u, id).Error; err != nil {
		t.Fatal(err)
	}
	return &u
}

func newBank(t *testing.T, db *gorm.DB, admin *models.User, name string, action models.BankAction) *models.HashBank {
	t.Helper()
	b, err := models.CreateHashBank(context.Background(), db, admin, models.BankInput{
		Name: name, Source: "test list", Reason: "sexual_exploitation", Action: string(action)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	bridgePDQ = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22"
	otherPDQ  = "b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109"
	someMD5   = "900150983cd24fb0d6963f7d28e17f72"
)

// TestImportHashesBadRows: an import keeps the good rows of every layout
// (HMA's CSV with its header, signal_type,signal rows, plain hashes) and
// lists each bad row by its line; duplicates are kept once; audited.
func TestImportHashesBadRows(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	admin := newAdmin(t, db, "boss.one")
	bank := newBank(t, db, admin, "NCMEC", models.BankHide)

	hma := "signal_type,signal_str,collab,category,tags\n" +
		"pdq," + bridgePDQ + ",Sample,,\n" +
		"md5," + someMD5 + ",Sample,,\n" +
		"pdq,not-a-hash,Sample,,\n" + // line 4
		"tmk," + bridgePDQ + ",Sample,,\n" + // line 5
		"PDQ," + strings.ToUpper(bridgePDQ) + ",Sample,,\n" // duplicate
	res, err := models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader(hma))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Duplicates != 1 || res.BadCount != 2 || len(res.Bad) != 2 ||
		res.Bad[0].Line != 4 || res.Bad[0].Msg.Key != "error.hashbank.row_bad_pdq" ||
		res.Bad[1].Line != 5 || res.Bad[1].Msg.Key != "error.hashbank.row_unknown_type" {
		t.Fatalf("HMA import: %+v", res)
	}

	plain := "# our own list\n\n" + otherPDQ + "\n" + "md5," + someMD5 + "\n" + "12345\n" + "md5,zz0150983cd24fb0d6963f7d28e17f72\n"
	res, err = models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Duplicates != 1 || res.BadCount != 2 || res.Bad[0].Line != 5 || res.Bad[1].Line != 6 ||
		res.Bad[0].Msg.Key != "error.hashbank.row_not_a_hash" || res.Bad[1].Msg.Key != "error.hashbank.row_bad_md5" {
		t.Fatalf("plain import: %+v", res)
	}
	if got := components.Text(res.Bad[0].Msg); got == "" || strings.Contains(got, "hashbank") {
		t.Errorf("bad row words: %q", got)
	}
	if n := count(t, db, "SELECT count(*) FROM hash_bank_entries WHERE bank_id = ?", bank.ID); n != 3 {
		t.Errorf("%d hashes stored, want 3", n)
	}
	if n := count(t, db, "SELECT count(*) FROM audit_events WHERE action = 'hashbank.import' AND subject_id = ?", bank.ID); n != 2 {
		t.Errorf("%d import events", n)
	}
	s, err := models.HashBankFor(ctx, db, admin, bank.ID)
	if err != nil || s.PDQCount != 2 || s.MD5Count != 1 {
		t.Errorf("summary %+v, %v", s, err)
	}

	t.Run("Unreadable", func(t *testing.T) {
		res, err := models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader("\"unterminated\n"+otherPDQ+"\n"))
		if err != nil || res.BadCount != 1 || res.Duplicates != 1 || res.Bad[0].Line != 1 || res.Bad[0].Msg.Key != "error.hashbank.row_unreadable" {
			t.Errorf("%+v, %v", res, err)
		}
	})
	t.Run("ErrNothingGood", func(t *testing.T) {
		res, err := models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader("xyz\nmd5,12\n"))
		if e := models.AsError(err); e == nil || !e.Fields.Has("hashes") || res.BadCount != 2 {
			t.Errorf("err %v, %+v", err, res)
		}
		_, err = models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader(" \n# only a comment\n"))
		if e := models.AsError(err); e == nil || !e.Fields.Has("hashes") {
			t.Errorf("empty: err %v", err)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		mod := newModerator(t, db, "mod.one")
		_, err := models.ImportHashes(ctx, db, mod, bank.ID, strings.NewReader(otherPDQ))
		wantCode(t, err, models.Forbidden)
		if _, err := models.HashBanks(ctx, db, mod); err != nil {
			t.Errorf("a moderator reads the banks: %v", err)
		}
		user := &models.User{ID: newUsers(t, db, "user.one")[0], Role: models.RoleUser}
		_, err = models.HashBanks(ctx, db, user)
		wantCode(t, err, models.Forbidden)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := models.ImportHashes(ctx, db, admin, bank.ID+100, strings.NewReader(otherPDQ))
		wantCode(t, err, models.NotFound)
	})
}

func TestHashBankForm(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	admin := newAdmin(t, db, "boss.one")
	bank := newBank(t, db, admin, "StopNCII", models.BankRestrict)
	for _, tt := range []struct {
		in    models.BankInput
		field string
	}{
		{models.BankInput{Name: " ", Reason: "spam", Action: "hide"}, "name"},
		{models.BankInput{Name: strings.Repeat("가", 101), Reason: "spam", Action: "hide"}, "name"},
		{models.BankInput{Name: "x", Source: strings.Repeat("a", 201), Reason: "spam", Action: "hide"}, "source"},
		{models.BankInput{Name: "x", Reason: "other", Action: "hide"}, "reason"},
		{models.BankInput{Name: "x", Reason: "spam", Action: "delete"}, "action"},
		{models.BankInput{Name: "StopNCII", Reason: "spam", Action: "hide"}, "name"},
	} {
		_, err := models.CreateHashBank(ctx, db, admin, tt.in)
		if e := models.AsError(err); e == nil || !e.Fields.Has(tt.field) {
			t.Errorf("%+v: %v, want an error on %s", tt.in, err, tt.field)
		}
	}
	other := newBank(t, db, admin, "Other", models.BankHide)
	err := models.UpdateHashBank(ctx, db, admin, other.ID, models.BankInput{Name: "StopNCII", Reason: "spam", Action: "hide"})
	if e := models.AsError(err); e == nil || !e.Fields.Has("name") {
		t.Errorf("rename onto a taken name: %v", err)
	}
	if err := models.UpdateHashBank(ctx, db, admin, bank.ID, models.BankInput{Name: "StopNCII adults", Source: "StopNCII.org", Reason: "obscene", Action: "hide"}); err != nil {
		t.Fatal(err)
	}
	s, _ := models.HashBankFor(ctx, db, admin, bank.ID)
	if s.Name != "StopNCII adults" || s.Reason != "obscene" || s.Action != models.BankHide {
		t.Errorf("after update: %+v", s.HashBank)
	}
	if n := count(t, db, "SELECT count(*) FROM audit_events WHERE action = 'hashbank.update' AND detail->'before'->>'action' = 'restrict'"); n != 1 {
		t.Errorf("%d update events with the values before", n)
	}
	mod := newModerator(t, db, "mod.one")
	wantCode(t, models.UpdateHashBank(ctx, db, mod, bank.ID, models.BankInput{Name: "x", Reason: "spam", Action: "hide"}), models.Forbidden)
	_, err = models.HashBankFor(ctx, db, mod, bank.ID+100)
	wantCode(t, err, models.NotFound)
}

// TestHashMatcher: a picture within distance 31 of a bank's PDQ (quality ≥
// 50) or with its MD5 matches; one further away, or too flat, does not; a
// removed hash stops matching and a new one matches at once, through a
// second matcher too (another server), as the banks' version changed.
func TestHashMatcher(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	admin := newAdmin(t, db, "boss.one")
	bank := newBank(t, db, admin, "NCMEC", models.BankRestrict)
	if _, err := models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader(bridgePDQ+"\n"+someMD5+"\n")); err != nil {
		t.Fatal(err)
	}
	m, other := models.NewHashMatcher(), models.NewHashMatcher()
	h, _ := pdq.Parse(bridgePDQ)
	near, far := h, h
	for k := range 31 {
		near[k/64] ^= 1 << (k % 64)
	}
	for k := range 32 {
		far[k/64] ^= 1 << (k % 64)
	}
	for _, tt := range []struct {
		name string
		sums pdq.Sums
		want string
	}{
		{"OK", pdq.Sums{PDQ: h, Quality: 100}, "pdq:0"},
		{"Within31", pdq.Sums{PDQ: near, Quality: 50}, "pdq:31"},
		{"Beyond31", pdq.Sums{PDQ: far, Quality: 100}, ""},
		{"LowQuality", pdq.Sums{PDQ: h, Quality: 49}, ""},
		{"MD5", pdq.Sums{Quality: 0, MD5: someMD5}, "md5:0"},
		{"Both", pdq.Sums{PDQ: near, Quality: 90, MD5: someMD5}, "md5:0 pdq:31"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Match(ctx, db, tt.sums)
			if err != nil {
				t.Fatal(err)
			}
			var words []string
			for _, g := range got {
				words = append(words, fmt.Sprintf("%s:%d", g.Kind, g.Distance))
				if g.BankID != bank.ID || g.BankName != "NCMEC" || g.Action != models.BankRestrict || g.Reason != "sexual_exploitation" {
					t.Errorf("match %+v", g)
				}
			}
			if strings.Join(words, " ") != tt.want {
				t.Errorf("matches %v, want %q", words, tt.want)
			}
		})
	}
	if got, _ := other.Match(ctx, db, pdq.Sums{PDQ: h, Quality: 100}); len(got) != 1 || got[0].Hash != bridgePDQ {
		t.Fatalf("second matcher: %+v", got)
	}
	var entry int64
	db.Raw("SELECT id FROM hash_bank_entries WHERE kind = 'pdq'").Scan(&entry)
	if err := models.DeleteHashBankEntry(ctx, db, admin, bank.ID, entry); err != nil {
		t.Fatal(err)
	}
	if _, err := models.ImportHashes(ctx, db, admin, bank.ID, strings.NewReader(otherPDQ)); err != nil {
		t.Fatal(err)
	}
	o, _ := pdq.Parse(otherPDQ)
	var wg sync.WaitGroup
	for _, mm := range []*models.HashMatcher{m, other, m, other} {
		wg.Go(func() {
			if got, err := mm.Match(ctx, db, pdq.Sums{PDQ: h, Quality: 100}); err != nil || len(got) != 0 {
				t.Errorf("removed hash still matches: %+v, %v", got, err)
			}
			if got, err := mm.Match(ctx, db, pdq.Sums{PDQ: o, Quality: 100}); err != nil || len(got) != 1 {
				t.Errorf("new hash: %+v, %v", got, err)
			}
		})
	}
	wg.Wait()
	wantCode(t, models.DeleteHashBankEntry(ctx, db, admin, bank.ID, entry), models.NotFound)
}
