package models

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
)

// ReportState is where a report stands, as stored.
type ReportState string

// Report states.
const (
	ReportReceived    ReportState = "received"
	ReportUnderReview ReportState = "under_review"
	ReportUpheld      ReportState = "upheld"
	ReportRejected    ReportState = "rejected"
	ReportFalse       ReportState = "false"
)

// Report is one user's report of one subject.
type Report struct {
	ID             int64
	ReporterID     int64
	ReportedUserID int64
	SubjectType    SubjectType
	SubjectID      int64
	CaseID         int64
	Reasons        ReasonList `gorm:"type:text[]"`
	Detail         string
	State          ReportState
	AlsoBlocked    bool
	CreatedAt      time.Time
	DecidedAt      *time.Time
}

// Report rules' numbers.
const (
	MaxReportDetail      = 1000
	ReportsPerHour       = 20
	EvidenceContext      = 5 // messages kept before and after a reported one
	reportAdvisoryLockNS = 7401
)

// ErrFriendNotReportable is the answer to reporting a friend's message: a
// friend (hidden or not) must first be deleted or blocked.
var ErrFriendNotReportable = Coded(Forbidden, "report.friend_not_reportable")

// ReportInput is a filled-in Report pop-up.
type ReportInput struct {
	Type      SubjectType
	ID        int64
	Reasons   []string
	Detail    string
	AlsoBlock bool // posts and comments: also block the author
}

func (in *ReportInput) validate() (ReasonList, error) {
	f := FieldErrors{}
	in.Detail = strings.TrimSpace(in.Detail)
	var reasons ReasonList
	seen := map[ReportReason]bool{}
	for _, r := range in.Reasons {
		rr := ReportReason(r)
		if !rr.Valid() {
			f.Add("reasons", "report.reasons_unknown")
			continue
		}
		if !seen[rr] {
			seen[rr] = true
			reasons = append(reasons, rr)
		}
	}
	if len(in.Reasons) == 0 {
		f.Add("reasons", "report.reasons_empty")
	}
	if n := utf8.RuneCountInString(in.Detail); n > MaxReportDetail {
		f.Add("detail", "report.detail_too_long", n)
	} else if seen[ReasonOther] && in.Detail == "" {
		f.Add("detail", "report.other_needs_detail")
	}
	return reasons, f.Err()
}

// FiledReport says what filing a report did.
type FiledReport struct {
	ReportID    int64
	CaseID      int64
	Type        SubjectType
	Blocked     bool   // the reported person is now blocked for the reporter
	BlockedName string // as the reporter sees them
	RoomDeleted bool   // a chat report deleted the room from the reporter's side
	PictureID   *int64 // the reported subject's picture, if any
}

// FileReport files reporterID's report, all in one transaction: the
// evidence snapshot, the report, the case it joins and, for a chat message,
// the room and its messages deleted from the reporter's side and the sender
// blocked for them. A second submit of the same report changes nothing.
// Errors: those of ReportTargetFor, Invalid (with fields), Throttled (more
// than 20 reports in an hour). With an error it returns the subject as the
// pop-up shows it, when the reporter may see it, for the pop-up to be shown
// again (ErrFriendNotReportable comes with it too).
func FileReport(ctx context.Context, db *gorm.DB, reporterID int64, in ReportInput) (*FiledReport, *ReportTarget, error) {
	reasons, invalid := in.validate()
	if invalid != nil || !in.Type.Valid() {
		// The form again: the subject's refusals come before its errors.
		var target *ReportTarget
		err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := lockReporter(tx, reporterID); err != nil {
				return err
			}
			t, err := reportTarget(tx, reporterID, in.Type, in.ID)
			if t != nil {
				target = &t.ReportTarget
			}
			if err != nil {
				return err
			}
			return invalid
		})
		return nil, target, err
	}
	t, filed, err := fileWithRules(ctx, db, reporterID, in, reasons)
	if err != nil {
		if t != nil {
			return nil, &t.ReportTarget, err
		}
		return nil, nil, err
	}
	// A 1:1 chat picture is matched against the hash banks only now that
	// it is reported (DOMAIN "Automation"); board pictures were matched
	// when posted.
	if filed.Type == SubjectMessage && filed.PictureID != nil {
		if err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return matchReportedPicture(ctx, tx, filed.CaseID, in.ID, *filed.PictureID)
		}); err != nil {
			return nil, nil, err
		}
	}
	return filed, nil, nil
}

