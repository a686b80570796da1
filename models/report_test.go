package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/testdb"
)

// chatWorld is a room between a reporter and a sender with 20 messages.
type chatWorld struct {
	db                 *gorm.DB
	reporter, sender   int64
	room               int64
	msgs               []int64 // message ids, oldest first
	fromSender         []int64 // ids of the sender's messages
	ctx                context.Context
	bystander, poster2 int64
}

func newChatWorld(t *testing.T) *chatWorld {
	t.Helper()
	db := testdb.New(t)
	ctx := context.Background()
	ids := newUsers(t, db, "rita", "sam", "tom", "uma")
	w := &chatWorld{db: db, reporter: ids[0], sender: ids[1], bystander: ids[2], poster2: ids[3], ctx: ctx}
	room, err := models.StartChat(ctx, db, w.sender, "rita", "")
	if err != nil {
		t.Fatal(err)
	}
	w.room = room
	for i := range 20 {
		from := w.sender
		if i%4 == 3 {
			from = w.reporter
			if i == 3 {
				models.StartChat(ctx, db, w.reporter, "sam", "")
			}
		}
		m, err := models.SendMessage(ctx, db, from, room, fmt.Sprintf("message %02d", i))
		if err != nil {
			t.Fatal(err)
		}
		w.msgs = append(w.msgs, m.ID)
		if from == w.sender {
			w.fromSender = append(w.fromSender, m.ID)
		}
	}
	return w
}

func (w *chatWorld) file(id int64, reasons ...string) (*models.FiledReport, error) {
	filed, _, err := models.FileReport(w.ctx, w.db, w.reporter, models.ReportInput{Type: models.SubjectMessage, ID: id, Reasons: reasons})
	return filed, err
}

func TestReportChatMessage(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	target := w.msgs[10] // from the sender
	filed, err := w.file(target, "threat", "harassment")
	if err != nil {
		t.Fatal(err)
	}
	if !filed.Blocked || !filed.RoomDeleted || filed.BlockedName != "sam" {
		t.Fatalf("filed = %+v", filed)
	}
	// Evidence: the message and 5 before and 5 after, as they were.
	var snap []models.EvidenceMessage
	w.db.Raw(`SELECT em.* FROM evidence_messages em JOIN evidence_snapshots s ON s.id = em.snapshot_id
		WHERE s.report_id = ? ORDER BY em.message_id`, filed.ReportID).Scan(&snap)
	if len(snap) != 11 || snap[0].MessageID != w.msgs[5] || snap[10].MessageID != w.msgs[15] || !snap[5].Reported || snap[5].Body != "message 10" {
		t.Fatalf("snapshot: %d messages, first %d, reported %+v", len(snap), snap[0].MessageID, snap[5])
	}
	// Editing the live messages later changes nothing in the evidence.
	mustExec(t, w.db, "UPDATE chat_messages SET body = 'edited' WHERE room_id = ?", w.room)
	var body string
	w.db.Raw("SELECT body FROM evidence_messages WHERE message_id = ?", target).Scan(&body)
	if body != "message 10" {
		t.Fatalf("evidence changed with the live message: %q", body)
	}
	// The room is gone from the reporter's side, the sender keeps it, and is blocked.
	_, err = models.ChatRoomFor(w.ctx, w.db, w.reporter, w.room)
	wantCode(t, err, models.NotFound)
	if _, err := models.ChatRoomFor(w.ctx, w.db, w.sender, w.room); err != nil {
		t.Fatalf("the sender lost the room: %v", err)
	}
	if p, _ := models.PersonFor(w.ctx, w.db, w.reporter, w.sender); p.State != models.FriendStateBlocked {
		t.Fatalf("sender not blocked: %q", p.State)
	}
	var c models.Case
	w.db.Where("id = ?", filed.CaseID).Take(&c)
	if c.Severity != 4 || c.ReporterCount != 1 || c.SubjectType != models.SubjectMessage || c.ReportedUserID != w.sender {
		t.Fatalf("case %+v", c)
	}

	t.Run("ErrTwice", func(t *testing.T) {
		_, err := w.file(target, "spam")
		wantCode(t, err, models.Conflict)
	})
	t.Run("ErrGoneFromMySide", func(t *testing.T) {
		_, err := w.file(w.msgs[12], "spam")
		wantCode(t, err, models.NotFound)
	})
}

