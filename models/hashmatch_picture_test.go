package models_test

import (
	"context"
	"strings"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/pdq"
)

// matchIn runs MatchPicture in a transaction of its own, as a post's write does.
func matchIn(t *testing.T, db *gorm.DB, s models.PictureSubject, sums pdq.Sums) *models.PictureMatch {
	t.Helper()
	var m *models.PictureMatch
	err := db.Transaction(func(tx *gorm.DB) error {
		var err error
		m, err = models.MatchPicture(context.Background(), tx, s, sums)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMatchPictureOpensCase: a board post's picture within distance 31 of a
// bank's PDQ opens a case under the bank's reason with the match recorded
// (bank, distance); a second bank that restricts restricts the poster as
// the ladder says for severity 5 (the whole account, permanently); a
// picture unlike any bank's, or too flat, does nothing.
func TestMatchPictureOpensCase(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	ctx := context.Background()
	admin := newAdmin(t, w.db, "boss.one")
	hide := newBank(t, w.db, admin, "Hide list", models.BankHide)
	if _, err := models.ImportHashes(ctx, w.db, admin, hide.ID, strings.NewReader(bridgePDQ)); err != nil {
		t.Fatal(err)
	}
	h, _ := pdq.Parse(bridgePDQ)
	near := h
	near[0] ^= 0xff // 8 bits apart
	post := w.post(w.ana, "Look")

	m := matchIn(t, w.db, models.PictureSubject{Type: models.SubjectPost, ID: post, AuthorID: w.ana}, pdq.Sums{PDQ: near, Quality: 90})
	if m == nil || m.Action != models.BankHide || len(m.Matches) != 1 || m.Matches[0].Distance != 8 || m.RestrictionID != nil {
		t.Fatalf("match %+v", m)
	}
	var c struct {
		SubjectType    string
		SubjectID      int64
		ReportedUserID int64
		Severity       int
		Reasons        string
		ReporterCount  int
	}
	w.db.Raw("SELECT subject_type, subject_id, reported_user_id, severity, array_to_string(reasons, ',') AS reasons, reporter_count FROM cases WHERE id = ?", m.CaseID).Scan(&c)
	if c.SubjectType != "post" || c.SubjectID != post || c.ReportedUserID != w.ana || c.Severity != 5 || c.Reasons != "sexual_exploitation" || c.ReporterCount != 0 {
		t.Errorf("case %+v", c)
	}
	if n := count(t, w.db, "SELECT count(*) FROM hash_matches WHERE case_id = ? AND bank_id = ? AND bank_name = 'Hide list' AND distance = 8 AND hash = ?", m.CaseID, hide.ID, bridgePDQ); n != 1 {
		t.Errorf("%d match rows", n)
	}
	if n := count(t, w.db, "SELECT count(*) FROM audit_events WHERE action = 'hashbank.match' AND actor_id IS NULL AND subject_type = 'post' AND subject_id = ? AND (detail->>'distance')::int = 8", post); n != 1 {
		t.Errorf("%d match events", n)
	}

	restrictBank := newBank(t, w.db, admin, "Restrict list", models.BankRestrict)
	if _, err := models.ImportHashes(ctx, w.db, admin, restrictBank.ID, strings.NewReader("md5,"+someMD5)); err != nil {
		t.Fatal(err)
	}
	comment := w.comment(w.ben, post, "Mine too")
	m = matchIn(t, w.db, models.PictureSubject{Type: models.SubjectComment, ID: comment, AuthorID: w.ben}, pdq.Sums{PDQ: h, Quality: 100, MD5: someMD5})
	if m == nil || m.Action != models.BankRestrict || len(m.Matches) != 2 || m.Matches[0].Kind != models.HashMD5 || m.RestrictionID == nil {
		t.Fatalf("restricting match %+v", m)
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE id = ? AND user_id = ? AND scope = 'service' AND ends_at IS NULL AND created_by IS NULL AND case_id = ?",
		*m.RestrictionID, w.ben, m.CaseID); n != 1 {
		t.Errorf("no automated permanent service restriction for ben")
	}
	if n := count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'restricted'", w.ben); n != 1 {
		t.Errorf("%d restriction notices", n)
	}

	for _, sums := range []pdq.Sums{{PDQ: h, Quality: 49}, {PDQ: pdq.Hash{1, 2, 3, 4}, Quality: 100, MD5: "00000000000000000000000000000000"}} {
		other := w.post(w.ana, "Another")
		if m := matchIn(t, w.db, models.PictureSubject{Type: models.SubjectPost, ID: other, AuthorID: w.ana}, sums); m != nil {
			t.Errorf("%+v matched: %+v", sums, m)
		}
	}
}

// TestMatchPictureNotOnChatSend: a 1:1 chat picture is not matched when it
// is sent, even one whose hashes are in a bank: no case, no match.
func TestMatchPictureNotOnChatSend(t *testing.T) {
	t.Parallel()
	w := newBoardWorld(t)
	admin := newAdmin(t, w.db, "boss.one")
	bank := newBank(t, w.db, admin, "NCMEC", models.BankRestrict)
	if _, err := models.ImportHashes(context.Background(), w.db, admin, bank.ID, strings.NewReader(bridgePDQ+"\n"+someMD5)); err != nil {
		t.Fatal(err)
	}
	h, _ := pdq.Parse(bridgePDQ)
	if m := matchIn(t, w.db, models.PictureSubject{Type: models.SubjectMessage, ID: 1, AuthorID: w.ana}, pdq.Sums{PDQ: h, Quality: 100, MD5: someMD5}); m != nil {
		t.Errorf("a chat picture matched on send: %+v", m)
	}
	if n := count(t, w.db, "SELECT count(*) FROM cases") + count(t, w.db, "SELECT count(*) FROM hash_matches") + count(t, w.db, "SELECT count(*) FROM restrictions"); n != 0 {
		t.Errorf("%d cases, matches or restrictions after a chat picture", n)
	}
}
