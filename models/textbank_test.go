package models_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

func TestTextBankEntries(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	admin := staff(t, db, "bank.admin", models.RoleAdmin)
	mod := staff(t, db, "bank.mod", models.RoleModerator)
	bank, err := models.CreateTextBank(ctx, db, admin, models.TextBankInput{Name: "Spam phrases"})
	if err != nil {
		t.Fatal(err)
	}
	spam := func(text string) models.BankEntryInput {
		return models.BankEntryInput{Text: text, Language: models.BankAny, Reason: "spam"}
	}
	t.Run("OK", func(t *testing.T) {
		got, err := models.AddBankEntries(ctx, db, admin, bank.ID, spam("free money\n\n  ＦＲＥＥ  ＭＯＮＥＹ \n시발\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Added != 2 || got.Already != 0 {
			t.Errorf("added %+v, want 2 (the full-width line is the first)", got)
		}
		got, err = models.AddBankEntries(ctx, db, admin, bank.ID, spam("f.r.e.e money\nㅅㅣㅂㅏㄹ\nbitcoin"))
		if err != nil || got.Added != 1 || got.Already != 2 {
			t.Errorf("second paste = %+v, %v; want 1 added, 2 already", got, err)
		}
		if n := count(t, db, "SELECT version FROM text_banks WHERE id = ?", bank.ID); n != 3 {
			t.Errorf("version = %d, want 3", n)
		}
		if n := count(t, db, "SELECT count(*) FROM audit_events WHERE action LIKE 'bank.%' AND subject_id = ?", bank.ID); n != 3 {
			t.Errorf("%d audit events, want 3", n)
		}
	})
	for name, tc := range map[string]struct {
		in    models.BankEntryInput
		field string
	}{
		"ErrEmpty":               {spam(" \n "), "entries"},
		"ErrNormalisesToNothing": {spam("scam\n!!! ...\n"), "entries"},
		"ErrTooLong":             {spam(strings.Repeat("a", models.MaxBankEntryLen+1)), "entries"},
		"ErrUnknownReason":       {models.BankEntryInput{Text: "x1", Language: "en", Reason: "rude"}, "reason"},
		"ErrUnknownLanguage":     {models.BankEntryInput{Text: "x1", Language: "fr", Reason: "spam"}, "language"},
		"ErrControlCharacter":    {spam("a\x01b"), "entries"},
		"ErrTooManyLinesAtOnce":  {spam(manyLines(models.MaxBankEntriesAdded + 1)), "entries"},
	} {
		t.Run(name, func(t *testing.T) {
			before := count(t, db, "SELECT count(*) FROM text_bank_entries")
			_, err := models.AddBankEntries(ctx, db, admin, bank.ID, tc.in)
			wantCode(t, err, models.Invalid)
			if e := models.AsError(err); e.Fields[tc.field].Key == "" {
				t.Errorf("no words beside %s: %v", tc.field, e.Fields)
			}
			if after := count(t, db, "SELECT count(*) FROM text_bank_entries"); after != before {
				t.Errorf("%d entries added", after-before)
			}
		})
	}
	t.Run("ErrNormalisesToNothingNamesTheLine", func(t *testing.T) {
		_, err := models.AddBankEntries(ctx, db, admin, bank.ID, spam("scam\n!!! ...\n"))
		if w := fieldWords(models.AsError(err))["entries"]; !strings.Contains(w, "Line 2") || !strings.Contains(w, "!!! ...") {
			t.Errorf("words = %q", w)
		}
	})
	t.Run("ErrModeratorReadsOnly", func(t *testing.T) {
		_, err := models.AddBankEntries(ctx, db, mod, bank.ID, spam("scam"))
		wantCode(t, err, models.Forbidden)
		_, err = models.CreateTextBank(ctx, db, mod, models.TextBankInput{Name: "Mine"})
		wantCode(t, err, models.Forbidden)
		if _, _, _, err := models.TextBankFor(ctx, db, mod, bank.ID, 0); err != nil {
			t.Errorf("moderator cannot read: %v", err)
		}
	})
	t.Run("ErrNameTaken", func(t *testing.T) {
		_, err := models.CreateTextBank(ctx, db, admin, models.TextBankInput{Name: " Spam phrases "})
		wantCode(t, err, models.Invalid)
	})
}

func manyLines(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("word" + strings.Repeat("z", i%7) + itoa(i) + "\n")
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('a' + n%10)}, d...)
	}
	return string(d)
}

// TestMatchTextBanks matches through the database: a change to a bank
// (here, by another server: a plain UPDATE of the rows) is seen at the
// next call, and concurrent callers agree.
func TestMatchTextBanks(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	admin := staff(t, db, "match.admin", models.RoleAdmin)
	spam, _ := models.CreateTextBank(ctx, db, admin, models.TextBankInput{Name: "Spam"})
	abuse, _ := models.CreateTextBank(ctx, db, admin, models.TextBankInput{Name: "Abuse"})
	if _, err := models.AddBankEntries(ctx, db, admin, spam.ID, models.BankEntryInput{Text: "free money\n대출 상담", Language: models.BankAny, Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	if _, err := models.AddBankEntries(ctx, db, admin, abuse.ID, models.BankEntryInput{Text: "시발", Language: models.BankKorean, Reason: "harassment"}); err != nil {
		t.Fatal(err)
	}
	hits, err := models.MatchTextBanks(ctx, db, []int64{spam.ID, abuse.ID, 999999}, "Get FR33 m.o.n.e.y — ㅅㅣㅂㅏㄹ")
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].Text != "free money" || hits[0].BankID != spam.ID || hits[1].Text != "시발" || hits[1].Reason != "harassment" {
		t.Fatalf("hits = %+v", hits)
	}
	if hits, _ := models.MatchTextBanks(ctx, db, []int64{spam.ID}, "시발점에서 만나요"); hits != nil {
		t.Errorf("innocent text hit %+v", hits)
	}
	// Another server changes the bank: the next call sees it.
	mustExec(t, db, `INSERT INTO text_bank_entries (bank_id, text, normal, language, reason) VALUES (?, 'casino', 'casino', 'en', 'illegal_gambling')`, spam.ID)
	mustExec(t, db, "UPDATE text_banks SET version = version + 1 WHERE id = ?", spam.ID)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			hits, err := models.MatchTextBanks(ctx, db, []int64{spam.ID}, "best CASINO in town")
			if err != nil || len(hits) != 1 || hits[0].Reason != "illegal_gambling" {
				t.Errorf("after the change: %+v, %v", hits, err)
			}
		})
	}
	wg.Wait()
	var entry int64
	if err := db.Raw("SELECT id FROM text_bank_entries WHERE normal = 'casino'").Scan(&entry).Error; err != nil {
		t.Fatal(err)
	}
	if err := models.DeleteBankEntry(ctx, db, admin, spam.ID, entry); err != nil {
		t.Fatal(err)
	}
	if hits, _ := models.MatchTextBanks(ctx, db, []int64{spam.ID}, "best CASINO in town"); hits != nil {
		t.Errorf("deleted entry still hits: %+v", hits)
	}
	wantCode(t, models.DeleteBankEntry(ctx, db, admin, abuse.ID, entry), models.NotFound)
}
