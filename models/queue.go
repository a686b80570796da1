package models

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// The queue's priority, the one rule that orders the cases moderators see:
//
//  1. escalated cases first (by support or a moderator), until resolved;
//     then cases carrying a legal request (an illegal-filming deletion
//     request or a temporary measure); then cases a designated
//     organisation reported (migration 00025);
//  2. then the worst severity among the case's reasons (5 worst);
//  3. then the case's weight: the sum over its distinct reporters of each
//     one's accuracy when they filed, (upheld + 1) / (decided + 2) with a
//     false report counting three times, so ten new reporters outweigh two,
//     and a reporter whose reports keep proving false counts for little;
//  4. then age: the oldest first.
//
// The database keeps the weight as reports arrive (the reporter_weight
// function of migration 00003) and stores 1–3 as the case's rank, one
// ascending number, so that a page of the queue is one index range scan on
// (rank, created_at, id) however deep it is.
const priorityOrder = "c.rank, c.created_at, c.id"

// oldestOrder is the queue's other order: the oldest case first.
const oldestOrder = "c.created_at, c.id"

// QueueCase is one row of the queue.
type QueueCase struct {
	Case
	ReportedName string
	ClaimedName  string
	// Preview is the first line of the first report's evidence, cut short;
	// "" for a case under a severe reason, whose evidence the queue never
	// reads (it stays hidden until revealed on the case page).
	Preview string `gorm:"-"`
	// Wave is the spam wave the case leads (its items are not rows of
	// their own); zero for a case alone.
	Wave Wave `gorm:"-"`
	// LegalDeadline is the earliest deadline of the open legal requests
	// on it (nil: none with a deadline); LegalOverdue says one has passed.
	LegalDeadline *time.Time
	LegalOverdue  bool
}

// Severe reports whether the case's evidence is hidden until revealed.
func (q QueueCase) Severe() bool { return slices.ContainsFunc(q.Reasons, ReportReason.Severe) }

// PreviewLen is the most characters a queue row's preview shows.
const PreviewLen = 80

// queuePreviews fills the preview of each case of the page not under a
// severe reason: a glance at what was reported, not a view of the
// evidence, so it is not audited (the case page's evidence is).
func queuePreviews(db *gorm.DB, cases []QueueCase) error {
	var ids []int64
	for _, c := range cases {
		if !c.Severe() {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		CaseID int64
		Text   string
	}
	if err := db.Raw(`SELECT DISTINCT ON (x.case_id) x.case_id, x.text FROM (
			SELECT r.case_id, r.id AS n, coalesce(nullif(s.title, ''), s.body) AS text
			FROM reports r JOIN evidence_snapshots s ON s.report_id = r.id WHERE r.case_id IN @ids
			UNION ALL
			SELECT s.case_id, 0, coalesce(nullif(s.title, ''), s.body) FROM evidence_snapshots s WHERE s.case_id IN @ids) x
		ORDER BY x.case_id, x.n`, map[string]any{"ids": ids}).
		Scan(&rows).Error; err != nil {
		return err
	}
	text := map[int64]string{}
	for _, r := range rows {
		text[r.CaseID] = firstLine(r.Text, PreviewLen)
	}
	for i := range cases {
		cases[i].Preview = text[cases[i].ID]
	}
	return nil
}

// firstLine is s's first non-blank line, cut to at most n characters with
// an ellipsis.
func firstLine(s string, n int) string {
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > n {
			return strings.TrimSpace(string(r[:n-1])) + "…"
		}
		return line
	}
	return ""
}