// fileWithRules files the report as fileIfAllowed does and runs the rules
// on it in the same transaction. What it reads first (the rules that are
// on or in shadow, and the subject's fingerprint) takes one round trip;
// with no rule on or in shadow the filing takes one more (fileReport).
func fileWithRules(ctx context.Context, db *gorm.DB, reporterID int64, in ReportInput, reasons ReasonList) (*targetRow, *FiledReport, error) {
	var rules []activeRule
	var subject subjectPrint
	err := withConn(ctx, db, func(conn *pgx.Conn) error {
		b := &pgx.Batch{}
		b.Queue(activeRulesSQL, TriggerReport).Query(func(rows pgx.Rows) (err error) {
			rules, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (r activeRule, err error) {
				err = row.Scan(&r.RuleID, &r.State, &r.VersionID, &r.Version, &r.Name, &r.Conditions, &r.Action, &r.Label, &r.Policy)
				return r, err
			})
			return err
		})
		if query := subjectTextSQL(in.Type); query != "" {
			b.Queue(query, in.ID).QueryRow(func(row pgx.Row) error {
				var title, body string
				err := row.Scan(&title, &body, &subject.pictureID)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil // the filing statement finds it missing too
				}
				subject.fp = evidenceFingerprint(title, body)
				return err
			})
		}
		return conn.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return nil, nil, err
	}
	if len(rules) == 0 {
		return fileReport(ctx, db, reporterID, in, reasons, ReportsPerHour, subject)
	}
	var t *targetRow
	var filed *FiledReport
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, filed, err = fileReport(ctx, tx, reporterID, in, reasons, ReportsPerHour, subject)
		if err != nil {
			return err
		}
		return runActiveRules(tx, reportEvent(filed.ReportID, filed.CaseID, in.Type, in.ID, t.AuthorID), rules)
	})
	if err != nil {
		return t, nil, err
	}
	return t, filed, nil
}

// lockReporter queues one reporter's filings up: the hourly count and the
// one-report-per-subject rule hold under concurrent submits.
func lockReporter(tx *gorm.DB, reporterID int64) error {
	return tx.Exec(lockReporterSQL, reportAdvisoryLockNS, int32(reporterID)).Error
}

const lockReporterSQL = "SELECT pg_advisory_xact_lock($1, $2)"

// fileIfAllowed files reporterID's report of in's subject, with reasons, in
// one statement that reads the subject (reportTarget's query) and writes
// everything the report does only when the rules allow it: not restricted
// from reporting, not reported already, not their own, not a friend's
// message, and fewer than perHour reports in the last hour (perHour 0: no
// limit). Otherwise nothing is written and it returns the subject with the
// rule's error, as reportTarget does, or Throttled. The reporter's lock
// (lockReporter) and that statement go to PostgreSQL together, in one round
// trip and one implicit transaction (pgx's batch: one Sync), so the
// statement runs under the lock, which ends with it. Inside a transaction
// (the seeds) db is that transaction and runs them one after the other.
func fileIfAllowed(ctx context.Context, db *gorm.DB, reporterID int64, in ReportInput, reasons ReasonList, perHour int) (*targetRow, *FiledReport, error) {
	subject, err := subjectFingerprint(db.WithContext(ctx), in.Type, in.ID)
	if err != nil {
		return nil, nil, err
	}
	return fileReport(ctx, db, reporterID, in, reasons, perHour, subject)
}

