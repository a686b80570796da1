package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/testdb"
)

// ago is an SQL timestamp days days and hours hours before now.
func ago(days, hours int) string {
	return fmt.Sprintf("now() - interval '%d days %d hours'", days, hours)
}

func insertID(t *testing.T, db *gorm.DB, sql string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := db.Raw(sql+" RETURNING id", args...).Scan(&id).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return id
}

// retentionWorld is one row of every class just inside its period, just
// past it, and past it under a legal hold, as ids to look for afterwards.
type retentionWorld struct {
	admin *models.User
	// rooms: left by both past the period (gone), left by one within it,
	// left past it but held, one member still in it, and one with an open
	// case on a message.
	roomGone, roomRecent, roomHeld, roomActive, roomOpenCase int64
	roomHeldUser                                             int64
	caseGone, caseRecent, caseHeld, caseUserHeld, caseOpen   int64
	ticketGone, ticketRecent, ticketHeld, ticketOpen         int64
	exportGone, exportRecent, exportHeld                     int64
	verifyGone, verifyRecent                                 int64
	auditGone, auditRecent, auditHeld                        int64
	// decisions: on the purged case (gone, with its strike), on the case
	// kept, reversed with the kept case among its cases, reversed with only
	// the purged case (gone, with its reversal), with a restriction still in
	// force, and with a strike of a held user.
	decisionGone, decisionRecent, decisionReversedKept, decisionReversedGone int64
	decisionInForce, decisionUserHeld                                        int64
	// legal requests: decided past the period (gone), within it, past it on
	// a held case, past it by a held user, and undecided for years (kept);
	// statements of reasons: of the purged decision and case (gone), of the
	// kept decision, and of a held user; a complaint on the purged decision.
	legalGone, legalRecent, legalCaseHeld, legalUserHeld, legalPending int64
	statementGone, statementRecent, statementUserHeld                  int64
	complaintGone                                                      int64
}

func newAdmin(t *testing.T, db *gorm.DB, name string) *models.User {
	t.Helper()
	id := newUsers(t, db, name)[0]
	mustExec(t, db, "UPDATE users SET role = 'admin' WHERE id = ?", id)
	var u models.User
	if err := db.First(&u, id).Error; err != nil {
		t.Fatal(err)
	}
	return &u
}

func hold(t *testing.T, db *gorm.DB, admin *models.User, subject models.HoldSubject, id int64) int64 {
	t.Helper()
	h, err := models.PlaceHold(context.Background(), db, admin, models.HoldInput{SubjectType: string(subject),
		SubjectID: fmt.Sprint(id), Reason: "경찰청 사이버수사대 요청 2026-1234"})
	if err != nil {
		t.Fatal(err)
	}
	return h.ID
}