// SortedReasons returns the case's reasons, worst severity first.
func (q QueueCase) SortedReasons() []ReportReason {
	out := append([]ReportReason(nil), q.Reasons...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Severity() > out[j-1].Severity(); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Queue is one page of the queue with the counts of cases per state.
type Queue struct {
	Cases  []QueueCase
	Next   int64               // the case id to page on from; 0 on the last page
	Counts map[CaseState]int64 // at most QueueCountCap+1: more than QueueCountCap
}

// queueColumns are a queue row's columns.
const queueColumns = `c.*, u.name AS reported_name, coalesce(m.name, '') AS claimed_name,
	(SELECT min(l.deadline_at) FROM legal_requests l WHERE c.legal_request AND l.case_id = c.id AND l.state <> 'decided') AS legal_deadline,
	EXISTS (SELECT 1 FROM legal_requests l WHERE c.legal_request AND l.case_id = c.id AND l.state = 'pending' AND l.deadline_at < now()) AS legal_overdue`

// ModQueue returns a page of up to limit cases for viewerID under filter,
// after the case id after (0: from the top; the page goes on from that
// case's place in the order), and the counts of cases per state.
// Errors: Invalid for an unknown state, reason, subject type or order.
func ModQueue(ctx context.Context, db *gorm.DB, viewerID int64, f QueueFilter, after int64, limit int) (*Queue, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	db = db.WithContext(ctx)
	order, key := priorityOrder, "c.rank, c.created_at, c.id"
	keyOf := "k.rank, k.created_at, k.id"
	if f.Sort == SortOldest {
		order, key, keyOf = oldestOrder, "c.created_at, c.id", "k.created_at, k.id"
	}
	// The state, the reason, the subject type and the limit are written as
	// literals (checked above): the planner picks the partial index of the
	// queue or of the reason, and a plan for a page of 51, only when it sees
	// the values themselves, and so the prepared statement keeps one plan
	// instead of planning each request.
	where := []string{"c.state <> " + sqlString(string(CaseResolved)), "c.wave_id IS NULL"}
	if f.State != "" {
		where[0] = "c.state = " + sqlString(string(f.State))
	}
	var args []any
	if f.Reason != "" {
		where = append(where, sqlString(string(f.Reason))+" = ANY (c.reasons)")
	}
	if f.SubjectType != "" {
		where = append(where, "c.subject_type = "+sqlString(string(f.SubjectType)))
	}
	if name := NormalizeName(f.ReportedName); name != "" {
		where, args = append(where, "c.reported_user_id = (SELECT id FROM users WHERE name = ?)"), append(args, name)
	}
	if f.Escalated {
		where = append(where, "c.escalated_at IS NOT NULL")
	}
	if f.Unclaimed {
		where = append(where, "c.claimed_by IS NULL")
	}
	if f.Mine {
		where, args = append(where, "c.claimed_by = ?"), append(args, viewerID)
	}
	if after > 0 {
		where, args = append(where, "("+key+") > (SELECT "+keyOf+" FROM cases k WHERE k.id = ?)"), append(args, after)
	}
	q := db.Raw(fmt.Sprintf(`SELECT %s FROM cases c JOIN users u ON u.id = c.reported_user_id
		LEFT JOIN users m ON m.id = c.claimed_by WHERE %s ORDER BY %s LIMIT %d`,
		queueColumns, strings.Join(where, " AND "), order, limit+1), args...)
	out := &Queue{Counts: map[CaseState]int64{}}
	if err := q.Scan(&out.Cases).Error; err != nil {
		return nil, err
	}
	out.Cases, out.Next = nextPage(out.Cases, limit, func(r QueueCase) int64 { return r.ID })
	if err := queuePreviews(db, out.Cases); err != nil {
		return nil, err
	}
	if err := queueWaves(db, out.Cases); err != nil {
		return nil, err
	}
	counts, err := stateCounts(db)
	if err != nil {
		return nil, err
	}
	out.Counts = counts
	return out, nil
}

// stateCountsSQL counts the cases of each state up to QueueCountCap+1, in
// one statement: each count is a range of the state index that stops at the
// cap, and one round trip serves them all. It takes no parameters, so its
// plan is made once per connection.
var stateCountsSQL = func() string {
	parts := make([]string, len(CaseStates))
	for i, st := range CaseStates {
		lit := sqlString(string(st))
		parts[i] = fmt.Sprintf("SELECT %s::text AS state, (SELECT count(*) FROM (SELECT 1 FROM cases WHERE state = %s LIMIT %d) x) AS n",
			lit, lit, QueueCountCap+1)
	}
	return strings.Join(parts, " UNION ALL ")
}()

func stateCounts(db *gorm.DB) (map[CaseState]int64, error) {
	var rows []struct {
		State CaseState
		N     int64
	}
	if err := db.Raw(stateCountsSQL).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[CaseState]int64, len(rows))
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// QueueCountCap is the most the queue counts of one state: above it the
// queue says "1,000+" (the stats page has the exact numbers), so that a
// page of the queue costs the same at 300,000 cases as at 1,000.
const QueueCountCap = 1000

// CanStartReviewing reports whether u may Start reviewing: take the next
// case from the queue (StartReviewing).
func (q *Queue) CanStartReviewing(u *User) bool { return u != nil && u.Role.CanModerate() }

// CanDecide reports whether u may decide cases of the queue together (the
// bulk decision, DecideCases).
func (q *Queue) CanDecide(u *User) bool { return u != nil && u.Role.CanModerate() }

// ensureModerator refuses anyone but a moderator: admins read the queue,
// moderators decide.
func ensureModerator(actor *User) error {
	if actor == nil || !actor.Role.CanModerate() {
		return Coded(Forbidden, "queue.moderators_only")
	}
	return nil
}

// StartReviewing hands actor the next case to review and claims it: a case
// they already hold, else the unclaimed case of the highest priority,
// claimed in the same statement (FOR UPDATE SKIP LOCKED), so two moderators
// starting at once never get the same case. Errors: Forbidden (not a
// moderator), NotFound (the queue is empty).
func StartReviewing(ctx context.Context, db *gorm.DB, actor *User) (*Case, error) {
	if err := ensureModerator(actor); err != nil {
		return nil, err
	}
	var c *Case
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		c, err = claimNext(tx, actor)
		if err == nil && c == nil {
			err = Coded(NotFound, "queue.empty")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// claimNext is StartReviewing inside tx; nil when the queue is empty.
func claimNext(tx *gorm.DB, actor *User) (*Case, error) {
	var c Case
	res := tx.Raw(`SELECT * FROM cases c WHERE c.claimed_by = ? AND c.state <> 'resolved' ORDER BY `+priorityOrder+` LIMIT 1`,
		actor.ID).Scan(&c)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected > 0 {
		return &c, nil
	}
	res = tx.Raw(`UPDATE cases SET claimed_by = @me, claimed_at = now(), updated_at = now(),
			state = CASE WHEN state = 'open' THEN 'claimed' ELSE state END
		WHERE id = (SELECT c.id FROM cases c WHERE c.state <> 'resolved' AND c.claimed_by IS NULL AND c.wave_id IS NULL
			ORDER BY `+priorityOrder+` LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING *`, map[string]any{"me": actor.ID}).Scan(&c)
	if res.Error != nil || res.RowsAffected == 0 {
		return nil, res.Error
	}
	return &c, audit(tx, actor.ID, "case.claim", "case", c.ID, map[string]any{"via": "start_reviewing"})
}

// ClaimCase claims case caseID for actor. Errors: Forbidden (not a
// moderator), NotFound, Conflict (decided, or claimed by another moderator).
func ClaimCase(ctx context.Context, db *gorm.DB, actor *User, caseID int64) error {
	if err := ensureModerator(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockCase(tx, actor, caseID)
		if err != nil {
			return err
		}
		if c.ClaimedByMe(actor.ID) {
			return nil
		}
		state := c.State
		if state == CaseOpen {
			state = CaseClaimed
		}
		if err := tx.Exec("UPDATE cases SET claimed_by = ?, claimed_at = now(), state = ?, updated_at = now() WHERE id = ?",
			actor.ID, state, c.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "case.claim", "case", c.ID, map[string]any{})
	})
}

// ReleaseCase gives back a case actor holds, for another moderator.
// Errors: Forbidden (not a moderator), NotFound, Conflict (decided, or not
// held by actor).
func ReleaseCase(ctx context.Context, db *gorm.DB, actor *User, caseID int64) error {
	if err := ensureModerator(actor); err != nil {
		return err
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := lockCase(tx, actor, caseID)
		if err != nil {
			return err
		}
		if !c.ClaimedByMe(actor.ID) {
			return Coded(Conflict, "case.not_yours")
		}
		state := c.State
		if state == CaseClaimed {
			state = CaseOpen
		}
		if err := tx.Exec("UPDATE cases SET claimed_by = NULL, claimed_at = NULL, state = ?, updated_at = now() WHERE id = ?",
			state, c.ID).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, "case.release", "case", c.ID, map[string]any{})
	})
}

// lockCase reads case caseID FOR UPDATE: who holds or decided it is settled
// by the database. Errors: NotFound, Conflict (decided already, or held by
// another moderator), naming who and when in actor's time zone.
func lockCase(tx *gorm.DB, actor *User, caseID int64) (*Case, error) {
	var c Case
	if err := tx.Raw("SELECT * FROM cases WHERE id = ? FOR UPDATE", caseID).Take(&c).Error; err != nil {
		return nil, notFound(err, "case.not_found")
	}
	if !c.Open() {
		who := ""
		if c.ResolvedBy != nil {
			who = staffName(tx, *c.ResolvedBy)
		}
		if who == "" || c.ResolvedAt == nil {
			return nil, Coded(Conflict, "case.already_decided_anon")
		}
		return nil, Coded(Conflict, "case.already_decided", who, c.ResolvedAt.In(actor.Location()).Format("15:04"))
	}
	if c.ClaimedByOther(actor.ID) {
		if who := staffName(tx, *c.ClaimedBy); who != "" {
			return nil, Coded(Conflict, "case.claimed_by_other", who)
		}
		return nil, Coded(Conflict, "case.claimed_by_other_anon")
	}
	return &c, nil
}

// staffName is a staff member's user name, for messages to other staff;
// "" when it cannot be read.
func staffName(tx *gorm.DB, id int64) string {
	var name string
	if err := tx.Raw("SELECT name FROM users WHERE id = ?", id).Scan(&name).Error; err != nil {
		return ""
	}
	return name
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