// fileReport is fileIfAllowed with the subject's fingerprint read already.
func fileReport(ctx context.Context, db *gorm.DB, reporterID int64, in ReportInput, reasons ReasonList, perHour int, subject subjectPrint) (*targetRow, *FiledReport, error) {
	severity := 1
	for _, r := range reasons {
		severity = max(severity, r.Severity())
	}
	probe := &ReportTarget{Type: in.Type}
	blocked := probe.AlwaysBlocks() || in.AlsoBlock
	fp, pictureID := subject.fp, subject.pictureID
	args := pgx.NamedArgs{
		"rep": reporterID, "id": in.ID, "severity": severity, "reasons": reasons, "detail": in.Detail,
		"fp": nullable(fp), "window": WaveWindow.Seconds(),
	}
	var err error
	query := fileReportQuery(in.Type, blocked, perHour)
	var row targetRow
	into := []any{&row.AuthorID, &row.RoomID, &row.PostID, &row.Title, &row.Body, &row.WrittenAt, &row.AuthorName,
		&row.FriendState, &row.Done, &row.LastHour, &row.Restricted, &row.RestrictedReason, &row.RestrictedUntil,
		&row.ReporterTimeZone, &row.ReportID, &row.CaseID}
	found := false
	if _, inTx := db.Statement.ConnPool.(*sql.Tx); inTx {
		if err = lockReporter(db, reporterID); err == nil && fp != "" {
			err = db.Exec(lockWaveSQL, waveAdvisoryLockNS, fp, WaveWindow.Seconds()).Error
		}
		if err == nil {
			var rows *sql.Rows
			if rows, err = db.Raw(query, map[string]any(args)).Rows(); err == nil {
				if found = rows.Next(); found {
					err = rows.Scan(into...)
				}
				err = errors.Join(err, rows.Close(), rows.Err())
			}
		}
	} else {
		err = withConn(ctx, db, func(conn *pgx.Conn) error {
			b := &pgx.Batch{}
			b.Queue(lockReporterSQL, reportAdvisoryLockNS, int32(reporterID))
			if fp != "" {
				b.Queue(lockWaveSQL, waveAdvisoryLockNS, fp, WaveWindow.Seconds())
			}
			b.Queue(query, args)
			br := conn.SendBatch(ctx, b)
			_, err := br.Exec()
			if err == nil && fp != "" {
				_, err = br.Exec()
			}
			if err == nil {
				rows, qerr := br.Query()
				if qerr == nil {
					if found = rows.Next(); found {
						qerr = rows.Scan(into...)
					}
					rows.Close()
					qerr = errors.Join(qerr, rows.Err())
				}
				err = qerr
			}
			return errors.Join(err, br.Close())
		})
	}
	if isUniqueViolation(err) {
		return nil, nil, Coded(Conflict, "report.already_reported")
	}
	if err != nil {
		return nil, nil, err
	}
	t, err := checkTarget(db.WithContext(ctx), reporterID, in.Type, in.ID, &row, found)
	if err != nil {
		return t, nil, err
	}
	if row.ReportID == nil {
		if perHour > 0 && t.LastHour >= int64(perHour) {
			return t, nil, Coded(Throttled, "report.throttled", t.LastHour)
		}
		return t, nil, errors.New("models: a report the rules allow was not filed")
	}
	return t, &FiledReport{ReportID: *row.ReportID, CaseID: *row.CaseID, Type: in.Type, Blocked: blocked,
		BlockedName: t.AuthorName, RoomDeleted: probe.DeletesChat(), PictureID: pictureID}, nil
}

// withConn runs fn on one connection of db's pool, as pgx has it.
func withConn(ctx context.Context, db *gorm.DB, fn func(*pgx.Conn) error) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error { return fn(dc.(*stdlib.Conn).Conn()) })
}

// visibleMessagesSQL is the room's messages as the reporter has them
// (memberSeesMessage), the room being the allowed subject's (ok). It is
// spelled out where used, not shared in a CTE: a CTE used twice is
// materialized, and a room may hold a million messages.
const visibleMessagesSQL = `SELECT c.id, c.sender_id, c.body, c.picture_id, c.created_at FROM chat_messages c
	JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = @rep
	WHERE c.room_id = (SELECT room_id FROM ok) AND ` + memberSeesMessage