func buildRetentionWorld(t *testing.T, db *gorm.DB, withHolds bool) retentionWorld {
	t.Helper()
	var w retentionWorld
	w.admin = newAdmin(t, db, "boss.one")
	u := newUsers(t, db, "u.a", "u.b", "u.c", "u.d", "u.e", "u.f", "u.g", "u.h", "u.i", "u.j", "u.k", "u.l")
	room := func(a, b int64, leftA, leftB string) int64 {
		id := insertID(t, db, "INSERT INTO chat_rooms (user_low, user_high) VALUES (?, ?)", a, b)
		for _, m := range []struct {
			me, other int64
			left      string
		}{{a, b, leftA}, {b, a, leftB}} {
			if m.left == "" {
				mustExec(t, db, "INSERT INTO chat_members (room_id, user_id, other_id) VALUES (?, ?, ?)", id, m.me, m.other)
			} else {
				mustExec(t, db, "INSERT INTO chat_members (room_id, user_id, other_id, active, left_at) VALUES (?, ?, ?, false, "+m.left+")", id, m.me, m.other)
			}
		}
		for i := range 3 {
			mustExec(t, db, "INSERT INTO chat_messages (room_id, sender_id, body, created_at) VALUES (?, ?, ?, "+ago(40, 0)+")", id, a, fmt.Sprint("message ", i))
		}
		return id
	}
	w.roomGone = room(u[0], u[1], ago(30, 1), ago(31, 0))
	w.roomRecent = room(u[0], u[2], ago(31, 0), ago(29, 23))
	w.roomHeld = room(u[0], u[3], ago(31, 0), ago(31, 0))
	w.roomActive = room(u[0], u[4], ago(31, 0), "")
	w.roomOpenCase = room(u[0], u[5], ago(31, 0), ago(31, 0))
	w.roomHeldUser = room(u[6], u[7], ago(31, 0), ago(31, 0))

	kase := func(reported, reporter int64, state, resolved string) int64 {
		var id int64
		if state == "resolved" {
			id = insertID(t, db, "INSERT INTO cases (subject_type, subject_id, reported_user_id, state, resolution, resolved_at) VALUES ('post', ?, ?, 'resolved', 'no_violation', "+resolved+")",
				reported*1000+reporter, reported)
		} else {
			id = insertID(t, db, "INSERT INTO cases (subject_type, subject_id, reported_user_id) VALUES ('post', ?, ?)", reported*1000+reporter, reported)
		}
		rep := insertID(t, db, "INSERT INTO reports (reporter_id, reported_user_id, subject_type, subject_id, case_id, reasons) VALUES (?, ?, 'post', ?, ?, '{spam}')",
			reporter, reported, reported*1000+reporter, id)
		mustExec(t, db, "INSERT INTO evidence_snapshots (report_id, subject_type, body) VALUES (?, 'post', 'evidence')", rep)
		return id
	}
	w.caseGone = kase(u[1], u[2], "resolved", ago(1096, 1))
	w.caseRecent = kase(u[1], u[3], "resolved", ago(1095, 23))
	w.caseHeld = kase(u[1], u[4], "resolved", ago(1100, 0))
	w.caseUserHeld = kase(u[8], u[2], "resolved", ago(1100, 0))
	w.caseOpen = kase(u[1], u[5], "open", "")
	mustExec(t, db, "UPDATE cases SET created_at = "+ago(2000, 0)+" WHERE id = ?", w.caseOpen)
	// The open case is on a message of roomOpenCase.
	var msg int64
	if err := db.Raw("SELECT min(id) FROM chat_messages WHERE room_id = ?", w.roomOpenCase).Scan(&msg).Error; err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE cases SET subject_type = 'message', subject_id = ? WHERE id = ?", msg, w.caseOpen)

	decision := func(caseID int64) int64 {
		id := insertID(t, db, "INSERT INTO decisions (kind, policy_reason, created_at) VALUES ('warn', 'spam', "+ago(1100, 0)+")")
		if caseID != 0 {
			mustExec(t, db, "UPDATE cases SET decision_id = ? WHERE id = ?", id, caseID)
		}
		return id
	}
	strike := func(decisionID, user, caseID int64) {
		mustExec(t, db, "INSERT INTO strikes (user_id, decision_id, case_id, count, created_at) VALUES (?, ?, ?, 1, "+ago(1100, 0)+")",
			user, decisionID, caseID)
	}
	reversal := func(decisionID, user, caseID int64) {
		mustExec(t, db, "INSERT INTO reversals (decision_id, user_id, case_ids, reason, via) VALUES (?, ?, ARRAY[?]::bigint[], 'mistake', 'moderator')",
			decisionID, user, caseID)
	}
	w.decisionGone = decision(w.caseGone)
	strike(w.decisionGone, u[1], w.caseGone)
	w.decisionRecent = decision(w.caseRecent)
	w.decisionReversedKept = decision(0)
	reversal(w.decisionReversedKept, u[1], w.caseRecent)
	w.decisionReversedGone = decision(0)
	reversal(w.decisionReversedGone, u[1], w.caseGone)
	w.decisionInForce = decision(0)
	strike(w.decisionInForce, u[1], w.caseGone)
	mustExec(t, db, "INSERT INTO restrictions (user_id, scope, policy_reason, decision_id, starts_at) VALUES (?, 'posting', 'spam', ?, "+ago(1100, 0)+")",
		u[1], w.decisionInForce)
	w.decisionUserHeld = decision(0)
	strike(w.decisionUserHeld, u[8], w.caseGone)

	legal := func(requester, caseID int64, decided string) int64 {
		state, outcome := "'decided'", "'removed'"
		if decided == "" {
			state, outcome, decided = "'pending'", "''", "NULL"
		}
		return insertID(t, db, `INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, case_id,
			content_kind, explanation, state, outcome, decided_at, created_at) VALUES ('illegal_filming', ?, 'victim', 'post', 1, nullif(?, 0),
			'illegally_filmed', 'me', `+state+`, `+outcome+`, `+decided+`, `+ago(1200, 0)+`)`, requester, caseID)
	}
	w.legalGone = legal(u[2], w.caseGone, ago(1096, 1))
	w.legalRecent = legal(u[2], w.caseGone, ago(1095, 23))
	w.legalCaseHeld = legal(u[2], w.caseHeld, ago(1100, 0))
	w.legalUserHeld = legal(u[8], 0, ago(1100, 0))
	w.legalPending = legal(u[2], 0, "")
	statement := func(user, decisionID, caseID int64) int64 {
		return insertID(t, db, `INSERT INTO statements (puid, kind, user_id, decision_id, case_id, decision_ground, category, source_type,
			automated_decision, body, created_at) VALUES (md5(random()::text), 'remove', ?, nullif(?, 0), nullif(?, 0),
			'DECISION_GROUND_INCOMPATIBLE_CONTENT', 'STATEMENT_CATEGORY_OTHER_VIOLATION_TC', 'SOURCE_ARTICLE_16',
			'AUTOMATED_DECISION_NOT_AUTOMATED', '{}', `+ago(1100, 0)+`)`, user, decisionID, caseID)
	}
	w.statementGone = statement(u[1], w.decisionGone, w.caseGone)
	w.statementRecent = statement(u[1], w.decisionRecent, w.caseRecent)
	w.statementUserHeld = statement(u[8], 0, 0)
	w.complaintGone = insertID(t, db, `INSERT INTO complaints (decision_id, case_id, user_id, body, state, decided_at, created_at)
		VALUES (?, ?, ?, 'not fair', 'rejected', `+ago(1099, 0)+`, `+ago(1100, 0)+`)`, w.decisionGone, w.caseGone, u[1])

	ticket := func(user int64, state, resolved string) int64 {
		var id int64
		if state == "resolved" {
			id = insertID(t, db, "INSERT INTO tickets (user_id, category, subject, state, resolved_at, created_at) VALUES (?, 'other', 'help', 'resolved', "+resolved+", "+ago(1200, 0)+")", user)
		} else {
			id = insertID(t, db, "INSERT INTO tickets (user_id, category, subject, created_at) VALUES (?, 'other', 'help', "+ago(1200, 0)+")", user)
		}
		mustExec(t, db, "INSERT INTO ticket_messages (ticket_id, author_id, body) VALUES (?, ?, 'please')", id, user)
		return id
	}
	w.ticketGone = ticket(u[2], "resolved", ago(1096, 1))
	w.ticketRecent = ticket(u[2], "resolved", ago(1095, 23))
	w.ticketHeld = ticket(u[8], "resolved", ago(1100, 0))
	w.ticketOpen = ticket(u[2], "open", "")

	export := func(user, room int64, at string) int64 {
		return insertID(t, db, "INSERT INTO chat_exports (user_id, room_id, format, language, time_zone, sha256, size, message_count, created_at) "+
			"VALUES (?, ?, 'json', 'en', 'Asia/Seoul', sha256(random()::text::bytea), 10, 1, "+at+")", user, room)
	}
	w.exportGone = export(u[0], w.roomRecent, ago(1827, 1))
	w.exportRecent = export(u[0], w.roomRecent, ago(1826, 23))
	w.exportHeld = export(u[0], w.roomHeld, ago(1900, 0))

	event := func(action, subjectType string, subjectID *int64, at string) int64 {
		return insertID(t, db, "INSERT INTO audit_events (action, subject_type, subject_id, created_at) VALUES (?, ?, ?, "+at+")",
			action, subjectType, subjectID)
	}
	w.verifyGone = event("export.verify", "chat_export", nil, ago(366, 1))
	w.verifyRecent = event("export.verify", "chat_export", nil, ago(365, 23))
	w.auditGone = event("case.decide", "case", &w.caseGone, ago(1096, 1))
	w.auditRecent = event("case.decide", "case", &w.caseRecent, ago(1095, 23))
	w.auditHeld = event("case.decide", "case", &w.caseHeld, ago(1100, 0))

	// Sessions and throttles: expired and not.
	mustExec(t, db, "INSERT INTO sessions (id_hash, data, expires_at) VALUES ('\\x01', '', now() - interval '1 second'), ('\\x02', '', now() + interval '1 hour')")
	mustExec(t, db, "INSERT INTO login_throttles (key, failures, last_failure_at) VALUES ('user:old', 3, now() - interval '16 minutes'), ('user:new', 3, now() - interval '14 minutes')")
	mustExec(t, db, "INSERT INTO lookup_throttles (key, window_start, lookups) VALUES ('ip:old', now() - interval '11 minutes', 3), ('ip:new', now() - interval '9 minutes', 3)")
	mustExec(t, db, "INSERT INTO verify_throttles (key, count, window_start) VALUES ('ip:old', 3, now() - interval '61 minutes'), ('ip:new', 3, now() - interval '59 minutes')")

	if withHolds {
		hold(t, db, w.admin, models.HoldRoom, w.roomHeld)
		hold(t, db, w.admin, models.HoldUser, u[6])
		hold(t, db, w.admin, models.HoldCase, w.caseHeld)
		hold(t, db, w.admin, models.HoldUser, u[8])
	}
	return w
}

