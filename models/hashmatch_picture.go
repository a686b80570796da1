package models

import (
	"context"
	"encoding/hex"
	"time"

	"gorm.io/gorm"

	"talksafe/models/pdq"
)

// PictureSubject is where a new picture was posted: a board post or
// comment (or a chat message, which is never matched on send) by AuthorID.
type PictureSubject struct {
	Type      SubjectType
	ID        int64
	AuthorID  int64
	PictureID *int64
}

// PictureMatch is what a bank match did to a new picture's post or comment.
type PictureMatch struct {
	CaseID        int64
	Matches       []BankMatch // every bank hash it matched, nearest first
	Action        BankAction  // the strongest of the banks' actions
	RestrictionID *int64      // the poster's restriction, when a bank restricts and the ladder says so
}

// MatchPicture checks a new picture of a board post or comment against
// the hash banks inside tx, the transaction that writes it, so a match
// takes effect before anyone can see it: PDQ within 31 at quality ≥ 50, or
// an equal MD5 (HashMatcher). On a match it opens a case on the subject (or
// joins the open one) under the banks' worst reason, records each matched
// hash with its bank and distance, hides the subject pending review (from
// everyone but its author, who is told: HidePendingReview, the source the
// nearest bank entry) and applies the strongest action: with
// BankRestrict the poster is restricted as the penalty ladder suggests for
// that reason (no strike: strikes come with the moderator's decision).
// Audited (hashbank.match, automated: no actor). A 1:1 chat message's
// picture is never matched here: private chats are matched only when
// reported (DOMAIN "Automation"). It returns nil when nothing matched.
func MatchPicture(ctx context.Context, tx *gorm.DB, s PictureSubject, sums pdq.Sums) (*PictureMatch, error) {
	if s.Type != SubjectPost && s.Type != SubjectComment {
		return nil, nil
	}
	matches, err := hashBanks.Match(ctx, tx, sums)
	if err != nil || len(matches) == 0 {
		return nil, err
	}
	m := &PictureMatch{Matches: matches, Action: BankHide}
	reason := matches[0].Reason
	for _, b := range matches {
		if b.Action == BankRestrict {
			m.Action = BankRestrict
		}
		if b.Reason.Severity() > reason.Severity() {
			reason = b.Reason
		}
	}
	tx = tx.WithContext(ctx)
	if err := tx.Raw(`INSERT INTO cases (subject_type, subject_id, reported_user_id, severity, reasons)
		VALUES (?, ?, ?, ?, ARRAY[?]::text[])
		ON CONFLICT (subject_type, subject_id) WHERE state <> 'resolved' DO UPDATE
		SET severity = greatest(cases.severity, EXCLUDED.severity),
			reasons = ARRAY(SELECT DISTINCT x FROM unnest(cases.reasons || EXCLUDED.reasons) x ORDER BY x), updated_at = now()
		RETURNING id`, s.Type, s.ID, s.AuthorID, reason.Severity(), string(reason)).Scan(&m.CaseID).Error; err != nil {
		return nil, err
	}
	if err := snapshotSubject(tx, m.CaseID, s.Type, s.ID); err != nil {
		return nil, err
	}
	for _, b := range matches {
		if err := tx.Exec(`INSERT INTO hash_matches (case_id, subject_type, subject_id, picture_id, bank_id, entry_id, bank_name, kind, hash, distance, action)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.CaseID, s.Type, s.ID, s.PictureID, b.BankID, b.EntryID, b.BankName,
			b.Kind, b.Hash, b.Distance, b.Action).Error; err != nil {
			return nil, err
		}
	}
	caseID := m.CaseID
	hid, err := HidePendingReview(tx, s.Type, s.ID, HideSource{Kind: HideByHashBank, ID: matches[0].EntryID, CaseID: &caseID, Reason: reason})
	if err != nil {
		return nil, err
	}
	if hid && s.AuthorID != 0 {
		if err := notify(tx, &Notice{UserID: s.AuthorID, Kind: NoticeContentHidden, CaseID: &caseID, Automated: true}); err != nil {
			return nil, err
		}
	}
	if m.Action == BankRestrict {
		if err := m.restrictPoster(tx, s, reason); err != nil {
			return nil, err
		}
	}
	best := matches[0]
	detail := map[string]any{"case": m.CaseID, "bank": best.BankID, "name": best.BankName, "kind": string(best.Kind),
		"distance": best.Distance, "action": string(m.Action), "matches": len(matches)}
	if m.RestrictionID != nil {
		detail["restriction"] = *m.RestrictionID
	}
	return m, auditBy(tx, nil, "hashbank.match", string(s.Type), s.ID, detail)
}

// restrictPoster restricts the poster as the ladder suggests for a
// violation of reason in a board post or comment, counting the strikes the
// poster has now and those the violation would give.
func (m *PictureMatch) restrictPoster(tx *gorm.DB, s PictureSubject, reason ReportReason) error {
	before, err := activeStrikes(tx, s.AuthorID, 0)
	if err != nil {
		return err
	}
	p := SuggestFor(before, string(reason), s.Type)
	if p.Kind != DecideRestrict {
		return nil
	}
	caseID := m.CaseID
	r, err := restrictOrReplace(tx, restrictionOrder{UserID: s.AuthorID, Scope: p.Scope, Days: p.Days,
		Policy: string(reason), CaseID: &caseID, InternalNote: "Automated: a picture matched a hash bank."})
	if err != nil || r == nil {
		return err
	}
	m.RestrictionID = &r.ID
	_, err = RecordStatement(tx, StatementInput{Kind: restrictionStatementKind(r.Scope), UserID: s.AuthorID, Reason: string(reason),
		SubjectType: s.Type, SubjectID: s.ID, Scope: r.Scope, EndsAt: r.EndsAt, Detection: true, Automated: AutomatedFully,
		CaseID: &caseID, RestrictionID: &r.ID})
	return err
}

// checkNewPicture matches a new board post's or comment's picture
// (pictureID; nil: none) against the hash banks inside tx, the transaction
// that writes it (CreatePost, CreateComment): MatchPicture.
func checkNewPicture(ctx context.Context, tx *gorm.DB, t SubjectType, id int64, pictureID *int64) error {
	if pictureID == nil {
		return nil
	}
	var p Picture
	if err := tx.Take(&p, *pictureID).Error; err != nil {
		return err
	}
	s := PictureSubject{Type: t, ID: id, PictureID: pictureID}
	if p.OwnerID != nil {
		s.AuthorID = *p.OwnerID
	}
	_, err := MatchPicture(ctx, tx, s, p.sums())
	return err
}

// matchReportedPicture matches the picture of a reported 1:1 chat message
// against the hash banks, inside tx: on a match the report's case takes the
// banks' worst reason and severity and records each matched hash, so the
// queue puts it first and the moderator sees the match; the case is
// decided like any other (no hide: a chat has no public to hide it from,
// and no restriction without a moderator). Audited as hashbank.match.
func matchReportedPicture(ctx context.Context, tx *gorm.DB, caseID, messageID, pictureID int64) error {
	var p Picture
	if err := tx.Take(&p, pictureID).Error; err != nil {
		return err
	}
	matches, err := hashBanks.Match(ctx, tx, p.sums())
	if err != nil || len(matches) == 0 {
		return err
	}
	reason := matches[0].Reason
	for _, b := range matches {
		if b.Reason.Severity() > reason.Severity() {
			reason = b.Reason
		}
	}
	if err := tx.Exec(`UPDATE cases SET severity = greatest(severity, ?),
			reasons = ARRAY(SELECT DISTINCT x FROM unnest(reasons || ARRAY[?]::text[]) x ORDER BY x), updated_at = now()
		WHERE id = ?`, reason.Severity(), string(reason), caseID).Error; err != nil {
		return err
	}
	for _, b := range matches {
		if err := tx.Exec(`INSERT INTO hash_matches (case_id, subject_type, subject_id, picture_id, bank_id, entry_id, bank_name, kind, hash, distance, action)
			VALUES (?, 'message', ?, ?, ?, ?, ?, ?, ?, ?, ?)`, caseID, messageID, pictureID, b.BankID, b.EntryID, b.BankName,
			b.Kind, b.Hash, b.Distance, b.Action).Error; err != nil {
			return err
		}
	}
	best := matches[0]
	return auditBy(tx, nil, "hashbank.match", string(SubjectMessage), messageID, map[string]any{"case": caseID,
		"bank": best.BankID, "name": best.BankName, "kind": string(best.Kind), "distance": best.Distance, "matches": len(matches), "reported": true})
}

// sums are the picture's hashes as the banks match them.
func (p *Picture) sums() pdq.Sums {
	s := pdq.Sums{MD5: hex.EncodeToString(p.MD5)}
	if h, err := pdq.FromBytes(p.PDQ); err == nil && p.PDQQuality != nil {
		s.PDQ, s.Quality = h, int(*p.PDQQuality)
	}
	return s
}

// CaseHashMatch is a bank hash a case's picture matched when it was posted.
type CaseHashMatch struct {
	ID        int64
	BankID    *int64 // nil once the bank is deleted
	BankName  string
	Kind      HashKind
	Hash      string
	Distance  int
	Action    BankAction
	CreatedAt time.Time
}

// caseHashMatches returns the bank hashes case caseID's picture matched.
func caseHashMatches(tx *gorm.DB, caseID int64) ([]CaseHashMatch, error) {
	var out []CaseHashMatch
	err := tx.Raw(`SELECT id, bank_id, bank_name, kind, hash, distance, action, created_at FROM hash_matches
		WHERE case_id = ? ORDER BY distance, id`, caseID).Scan(&out).Error
	return out, err
}