func TestReportRules(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	for _, tt := range []struct {
		name    string
		id      int64
		reasons []string
		detail  string
		field   string
	}{
		{"ErrNoReason", w.fromSender[0], nil, "", "reasons"},
		{"ErrUnknownReason", w.fromSender[0], []string{"rude"}, "", "reasons"},
		{"ErrOtherNeedsDetail", w.fromSender[0], []string{"other"}, "  ", "detail"},
		{"ErrDetailTooLong", w.fromSender[0], []string{"spam"}, strings.Repeat("x", 1001), "detail"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := models.FileReport(w.ctx, w.db, w.reporter, models.ReportInput{Type: models.SubjectMessage, ID: tt.id, Reasons: tt.reasons, Detail: tt.detail})
			if e := models.AsError(err); e == nil || e.Code != models.Invalid || !e.Fields.Has(tt.field) {
				t.Fatalf("err = %v, want Invalid on %s", err, tt.field)
			}
		})
	}
	t.Run("ErrSelf", func(t *testing.T) {
		_, err := w.file(w.msgs[3], "spam") // the reporter's own message
		wantCode(t, err, models.Invalid)
	})
	t.Run("ErrNotVisible", func(t *testing.T) {
		_, _, err := models.FileReport(w.ctx, w.db, w.bystander, models.ReportInput{Type: models.SubjectMessage, ID: w.msgs[0], Reasons: []string{"spam"}})
		wantCode(t, err, models.NotFound)
		_, err = w.file(99999999, "spam")
		wantCode(t, err, models.NotFound)
		_, _, err = models.FileReport(w.ctx, w.db, w.reporter, models.ReportInput{Type: "profile", ID: 1, Reasons: []string{"spam"}})
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrFriend", func(t *testing.T) {
		models.AddFriend(w.ctx, w.db, w.reporter, "sam", "")
		_, err := w.file(w.fromSender[1], "threat")
		if !errors.Is(err, models.ErrFriendNotReportable) {
			t.Fatalf("err = %v", err)
		}
		models.HideFriend(w.ctx, w.db, w.reporter, w.sender)
		_, err = w.file(w.fromSender[1], "threat")
		if !errors.Is(err, models.ErrFriendNotReportable) {
			t.Fatalf("hidden friend: err = %v", err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM reports"); n != 0 {
			t.Fatalf("%d reports after refusals", n)
		}
		// Deleted from Hidden Friends: now reportable.
		if _, err := models.DeleteFriend(w.ctx, w.db, w.reporter, w.sender); err != nil {
			t.Fatal(err)
		}
		if _, err := w.file(w.fromSender[1], "threat"); err != nil {
			t.Fatalf("after delete: %v", err)
		}
	})
}

