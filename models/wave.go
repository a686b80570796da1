package models

import (
	"time"

	"gorm.io/gorm"

	"talksafe/models/textbank"
)

// Spam waves. The same spam sent to forty rooms by a dozen accounts is one
// piece of work, not forty: a new case whose evidence text has the
// fingerprint (textbank.Fingerprint: normalised as banks normalise it,
// numbers and links not counting) of an open case opened within WaveWindow
// joins that case's wave. The wave's first case (its lead) stands for all
// of them in the queue; its page lists the items; one decision on it
// decides them all, with one restriction, one notice and one set of
// strikes per author.

// WaveWindow is how long after its lead case opened a wave takes new items.
const WaveWindow = 24 * time.Hour

// waveAdvisoryLockNS is the advisory-lock namespace of wave grouping: two
// reports of one spam filed at once join one wave, not two.
const waveAdvisoryLockNS = 7316

// evidenceFingerprint is the wave fingerprint of a subject's text: a
// post's title and body, a comment's or a message's body.
func evidenceFingerprint(title, body string) string {
	return textbank.Fingerprint(title + "\n" + body)
}

// subjectPrint is what filing a report reads of its subject first: the
// fingerprint of its text ("" when the subject is missing or its text too
// short) and its picture, if any.
type subjectPrint struct {
	fp        string
	pictureID *int64
}

// subjectTextSQL reads a subject of type typ ($1: its id) as its
// fingerprint needs it: title, body, picture ("" for an unknown type).
func subjectTextSQL(typ SubjectType) string {
	switch typ {
	case SubjectMessage:
		return "SELECT '' AS title, body, picture_id FROM chat_messages WHERE id = $1"
	case SubjectPost:
		return "SELECT title, body, picture_id FROM board_posts WHERE id = $1"
	case SubjectComment:
		return "SELECT '' AS title, body, picture_id FROM board_comments WHERE id = $1"
	}
	return ""
}

// subjectFingerprint reads the text of subject typ id and returns its
// fingerprint, for the filing statement to open its case with. The text
// is only hashed, never returned: the filing statement itself decides
// whether the reporter may report it.
func subjectFingerprint(db *gorm.DB, typ SubjectType, id int64) (subjectPrint, error) {
	query := subjectTextSQL(typ)
	if query == "" {
		return subjectPrint{}, nil
	}
	var text struct {
		Title, Body string
		PictureID   *int64
	}
	if err := db.Raw(query, id).Scan(&text).Error; err != nil {
		return subjectPrint{}, err
	}
	return subjectPrint{fp: evidenceFingerprint(text.Title, text.Body), pictureID: text.PictureID}, nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// waveLeadSQL is the lead of the open spam wave that a new case with
// fingerprint @fp joins: the first open case with that fingerprint opened
// within @window seconds that is no wave's item (one range of
// cases_wave_lookup_idx); NULL when there is none, and then the new case
// may lead one. The filing statement runs it after lockWaveSQL, so two
// reports of one spam filed at once make one wave, not two.
const waveLeadSQL = `SELECT w.id FROM cases w WHERE w.fingerprint = CAST(@fp AS text) AND w.wave_id IS NULL AND w.state <> 'resolved'
	AND w.created_at > now() - make_interval(secs => @window) ORDER BY w.id LIMIT 1`

// lockWaveSQL takes fingerprint $2's advisory lock when no open wave of
// it may be joined yet: while the first copies of a spam are filed at once,
// they wait for one another, and the filing statement after the lock (a
// new snapshot) joins the wave the first one started; once the wave has a
// lead, filings join it without waiting.
const lockWaveSQL = `SELECT pg_advisory_xact_lock($1::int, hashtext($2)) WHERE NOT EXISTS (SELECT 1 FROM cases w
	WHERE w.fingerprint = $2 AND w.wave_id IS NULL AND w.state <> 'resolved' AND w.created_at > now() - make_interval(secs => $3))`

// Wave is a wave's size, as the queue and the case page show it.
type Wave struct {
	Items   int // cases, the lead's included
	Authors int // distinct reported users
}

// IsWave reports whether the case leads a wave of more than itself.
func (w Wave) IsWave() bool { return w.Items > 1 }

// waves returns the size of the open waves led by leadIDs, by lead; a case
// that leads none is missing.
func waves(db *gorm.DB, leadIDs []int64) (map[int64]Wave, error) {
	out := map[int64]Wave{}
	if len(leadIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		Lead    int64
		Items   int
		Authors int
	}
	if err := db.Raw(`SELECT l.id AS lead, 1 + count(m.id) AS items,
			(SELECT count(DISTINCT x.reported_user_id) FROM cases x WHERE x.id = l.id OR (x.wave_id = l.id AND x.state <> 'resolved')) AS authors
		FROM cases l JOIN cases m ON m.wave_id = l.id AND m.state <> 'resolved'
		WHERE l.id IN ? GROUP BY l.id`, leadIDs).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.Lead] = Wave{Items: r.Items, Authors: r.Authors}
	}
	return out, nil
}