// fileReportQuery is the filing statement for a subject of type typ, with
// the values that shape its plan written in as literals (all checked or
// fixed: the type, whether it is a chat message, whether the author is
// blocked, the hourly limit and the context's size), so that PostgreSQL
// plans each of its few variants once for what it does, as it plans the
// statement with those values spelled out, instead of one generic plan
// that cannot leave out the parts a report of another kind needs.
func fileReportQuery(typ SubjectType, blocked bool, perHour int) string {
	return strings.NewReplacer(
		"@message", strconv.FormatBool((&ReportTarget{Type: typ}).DeletesChat()),
		"@blocked", strconv.FormatBool(blocked),
		"@perHour", strconv.Itoa(perHour),
		"@typ", sqlString(string(typ)),
		"@n", strconv.Itoa(EvidenceContext),
		"@table", subjectTable(typ),
	).Replace(`WITH t AS (` + targetQueries[typ] + `),` + fileReportSQL)
}

// fileReportSQL follows the CTE t, the subject as its target query reads
// it, and writes everything a report does in the same statement, when the
// rules allow it (ok): the case (joined or opened), the report, the
// evidence snapshot (for a message, the message and at most @n before and
// after it, as the reporter had them), and for a chat message the room
// deleted from the reporter's side; the author blocked when @blocked. Every
// part sees the data as it was before. It returns t with the report's and
// the case's ids (NULL when nothing was filed).
const fileReportSQL = `
	ok AS (
		SELECT * FROM t WHERE NOT t.restricted AND t.done = 0 AND t.author_id <> @rep
			AND NOT (@message AND t.friend_state IN ('friend', 'hidden'))
			AND (@perHour = 0 OR t.last_hour < @perHour)),
	kase AS (
		INSERT INTO cases (subject_type, subject_id, reported_user_id, severity, reporter_count, fingerprint, wave_id)
		SELECT @typ, @id, ok.author_id, @severity, 1, CAST(@fp AS text), (` + waveLeadSQL + `) FROM ok
		ON CONFLICT (subject_type, subject_id) WHERE state <> 'resolved' DO UPDATE
		SET severity = greatest(cases.severity, EXCLUDED.severity), reporter_count = cases.reporter_count + 1, updated_at = now()
		RETURNING id),
	report AS (
		INSERT INTO reports (reporter_id, reported_user_id, subject_type, subject_id, case_id, reasons, detail, also_blocked)
		SELECT @rep, ok.author_id, @typ, @id, kase.id, @reasons, @detail, @blocked FROM kase, ok
		RETURNING id, case_id),
	snap AS (
		INSERT INTO evidence_snapshots (report_id, subject_type, room_name, title, body, author_id, written_at, picture_id)
		SELECT report.id, @typ, CASE WHEN @message THEN '' ELSE coalesce((SELECT name FROM open_chat_rooms WHERE id = ok.room_id), '') END,
			ok.title, ok.body, ok.author_id, ok.written_at, (SELECT picture_id FROM @table WHERE id = @id)
		FROM report, ok
		RETURNING id),
	context AS (
		INSERT INTO evidence_messages (snapshot_id, message_id, sender_id, body, sent_at, reported, picture_id)
		SELECT snap.id, x.id, x.sender_id, x.body, x.created_at, x.id = @id, x.picture_id FROM snap, (
			(` + visibleMessagesSQL + ` AND c.id < @id ORDER BY c.id DESC LIMIT @n)
			UNION ALL
			(` + visibleMessagesSQL + ` AND c.id >= @id ORDER BY c.id LIMIT @n + 1)) x
		WHERE @message),
	leave AS (
		UPDATE chat_members SET ` + leaveRoomSet + `
		WHERE @message AND room_id = (SELECT room_id FROM ok) AND user_id = @rep AND active),
	block AS (
		INSERT INTO friendships (user_id, friend_id, state) SELECT @rep, ok.author_id, 'blocked' FROM ok WHERE @blocked
		ON CONFLICT (user_id, friend_id) DO UPDATE SET state = 'blocked', updated_at = now())
SELECT t.author_id, t.room_id, t.post_id, t.title, t.body, t.written_at, t.author_name, t.friend_state, t.done,
	t.last_hour, t.restricted, t.restricted_reason, t.restricted_until, t.reporter_time_zone, report.id AS report_id, report.case_id
FROM t LEFT JOIN report ON true`