func TestReportRestrictedAndThrottled(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	mustExec(t, w.db, "INSERT INTO restrictions (user_id, scope, policy_reason, ends_at) VALUES (?, 'reporting', 'false reports', now() + interval '7 days')", w.reporter)
	_, err := w.file(w.fromSender[0], "spam")
	if e := models.AsError(err); e == nil || e.Code != models.Restricted {
		t.Fatalf("err = %v %v", err, e.Fields)
	}
	mustExec(t, w.db, "DELETE FROM restrictions")

	// 20 reports in the last hour: the 21st is refused and changes nothing.
	others := newUsers(t, w.db, "xavier")
	mustExec(t, w.db, `INSERT INTO cases (id, subject_type, subject_id, reported_user_id) VALUES (900001, 'post', 1, ?)`, others[0])
	mustExec(t, w.db, `INSERT INTO reports (reporter_id, reported_user_id, subject_type, subject_id, case_id, reasons)
		SELECT ?, ?, 'post', g, 900001, '{spam}' FROM generate_series(1000, 1019) g`, w.reporter, others[0])
	_, err = w.file(w.fromSender[0], "spam")
	wantCode(t, err, models.Throttled)
	if _, err := models.ChatRoomFor(w.ctx, w.db, w.reporter, w.room); err != nil {
		t.Fatal("a refused report deleted the room")
	}
	mustExec(t, w.db, "UPDATE reports SET created_at = now() - interval '61 minutes'")
	if _, err := w.file(w.fromSender[0], "spam"); err != nil {
		t.Fatalf("after the hour: %v", err)
	}
}

func TestReportConcurrentSubmits(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); _, errs[i] = w.file(w.fromSender[2], "fraud") }()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch code := models.ErrorCode(err); {
		case err == nil:
			ok++
		case code == models.Conflict, code == models.NotFound: // already reported / the room is gone from my side
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d submits succeeded, want 1", ok)
	}
	if n := count(t, w.db, "SELECT count(*) FROM reports"); n != 1 {
		t.Fatalf("%d reports, want 1", n)
	}
	if n := count(t, w.db, "SELECT count(*) FROM evidence_snapshots"); n != 1 {
		t.Fatalf("%d snapshots, want 1", n)
	}
}

func TestMyReports(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	if _, err := w.file(w.fromSender[0], "spam", "other"); err == nil {
		t.Fatal("other without detail went through")
	}
	filed, _, err := models.FileReport(w.ctx, w.db, w.reporter, models.ReportInput{Type: models.SubjectMessage, ID: w.fromSender[0], Reasons: []string{"spam", "other", "spam"}, Detail: "keeps sending links"})
	if err != nil {
		t.Fatal(err)
	}
	list, next, err := models.MyReports(w.ctx, w.db, w.reporter, 0, 10)
	if err != nil || next != 0 || len(list) != 1 {
		t.Fatalf("MyReports = %v, %d, %v", list, next, err)
	}
	if got := list[0]; got.ID != filed.ReportID || len(got.Reasons) != 2 || got.Status() != "Received" {
		t.Fatalf("report %+v (%s)", got, got.Status())
	}
	mustExec(t, w.db, "UPDATE cases SET state = 'claimed'")
	list, _, _ = models.MyReports(w.ctx, w.db, w.reporter, 0, 10)
	if list[0].Status() != "Under review" {
		t.Fatalf("status %q", list[0].Status())
	}
	if mine, _, _ := models.MyReports(w.ctx, w.db, w.sender, 0, 10); len(mine) != 0 {
		t.Fatal("the reported person sees the report")
	}
	_, err = models.MyReportByID(w.ctx, w.db, w.sender, filed.ReportID)
	wantCode(t, err, models.NotFound)
}

func TestReasons(t *testing.T) {
	t.Parallel()
	if len(models.Reasons) != 12 {
		t.Fatalf("%d reasons", len(models.Reasons))
	}
	for _, r := range models.Reasons {
		if !r.Code.Valid() || r.Severity < 1 || r.Severity > 5 {
			t.Errorf("reason %+v", r)
		}
	}
	if models.ReportReason("sexual_exploitation").Severity() != 5 || models.ReportReason("spam").Severity() != 1 {
		t.Error("severities")
	}
	var l models.ReasonList
	if err := l.Scan("{threat,other}"); err != nil || len(l) != 2 || l[1] != "other" {
		t.Fatalf("Scan = %v %v", l, err)
	}
	if _, err := (models.ReasonList{"nope"}).Value(); err == nil {
		t.Error("an unknown reason was stored")
	}
}
