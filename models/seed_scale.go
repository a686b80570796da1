package models

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"talksafe/models/textbank"
)

// ScaleSize is how much SeedScale writes.
type ScaleSize struct {
	Users    int
	Messages int // in rooms of 20
	Cases    int // each on one message
	Reports  int // spread over the cases, at least one each
	// BankEntries is the size of the text bank "Scale spam" (none at 0).
	BankEntries int
}

// FullScale is the size the queue is measured at.
var FullScale = ScaleSize{Users: 100_000, Messages: 1_000_000, Cases: 300_000, Reports: 1_000_000, BankEntries: 10_000}

// SeedScale fills an empty database with generated data of size, with COPY:
// users, 1:1 rooms of 20 messages, and cases of reports on messages, a year
// of them: most resolved, the rest open, claimed or escalated, every reason
// and severity. Staff accounts scale.mod and scale.admin have password. It
// is for benchmarks and load tests, never beside real users. Errors:
// Conflict when the database holds users already.
func SeedScale(ctx context.Context, db *gorm.DB, size ScaleSize, password string) error {
	var n int64
	if err := db.WithContext(ctx).Model(&User{}).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return Errorf(Conflict, "the database holds %d accounts: scale data goes into an empty database only", n)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx) //nolint:errcheck
		if err := seedScale(ctx, tx, size, hash); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, n int, row func(i int) []any) error {
	i := 0
	_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i >= n {
			return nil, nil
		}
		r := row(i)
		i++
		return r, nil
	}))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return nil
}