// present reports which of ids are still rows of table.
func present(t *testing.T, db *gorm.DB, table string, ids ...int64) map[int64]bool {
	t.Helper()
	var got []int64
	if err := db.Raw("SELECT id FROM "+table+" WHERE id IN ?", ids).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	out := map[int64]bool{}
	for _, id := range got {
		out[id] = true
	}
	return out
}

func counts(pcs []models.PurgeCount) map[string]int64 {
	out := map[string]int64{}
	for _, pc := range pcs {
		key := string(pc.Class) + "/" + pc.Table
		if pc.Skipped {
			out[key] = -1
		} else {
			out[key] = pc.Count
		}
	}
	return out
}

// TestRetentionPurge: each class loses exactly its rows past the period,
// keeps those within it and those under a legal hold; the serving role
// purges everything but the audit log's classes, which the owner purges;
// a second purge finds nothing; each class's count is in the audit log.
func TestRetentionPurge(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	ctx := context.Background()
	w := buildRetentionWorld(t, owner, true)
	p := models.DefaultRetentionPeriods()

	got, err := models.PurgeRetention(ctx, serving, p, models.PurgeOptions{Batch: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		"chat_messages/chat_messages": 3, "legal_requests/legal_requests": 1, "cases/cases": 1, "cases/decisions": 2,
		"cases/statements": 1, "tickets/tickets": 1, "exports/chat_exports": 1,
		"verifications/audit_events": -1, "sessions/sessions": 1, "sessions/login_throttles": 1,
		"sessions/lookup_throttles": 1, "sessions/verify_throttles": 1, "audit/audit_events": -1,
	}
	if c := counts(got); fmt.Sprint(c) != fmt.Sprint(want) {
		t.Fatalf("serving purge = %v, want %v", c, want)
	}
	for room, keep := range map[int64]bool{w.roomGone: false, w.roomRecent: true, w.roomHeld: true, w.roomActive: true,
		w.roomOpenCase: true, w.roomHeldUser: true} {
		if n := count(t, owner, "SELECT count(*) FROM chat_messages WHERE room_id = ?", room); (n == 3) != keep {
			t.Errorf("room %d has %d messages, keep = %v", room, n, keep)
		}
	}
	if n := count(t, owner, "SELECT count(*) FROM chat_rooms WHERE id = ?", w.roomGone); n != 1 {
		t.Errorf("the room row went with its messages (its exports refer to it)")
	}
	left := present(t, owner, "cases", w.caseGone, w.caseRecent, w.caseHeld, w.caseUserHeld, w.caseOpen)
	if left[w.caseGone] || !left[w.caseRecent] || !left[w.caseHeld] || !left[w.caseUserHeld] || !left[w.caseOpen] {
		t.Errorf("cases left: %v", left)
	}
	if n := count(t, owner, "SELECT count(*) FROM reports WHERE case_id = ?", w.caseGone); n != 0 {
		t.Errorf("%d reports of the purged case remain", n)
	}
	if n := count(t, owner, "SELECT count(*) FROM evidence_snapshots"); n != 4 {
		t.Errorf("%d evidence snapshots, want 4 (the purged case's went)", n)
	}
	left = present(t, owner, "decisions", w.decisionGone, w.decisionRecent, w.decisionReversedKept, w.decisionReversedGone,
		w.decisionInForce, w.decisionUserHeld)
	if left[w.decisionGone] || left[w.decisionReversedGone] || !left[w.decisionRecent] || !left[w.decisionReversedKept] ||
		!left[w.decisionInForce] || !left[w.decisionUserHeld] {
		t.Errorf("decisions left: %v", left)
	}
	if n := count(t, owner, "SELECT count(*) FROM strikes WHERE decision_id = ?", w.decisionGone); n != 0 {
		t.Errorf("the purged decision's strike remains")
	}
	if n := count(t, owner, "SELECT count(*) FROM reversals WHERE decision_id = ?", w.decisionReversedGone); n != 0 {
		t.Errorf("the purged decision's reversal remains")
	}
	left = present(t, owner, "legal_requests", w.legalGone, w.legalRecent, w.legalCaseHeld, w.legalUserHeld, w.legalPending)
	if left[w.legalGone] || !left[w.legalRecent] || !left[w.legalCaseHeld] || !left[w.legalUserHeld] || !left[w.legalPending] {
		t.Errorf("legal requests left: %v", left)
	}
	if n := count(t, owner, "SELECT count(*) FROM legal_requests WHERE id = ? AND case_id IS NULL", w.legalRecent); n != 1 {
		t.Errorf("the kept request still names its purged case")
	}
	left = present(t, owner, "statements", w.statementGone, w.statementRecent, w.statementUserHeld)
	if left[w.statementGone] || !left[w.statementRecent] || !left[w.statementUserHeld] {
		t.Errorf("statements left: %v", left)
	}
	if len(present(t, owner, "complaints", w.complaintGone)) != 0 {
		t.Errorf("the purged decision's complaint remains")
	}
	left = present(t, owner, "tickets", w.ticketGone, w.ticketRecent, w.ticketHeld, w.ticketOpen)
	if left[w.ticketGone] || !left[w.ticketRecent] || !left[w.ticketHeld] || !left[w.ticketOpen] {
		t.Errorf("tickets left: %v", left)
	}
	if n := count(t, owner, "SELECT count(*) FROM ticket_messages WHERE ticket_id = ?", w.ticketGone); n != 0 {
		t.Errorf("the purged ticket's messages remain")
	}
	left = present(t, owner, "chat_exports", w.exportGone, w.exportRecent, w.exportHeld)
	if left[w.exportGone] || !left[w.exportRecent] || !left[w.exportHeld] {
		t.Errorf("exports left: %v", left)
	}
	if n := count(t, owner, "SELECT count(*) FROM sessions"); n != 1 {
		t.Errorf("%d sessions, want the live one", n)
	}
	for _, table := range []string{"login_throttles", "lookup_throttles", "verify_throttles"} {
		if n := count(t, owner, "SELECT count(*) FROM "+table+" WHERE key LIKE '%:new'"); n != 1 {
			t.Errorf("%s: the live row went", table)
		}
		if n := count(t, owner, "SELECT count(*) FROM "+table); n != 1 {
			t.Errorf("%s: %d rows, want 1", table, n)
		}
	}
	audited := present(t, owner, "audit_events", w.verifyGone, w.verifyRecent, w.auditGone, w.auditRecent, w.auditHeld)
	if len(audited) != 5 {
		t.Errorf("the serving role's purge deleted audit events: %v left", audited)
	}

	// The owner purges the audit log's classes too.
	got, err = models.PurgeRetention(ctx, owner, p, models.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := counts(got)
	if c["verifications/audit_events"] != 1 || c["audit/audit_events"] != 1 || c["cases/cases"] != 0 {
		t.Errorf("owner purge = %v", c)
	}
	audited = present(t, owner, "audit_events", w.verifyGone, w.verifyRecent, w.auditGone, w.auditRecent, w.auditHeld)
	if audited[w.verifyGone] || !audited[w.verifyRecent] || audited[w.auditGone] || !audited[w.auditRecent] || !audited[w.auditHeld] {
		t.Errorf("audit events left: %v", audited)
	}

	// Idempotent: nothing more goes.
	got, err = models.PurgeRetention(ctx, owner, p, models.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, pc := range got {
		if pc.Count != 0 {
			t.Errorf("second purge deleted %d from %s", pc.Count, pc.Table)
		}
	}
	// Each class's count is in the audit log, once per purge that took rows.
	type row struct {
		Class string
		Count int64
	}
	var rows []row
	if err := owner.Raw(`SELECT detail->>'class' AS class, sum((detail->>'count')::bigint) AS count FROM audit_events
		WHERE action = 'retention.purge' GROUP BY 1 ORDER BY 1`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rows) != "[{audit 1} {cases 4} {chat_messages 3} {exports 1} {legal_requests 1} {sessions 4} {tickets 1} {verifications 1}]" {
		t.Errorf("retention.purge events: %v", rows)
	}
}

// TestRetentionPurgeHolds: without the holds, the rows they kept go (the
// holds, not the periods, kept them above).
func TestRetentionPurgeHolds(t *testing.T) {
	t.Parallel()
	owner := testdb.New(t)
	ctx := context.Background()
	w := buildRetentionWorld(t, owner, false)
	if _, err := models.PurgeRetention(ctx, owner, models.DefaultRetentionPeriods(), models.PurgeOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, room := range []int64{w.roomHeld, w.roomHeldUser} {
		if n := count(t, owner, "SELECT count(*) FROM chat_messages WHERE room_id = ?", room); n != 0 {
			t.Errorf("room %d kept %d messages with no hold", room, n)
		}
	}
	if left := present(t, owner, "cases", w.caseHeld, w.caseUserHeld); len(left) != 0 {
		t.Errorf("cases kept with no hold: %v", left)
	}
	if left := present(t, owner, "legal_requests", w.legalCaseHeld, w.legalUserHeld); len(left) != 0 {
		t.Errorf("legal requests kept with no hold: %v", left)
	}
	if left := present(t, owner, "statements", w.statementUserHeld); len(left) != 0 {
		t.Errorf("statements kept with no hold: %v", left)
	}
	if left := present(t, owner, "tickets", w.ticketHeld); len(left) != 0 {
		t.Errorf("tickets kept with no hold: %v", left)
	}
	if left := present(t, owner, "chat_exports", w.exportHeld); len(left) != 0 {
		t.Errorf("exports kept with no hold: %v", left)
	}
	if left := present(t, owner, "audit_events", w.auditHeld); len(left) != 0 {
		t.Errorf("audit events kept with no hold: %v", left)
	}
}

// TestRetentionReleasedHold: a released hold keeps nothing.
func TestRetentionReleasedHold(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	ctx := context.Background()
	w := buildRetentionWorld(t, owner, false)
	id := hold(t, owner, w.admin, models.HoldCase, w.caseHeld)
	if _, err := models.PurgeRetention(ctx, serving, nil, models.PurgeOptions{Only: models.RetainCases}); err != nil {
		t.Fatal(err)
	}
	if len(present(t, owner, "cases", w.caseHeld)) != 1 {
		t.Fatal("the held case went")
	}
	if err := models.ReleaseHold(ctx, serving, w.admin, id, "수사 종결"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, models.ReleaseHold(ctx, serving, w.admin, id, ""), models.Conflict)
	if _, err := models.PurgeRetention(ctx, serving, nil, models.PurgeOptions{Only: models.RetainCases}); err != nil {
		t.Fatal(err)
	}
	if len(present(t, owner, "cases", w.caseHeld)) != 0 {
		t.Fatal("the case stayed after its hold was released")
	}
	if n := count(t, owner, "SELECT count(*) FROM audit_events WHERE action IN ('hold.place', 'hold.release') AND subject_id = ?", id); n != 2 {
		t.Errorf("%d audit events for placing and releasing the hold, want 2", n)
	}
}

// TestRetentionDryRun counts what would go and deletes nothing.
func TestRetentionDryRun(t *testing.T) {
	t.Parallel()
	owner := testdb.New(t)
	ctx := context.Background()
	buildRetentionWorld(t, owner, true)
	tables := []string{"chat_messages", "cases", "reports", "tickets", "chat_exports", "audit_events", "sessions", "login_throttles"}
	before := map[string]int64{}
	for _, table := range tables {
		before[table] = count(t, owner, "SELECT count(*) FROM "+table)
	}
	dry, err := models.PurgeRetention(ctx, owner, nil, models.PurgeOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if n := count(t, owner, "SELECT count(*) FROM "+table); n != before[table] {
			t.Errorf("dry run changed %s: %d rows, were %d", table, n, before[table])
		}
	}
	real, err := models.PurgeRetention(ctx, owner, nil, models.PurgeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(counts(dry)) != fmt.Sprint(counts(real)) {
		t.Errorf("dry run said %v, the purge did %v", counts(dry), counts(real))
	}
}

// TestRetentionConcurrentPurges: two purges at once delete each row once.
func TestRetentionConcurrentPurges(t *testing.T) {
	t.Parallel()
	owner := testdb.New(t)
	ctx := context.Background()
	mustExec(t, owner, "INSERT INTO sessions (id_hash, data, expires_at) SELECT int8send(g), '', now() - interval '1 hour' FROM generate_series(1, 3000) g")
	var wg sync.WaitGroup
	totals := make([]int64, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pcs, err := models.PurgeRetention(ctx, owner, nil, models.PurgeOptions{Batch: 50, Only: models.RetainExpired})
			errs[i] = err
			for _, pc := range pcs {
				totals[i] += pc.Count
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if totals[0]+totals[1] != 3000 || count(t, owner, "SELECT count(*) FROM sessions") != 0 {
		t.Fatalf("purges deleted %v, want 3000 in all", totals)
	}
	if n := count(t, owner, "SELECT sum((detail->>'count')::bigint) FROM audit_events WHERE action = 'retention.purge'"); n != 3000 {
		t.Errorf("the audit log counts %d", n)
	}
}

// TestAuditPurgeOwnerOnly: the serving role cannot delete audit events, even
// saying it purges; the owner can only within a purge, and only old ones.
func TestAuditPurgeOwnerOnly(t *testing.T) {
	t.Parallel()
	owner, serving := testdb.NewServing(t)
	mustExec(t, owner, "INSERT INTO audit_events (action, created_at) VALUES ('old.event', now() - interval '4 years'), ('new.event', now())")
	err := serving.Transaction(func(tx *gorm.DB) error {
		mustExec(t, tx, "SET LOCAL talksafe.retention_purge = 'on'")
		return tx.Exec("DELETE FROM audit_events").Error
	})
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
		t.Fatalf("serving role deleting audit events: %v, want permission denied", err)
	}
	if ok, err := models.CanPurgeAudit(context.Background(), serving); ok || err != nil {
		t.Errorf("CanPurgeAudit(serving) = %v, %v", ok, err)
	}
	if err := owner.Exec("DELETE FROM audit_events WHERE action = 'old.event'").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("owner deleting outside a purge: %v, want refused", err)
	}
	err = owner.Transaction(func(tx *gorm.DB) error {
		mustExec(t, tx, "SET LOCAL talksafe.retention_purge = 'on'")
		return tx.Exec("DELETE FROM audit_events WHERE action = 'new.event'").Error
	})
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("owner deleting a new event in a purge: %v, want refused", err)
	}
	err = owner.Transaction(func(tx *gorm.DB) error {
		mustExec(t, tx, "SET LOCAL talksafe.retention_purge = 'on'")
		return tx.Exec("UPDATE audit_events SET action = 'forged'").Error
	})
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("owner updating in a purge: %v, want refused", err)
	}
	if n := count(t, owner, "SELECT count(*) FROM audit_events"); n != 2 {
		t.Errorf("%d events, want 2", n)
	}
}

func TestRetentionPeriodsFrom(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	p, err := models.RetentionPeriodsFrom(env(nil))
	if err != nil || p[models.RetainChatMessages] != 30 || p[models.RetainCases] != 1096 || p[models.RetainExports] != 1827 {
		t.Fatalf("defaults = %v, %v", p, err)
	}
	p, err = models.RetentionPeriodsFrom(env(map[string]string{"RETENTION_CHAT_MESSAGES_DAYS": "7", "RETENTION_CASES_DAYS": "2000"}))
	if err != nil || p[models.RetainChatMessages] != 7 || p[models.RetainCases] != 2000 {
		t.Fatalf("settings = %v, %v", p, err)
	}
	for setting, want := range map[string]string{
		"RETENTION_CASES_DAYS=1095":        "shorter than the legal minimum of 1096 days for cases",
		"RETENTION_AUDIT_DAYS=30":          "shorter than the legal minimum of 1096 days for audit",
		"RETENTION_TICKETS_DAYS=365":       "legal minimum",
		"RETENTION_VERIFICATIONS_DAYS=10":  "legal minimum of 366 days",
		"RETENTION_EXPORTS_DAYS=five":      "whole number of days",
		"RETENTION_CHAT_MESSAGES_DAYS=0":   "whole number of days",
		"RETENTION_CHAT_MESSAGES_DAYS=-30": "whole number of days",
	} {
		k, v, _ := strings.Cut(setting, "=")
		_, err := models.RetentionPeriodsFrom(env(map[string]string{k: v}))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), k) {
			t.Errorf("%s: %v, want an error saying %q", setting, err, want)
		}
	}
}

func TestPlaceHoldRefusals(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	ctx := context.Background()
	admin := newAdmin(t, db, "boss.one")
	mod := newUsers(t, db, "mod.one")[0]
	mustExec(t, db, "UPDATE users SET role = 'moderator' WHERE id = ?", mod)
	var modUser models.User
	db.First(&modUser, mod)
	_, err := models.PlaceHold(ctx, db, &modUser, models.HoldInput{SubjectType: "user", SubjectID: fmt.Sprint(admin.ID), Reason: "x"})
	wantCode(t, err, models.Forbidden)
	for _, tt := range []struct {
		in    models.HoldInput
		field string
	}{
		{models.HoldInput{SubjectType: "post", SubjectID: "1", Reason: "x"}, "subject_type"},
		{models.HoldInput{SubjectType: "user", SubjectID: "abc", Reason: "x"}, "subject_id"},
		{models.HoldInput{SubjectType: "case", SubjectID: "999", Reason: "x"}, "subject_id"},
		{models.HoldInput{SubjectType: "user", SubjectID: fmt.Sprint(admin.ID), Reason: "  "}, "reason"},
		{models.HoldInput{SubjectType: "user", SubjectID: fmt.Sprint(admin.ID), Reason: strings.Repeat("가", 501)}, "reason"},
	} {
		_, err := models.PlaceHold(ctx, db, admin, tt.in)
		if e := models.AsError(err); e == nil || !e.Fields.Has(tt.field) {
			t.Errorf("%+v: %v, want an error on %s", tt.in, err, tt.field)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM legal_holds"); n != 0 {
		t.Errorf("%d holds placed by refused forms", n)
	}
}