// WaveItem is one case of a wave as its lead's page lists it: the author,
// what was reported and a glance at it (the first line, as the queue's
// preview: no view of the evidence, so not audited; none under a severe
// reason).
type WaveItem struct {
	CaseID       int64
	SubjectType  SubjectType
	ReportedName string
	Reporters    int
	Reasons      ReasonList `gorm:"type:text[]"`
	CreatedAt    time.Time
	Preview      string `gorm:"-"`
}

// waveItems lists the open items of the wave led by leadID, oldest first,
// the lead's not included.
func waveItems(tx *gorm.DB, leadID int64) ([]WaveItem, error) {
	var items []WaveItem
	if err := tx.Raw(`SELECT c.id AS case_id, c.subject_type, u.name AS reported_name, c.reporter_count AS reporters, c.reasons, c.created_at
		FROM cases c JOIN users u ON u.id = c.reported_user_id
		WHERE c.wave_id = ? AND c.state <> 'resolved' ORDER BY c.id`, leadID).Scan(&items).Error; err != nil {
		return nil, err
	}
	qs := make([]QueueCase, len(items))
	for i, it := range items {
		qs[i].ID, qs[i].Reasons = it.CaseID, it.Reasons
	}
	if err := queuePreviews(tx, qs); err != nil {
		return nil, err
	}
	for i := range items {
		items[i].Preview = qs[i].Preview
	}
	return items, nil
}

// lockWaveItems locks the open items of the wave led by leadID for a
// decision on the lead, in id order. Errors: those of lockCase.
func lockWaveItems(tx *gorm.DB, actor *User, leadID int64) ([]*Case, error) {
	var ids []int64
	if err := tx.Raw("SELECT id FROM cases WHERE wave_id = ? AND state <> 'resolved' ORDER BY id", leadID).Scan(&ids).Error; err != nil {
		return nil, err
	}
	var out []*Case
	for _, id := range ids {
		c, err := lockCase(tx, actor, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// queueWaves fills the wave of each case of a queue page that may lead one.
func queueWaves(db *gorm.DB, cases []QueueCase) error {
	var leads []int64
	for _, c := range cases {
		if c.Fingerprint != nil {
			leads = append(leads, c.ID)
		}
	}
	ws, err := waves(db, leads)
	if err != nil {
		return err
	}
	for i := range cases {
		cases[i].Wave = ws[cases[i].ID]
	}
	return nil
}

// Wave is the size of the spam wave the case leads; zero when it leads none.
func (d *CaseDetail) Wave() Wave {
	if len(d.WaveItems) == 0 {
		return Wave{}
	}
	authors := map[string]bool{d.ReportedName: true}
	for _, it := range d.WaveItems {
		authors[it.ReportedName] = true
	}
	return Wave{Items: 1 + len(d.WaveItems), Authors: len(authors)}
}