func seedScale(ctx context.Context, tx pgx.Tx, size ScaleSize, hash string) error {
	now := time.Now().Truncate(time.Second)
	users := size.Users
	staff := users + 1
	if err := copyRows(ctx, tx, "users", []string{"id", "name", "display_name", "password_hash", "role", "created_at", "updated_at"}, users+2,
		func(i int) []any {
			id := int64(i + 1)
			name, role := "scale"+strconv.Itoa(i+1), "user"
			switch id {
			case int64(staff):
				name, role = "scale.mod", "moderator"
			case int64(staff + 1):
				name, role = "scale.admin", "admin"
			}
			at := now.AddDate(-2, 0, 0)
			return []any{id, name, name, hash, role, at, at}
		}); err != nil {
		return err
	}
	const perRoom = 20
	rooms := max(size.Messages/perRoom, 1)
	// Room r is between users a(r) < b(r), distinct pairs for any size.
	pair := func(r int) (int64, int64) {
		a := r%(users/2) + 1
		b := users/2 + (r/(users/2)+r)%(users/2) + 1
		return int64(a), int64(b)
	}
	if err := copyRows(ctx, tx, "chat_rooms", []string{"id", "user_low", "user_high", "created_at"}, rooms, func(r int) []any {
		a, b := pair(r)
		return []any{int64(r + 1), a, b, now.AddDate(-1, 0, 0)}
	}); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "chat_members", []string{"room_id", "user_id", "other_id", "last_active_at"}, rooms*2, func(i int) []any {
		a, b := pair(i / 2)
		if i%2 == 1 {
			a, b = b, a
		}
		return []any{int64(i/2 + 1), a, b, now}
	}); err != nil {
		return err
	}
	year := 365 * 24 * time.Hour
	// Message m (0-based) is in room m/20, written over the last year.
	msgAt := func(m int) time.Time {
		return now.Add(-year + time.Duration(float64(year)*float64(m)/float64(rooms*perRoom)))
	}
	sender := func(m int) int64 {
		a, b := pair(m / perRoom)
		if m%2 == 1 {
			return b
		}
		return a
	}
	if err := copyRows(ctx, tx, "chat_messages", []string{"id", "room_id", "sender_id", "body", "created_at"}, rooms*perRoom, func(m int) []any {
		return []any{int64(m + 1), int64(m/perRoom + 1), sender(m), "scale message " + strconv.Itoa(m+1), msgAt(m)}
	}); err != nil {
		return err
	}
	// Case c is on message msgOf(c), so cases spread over the year.
	cases := min(size.Cases, rooms*perRoom)
	msgOf := func(c int) int { return int(int64(c) * int64(rooms*perRoom) / int64(cases)) }
	perCase := func(c int) int { // reports of case c: size.Reports in all
		base := size.Reports / cases
		if c < size.Reports%cases {
			return base + 1
		}
		return base
	}
	states := func(c int) (CaseState, *CaseResolution) {
		res := []CaseResolution{ResolutionActionTaken, ResolutionNoViolation, ResolutionFalseReport}[c%3]
		switch c % 20 {
		case 0, 1, 2, 3, 4, 5:
			return CaseOpen, nil
		case 6:
			return CaseClaimed, nil
		case 7:
			return CaseEscalated, nil
		}
		return CaseResolved, &res
	}
	reasonOf := func(c, k int) ReasonInfo { return Reasons[(c*7+k*3)%len(Reasons)] }
	mod := int64(staff)
	if err := copyRows(ctx, tx, "cases", []string{"id", "subject_type", "subject_id", "reported_user_id", "state", "resolution", "severity",
		"reporter_count", "weight", "reasons", "claimed_by", "claimed_at", "escalated_at", "resolved_by", "resolved_at", "policy_reason", "created_at", "updated_at"}, cases,
		func(c int) []any {
			m := msgOf(c)
			st, res := states(c)
			sev := 1
			var reasons []string
			for k := range perCase(c) {
				sev = max(sev, reasonOf(c, k).Severity)
				if r := string(reasonOf(c, k).Code); !slices.Contains(reasons, r) {
					reasons = append(reasons, r)
				}
			}
			slices.Sort(reasons)
			at := msgAt(m).Add(time.Hour)
			var claimedBy, resolvedBy *int64
			var claimedAt, escalatedAt, resolvedAt *time.Time
			var policy *string
			if st == CaseClaimed {
				claimedBy, claimedAt = &mod, &at
			}
			if st == CaseEscalated {
				escalatedAt = &at
			}
			if st == CaseResolved {
				r := at.Add(time.Duration(c%48+1) * time.Hour)
				p := string(reasonOf(c, 0).Code)
				resolvedBy, resolvedAt, policy = &mod, &r, &p
			}
			var resText *string
			if res != nil {
				s := string(*res)
				resText = &s
			}
			return []any{int64(c + 1), string(SubjectMessage), int64(m + 1), sender(m), string(st), resText, sev,
				perCase(c), float64(perCase(c)) * 0.5, reasons, claimedBy, claimedAt, escalatedAt, resolvedBy, resolvedAt, policy, at, at}
		}); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "ALTER TABLE reports DISABLE TRIGGER reports_weigh_case"); err != nil {
		return err
	}
	type ref struct{ c, k int }
	var refs []ref
	firstReport := make([]int64, cases)
	for c := range cases {
		firstReport[c] = int64(len(refs) + 1)
		for k := range perCase(c) {
			refs = append(refs, ref{c, k})
		}
	}
	if err := copyRows(ctx, tx, "reports", []string{"id", "reporter_id", "reported_user_id", "subject_type", "subject_id", "case_id",
		"reasons", "state", "created_at", "decided_at"}, len(refs), func(i int) []any {
		c, k := refs[i].c, refs[i].k
		m := msgOf(c)
		reported := sender(m)
		reporter := int64((c*131+k*7919)%users + 1)
		if reporter == reported {
			reporter = reporter%int64(users) + 1
		}
		st, res := states(c)
		state, decided := string(ReportReceived), (*time.Time)(nil)
		if st == CaseResolved {
			state = map[CaseResolution]string{ResolutionActionTaken: "upheld", ResolutionNoViolation: "rejected", ResolutionFalseReport: "false"}[*res]
			d := msgAt(m).Add(time.Duration(c%48+2) * time.Hour)
			decided = &d
		}
		at := msgAt(m).Add(time.Hour + time.Duration(k)*time.Minute)
		return []any{int64(i + 1), reporter, reported, string(SubjectMessage), int64(m + 1), int64(c + 1),
			[]string{string(reasonOf(c, k).Code)}, state, at, decided}
	}); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "ALTER TABLE reports ENABLE TRIGGER reports_weigh_case"); err != nil {
		return err
	}
	// The audit log of the decided cases, as deciding them writes it: the
	// moderator viewed the evidence, revealed it first when it was severe,
	// and decided (which the stats page counts).
	type event struct {
		action, subjectType string
		subjectID           int64
		detail              map[string]any
		at                  time.Time
	}
	var events []event
	for c := range cases {
		st, res := states(c)
		if st != CaseResolved {
			continue
		}
		decided := msgAt(msgOf(c)).Add(time.Hour + time.Duration(c%48+1)*time.Hour)
		var severe []string
		for k := range perCase(c) {
			if r := reasonOf(c, k).Code; r.Severe() && !slices.Contains(severe, string(r)) {
				severe = append(severe, string(r))
			}
		}
		if len(severe) > 0 {
			events = append(events, event{AuditEvidenceReveal, "case", int64(c + 1), map[string]any{"reasons": severe}, decided.Add(-10 * time.Minute)})
		}
		events = append(events, event{AuditEvidenceView, "report", firstReport[c], map[string]any{"via": "case"}, decided.Add(-9 * time.Minute)})
		kind := map[CaseResolution]DecisionKind{ResolutionActionTaken: []DecisionKind{DecideRemove, DecideWarn, DecideRestrict}[c/3%3],
			ResolutionNoViolation: DecideNoViolation, ResolutionFalseReport: DecideFalseReport}[*res]
		events = append(events, event{"case.decide", "case", int64(c + 1),
			map[string]any{"decision": kind, "policy": string(reasonOf(c, 0).Code), "reports": perCase(c)}, decided})
	}
	if err := copyRows(ctx, tx, "audit_events", []string{"actor_id", "action", "subject_type", "subject_id", "detail", "created_at"}, len(events),
		func(i int) []any {
			e := events[i]
			return []any{mod, e.action, e.subjectType, e.subjectID, e.detail, e.at}
		}); err != nil {
		return err
	}
	if err := seedScaleBank(ctx, tx, size.BankEntries, int64(staff+1)); err != nil {
		return err
	}
	for _, seq := range []string{"users", "chat_rooms", "chat_messages", "cases", "reports"} {
		if _, err := tx.Exec(ctx, fmt.Sprintf("SELECT setval('%s_id_seq', (SELECT max(id) FROM %s))", seq, seq)); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE chat_members m SET last_message_id = (SELECT max(id) FROM chat_messages WHERE room_id = m.room_id)`); err != nil {
		return err
	}
	return scaleRules(ctx, tx, int64(staff+1))
}

// seedScaleBank writes the text bank "Scale spam" with n entries, half
// English phrases, half Korean, as AddBankEntries would store them.
func seedScaleBank(ctx context.Context, tx pgx.Tx, n int, admin int64) error {
	if n == 0 {
		return nil
	}
	var bank int64
	if err := tx.QueryRow(ctx, "INSERT INTO text_banks (name, description, created_by) VALUES ('Scale spam', 'Generated phrases', $1) RETURNING id",
		admin).Scan(&bank); err != nil {
		return err
	}
	return copyRows(ctx, tx, "text_bank_entries", []string{"bank_id", "text", "normal", "language", "reason", "created_by"}, n, func(i int) []any {
		text, lang := scaleBankEntry(i)
		return []any{bank, text, textbank.Normalize(text), lang, "spam", admin}
	})
}

// scaleBankEntry is the i-th generated bank phrase: "offer " and letters, or
// 광고 and two syllables, each distinct as the matcher reads it.
func scaleBankEntry(i int) (string, string) {
	if i%2 == 0 {
		word := []byte("offer ")
		for k := i/2 + 26*26*26; k > 0; k /= 26 {
			word = append(word, byte('a'+k%26))
		}
		return string(word), string(BankEnglish)
	}
	k := i / 2
	return "광고" + string(rune(0xAC00+k%11172)) + string(rune(0xAC00+(k/11172+k*7)%11172)), string(BankKorean)
}
