package models_test

import (
	"context"
	"runtime"
	"testing"

	"talksafe/models"
	"talksafe/models/pdq"
	"talksafe/models/testdb"
)

// BenchmarkHashBankMatch is the matcher against a bank of 1,000,000 PDQ
// hashes in PostgreSQL: "load" reads them and builds the index (what a
// change to any bank costs each server once), "match" is one picture's
// lookup with the index built (the version check, the index, the MD5
// lookup and the bank's row).
func BenchmarkHashBankMatch(b *testing.B) {
	db := testdb.New(b)
	ctx := context.Background()
	pw := "password for boss.bench"
	admin, err := models.CreateUser(ctx, db, models.SignUp{Name: "boss.bench", Password: pw, Confirm: pw})
	if err != nil {
		b.Fatal(err)
	}
	admin.Role = models.RoleAdmin
	bank, err := models.CreateHashBank(ctx, db, admin, models.BankInput{Name: "Bench", Reason: "sexual_exploitation", Action: "hide"})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Exec(`INSERT INTO hash_bank_entries (bank_id, kind, hash)
		SELECT ?, 'pdq', md5(i::text) || md5((-i)::text) FROM generate_series(1, 1000000) i`, bank.ID).Error; err != nil {
		b.Fatal(err)
	}
	db.Exec("UPDATE hash_bank_version SET version = version + 1")
	var first string
	db.Raw("SELECT hash FROM hash_bank_entries ORDER BY id LIMIT 1").Scan(&first)
	h, _ := pdq.Parse(first)
	h[0] ^= 0xffff // 16 bits apart
	sums := pdq.Sums{PDQ: h, Quality: 100, MD5: "900150983cd24fb0d6963f7d28e17f72"}

	b.Run("load", func(b *testing.B) {
		var before, after runtime.MemStats
		for b.Loop() {
			m := models.NewHashMatcher()
			runtime.GC()
			runtime.ReadMemStats(&before)
			if got, err := m.Match(ctx, db, sums); err != nil || len(got) != 1 {
				b.Fatalf("%v, %v", got, err)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			runtime.KeepAlive(m)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
	})
	b.Run("match", func(b *testing.B) {
		m := models.NewHashMatcher()
		if _, err := m.Match(ctx, db, sums); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if got, err := m.Match(ctx, db, sums); err != nil || len(got) != 1 || got[0].Distance != 16 {
				b.Fatalf("%v, %v", got, err)
			}
		}
	})
}
