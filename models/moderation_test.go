package models_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/testdb"
)

// modWorld is a board with an author (dave), reporters and two moderators.
type modWorld struct {
	t         *testing.T
	db        *gorm.DB
	ctx       context.Context
	mod, mod2 *models.User
	support   *models.User
	dave      int64
	reporters []int64
	room      int64
}

func newModWorld(t *testing.T) *modWorld {
	t.Helper()
	db := testdb.New(t)
	ctx := context.Background()
	w := &modWorld{t: t, db: db, ctx: ctx}
	ids := newUsers(t, db, "dave", "rep1", "rep2", "rep3", "rep4")
	w.dave, w.reporters = ids[0], ids[1:]
	staff := func(name string, role models.Role) *models.User {
		pw := "password for " + name
		u, err := models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{SignUp: models.SignUp{Name: name, Password: pw, Confirm: pw}, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.mod, w.mod2, w.support = staff("mod", models.RoleModerator), staff("mod2", models.RoleModerator), staff("helper", models.RoleSupport)
	if err := db.Raw("INSERT INTO open_chat_rooms (name) VALUES ('Lounge') RETURNING id").Scan(&w.room).Error; err != nil {
		t.Fatal(err)
	}
	for _, u := range ids {
		mustExec(t, db, "INSERT INTO open_chat_members (room_id, user_id) VALUES (?, ?)", w.room, u)
	}
	return w
}

// post writes a post by dave and returns its id.
func (w *modWorld) post(title string) int64 {
	w.t.Helper()
	p, err := models.CreatePost(w.ctx, w.db, w.dave, w.room, models.PostInput{Title: title, Body: "body of " + title})
	if err != nil {
		w.t.Fatal(err)
	}
	return p.ID
}

// report files reporter i's report of post id and returns the case id.
func (w *modWorld) report(i int, postID int64, reasons ...string) int64 {
	w.t.Helper()
	f, _, err := models.FileReport(w.ctx, w.db, w.reporters[i], models.ReportInput{Type: models.SubjectPost, ID: postID, Reasons: reasons})
	if err != nil {
		w.t.Fatal(err)
	}
	return f.CaseID
}

func queueIDs(q *models.Queue) []int64 {
	var out []int64
	for _, c := range q.Cases {
		out = append(out, c.ID)
	}
	return out
}

func TestModQueue(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	spam1 := w.report(0, w.post("spam one"), "spam")
	threat := w.report(0, w.post("threat"), "threat")
	spam3 := w.report(0, w.post("spam three"), "spam")
	w.report(1, w.post("spam three b"), "spam")
	// spam3b gets two more reporters: more weight than spam1 at the same severity.
	spam3b := w.report(2, w.post("spam many"), "spam")
	var postMany int64
	w.db.Raw("SELECT subject_id FROM cases WHERE id = ?", spam3b).Scan(&postMany)
	w.report(3, postMany, "spam")
	escalated := w.report(1, w.post("escalated"), "spam")
	mustExec(t, w.db, "UPDATE cases SET state = 'escalated', escalated_at = now() WHERE id = ?", escalated)
	mustExec(t, w.db, "UPDATE cases SET created_at = now() - interval '3 days' WHERE id = ?", spam3)

	t.Run("OK", func(t *testing.T) {
		q, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		got := queueIDs(q)
		if len(got) != 6 || got[0] != escalated || got[1] != threat || got[2] != spam3b {
			t.Fatalf("order = %v; want escalated %d, threat %d, weighted %d first", got, escalated, threat, spam3b)
		}
		// Same severity and weight: the older first.
		if i, j := indexOf(got, spam3), indexOf(got, spam1); i > j {
			t.Fatalf("older spam %d after newer %d: %v", spam3, spam1, got)
		}
		if q.Counts[models.CaseOpen] != 5 || q.Counts[models.CaseEscalated] != 1 {
			t.Fatalf("counts = %v", q.Counts)
		}
		// Keyset pages of 2 walk the same order.
		var paged []int64
		var after int64
		for range 10 {
			p, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{}, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			paged = append(paged, queueIDs(p)...)
			if after = p.Next; after == 0 {
				break
			}
		}
		if fmt.Sprint(paged) != fmt.Sprint(got) {
			t.Fatalf("paged %v, want %v", paged, got)
		}
		oldest, _ := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{Sort: models.SortOldest}, 0, 50)
		if queueIDs(oldest)[0] != spam3 {
			t.Fatalf("oldest first = %v", queueIDs(oldest))
		}
		threats, _ := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{Reason: "threat"}, 0, 50)
		if fmt.Sprint(queueIDs(threats)) != fmt.Sprint([]int64{threat}) {
			t.Fatalf("reason filter = %v", queueIDs(threats))
		}
		esc, _ := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{Escalated: true}, 0, 50)
		if fmt.Sprint(queueIDs(esc)) != fmt.Sprint([]int64{escalated}) {
			t.Fatalf("escalated filter = %v", queueIDs(esc))
		}
	})
	t.Run("ErrUnknownFilter", func(t *testing.T) {
		_, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{State: "lost"}, 0, 50)
		wantCode(t, err, models.Invalid)
	})
}

func indexOf(s []int64, v int64) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestStartReviewing(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	a := w.report(0, w.post("a"), "threat")
	b := w.report(0, w.post("b"), "spam")

	t.Run("OK", func(t *testing.T) {
		var wg sync.WaitGroup
		got := make([]*models.Case, 2)
		for i, m := range []*models.User{w.mod, w.mod2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := models.StartReviewing(w.ctx, w.db, m)
				if err != nil {
					t.Error(err)
					return
				}
				got[i] = c
			}()
		}
		wg.Wait()
		if got[0] == nil || got[1] == nil || got[0].ID == got[1].ID {
			t.Fatalf("two moderators got %+v and %+v", got[0], got[1])
		}
		if !((got[0].ID == a && got[1].ID == b) || (got[0].ID == b && got[1].ID == a)) {
			t.Fatalf("got cases %d and %d, want %d and %d", got[0].ID, got[1].ID, a, b)
		}
		// Pressed again, each gets the case they hold.
		again, err := models.StartReviewing(w.ctx, w.db, w.mod)
		if err != nil || again.ID != got[0].ID {
			t.Fatalf("again = %+v, %v", again, err)
		}
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		mod3 := &models.User{ID: w.support.ID, Role: models.RoleModerator}
		_, err := models.StartReviewing(w.ctx, w.db, mod3)
		wantCode(t, err, models.NotFound)
	})
	t.Run("ErrSupport", func(t *testing.T) {
		_, err := models.StartReviewing(w.ctx, w.db, w.support)
		wantCode(t, err, models.Forbidden)
	})
}

func TestDecideCase(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	decide := func(caseID int64, d models.Decision) (*models.Decided, error) {
		return models.DecideCase(w.ctx, w.db, w.mod, caseID, d)
	}

	t.Run("OK/NoViolation", func(t *testing.T) {
		c := w.report(0, w.post("fine"), "harassment")
		if _, err := decide(c, models.Decision{Kind: models.DecideNoViolation, Policy: "harassment"}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM reports WHERE case_id = ? AND state = 'rejected'", c); n != 1 {
			t.Fatalf("rejected reports = %d", n)
		}
		if n := count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'report_outcome'", w.reporters[0]); n != 1 {
			t.Fatalf("reporter notices = %d", n)
		}
	})
	t.Run("OK/Remove", func(t *testing.T) {
		post := w.post("buy followers")
		c := w.report(1, post, "spam")
		if _, err := decide(c, models.Decision{Kind: models.DecideRemove, Policy: "spam", UserNote: "No ads here."}); err != nil {
			t.Fatal(err)
		}
		th, err := models.PostThread(w.ctx, w.db, w.reporters[2], post, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !th.Post.Removed || th.Post.Title != "" || th.Post.Body != "" {
			t.Fatalf("removed post as a member reads it: %+v", th.Post)
		}
		items, _, err := models.Notices(w.ctx, w.db, w.dave, 0, 10)
		if err != nil || len(items) == 0 || items[0].Kind != models.NoticeContentRemoved || items[0].Policy != "spam" || items[0].Body != "No ads here." {
			t.Fatalf("dave's notices = %+v, %v", items, err)
		}
		mine, _, _ := models.Notices(w.ctx, w.db, w.reporters[1], 0, 10)
		if len(mine) != 1 || !mine[0].ActionTaken() {
			t.Fatalf("reporter's notices = %+v", mine)
		}
	})
	t.Run("OK/RestrictService", func(t *testing.T) {
		c := w.report(2, w.post("scam"), "fraud")
		mustExec(t, w.db, "INSERT INTO sessions (id_hash, user_id, data, expires_at) VALUES ('\\x01', ?, '', now() + interval '1 day')", w.dave)
		got, err := decide(c, models.Decision{Kind: models.DecideRestrict, Policy: "fraud", Scope: models.ScopeService, Days: "7",
			OverrideReason: "Sells stolen accounts: the whole account goes."})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM sessions WHERE user_id = ?", w.dave); n != 0 {
			t.Fatalf("dave still has %d sessions", n)
		}
		if in, _ := models.ServiceRestricted(w.ctx, w.db, w.dave); !in {
			t.Fatal("dave is not restricted")
		}
		if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE id = ? AND ends_at BETWEEN now() + interval '7 days' - interval '1 minute' AND now() + interval '7 days'", got.RestrictionID); n != 1 {
			t.Fatal("restriction does not end in 7 days")
		}
		t.Run("Lift", func(t *testing.T) {
			wantCode(t, models.LiftRestriction(w.ctx, w.db, w.mod2, got.RestrictionID, " "), models.Invalid)
			if err := models.LiftRestriction(w.ctx, w.db, w.mod2, got.RestrictionID, "Mistaken identity"); err != nil {
				t.Fatal(err)
			}
			if in, _ := models.ServiceRestricted(w.ctx, w.db, w.dave); in {
				t.Fatal("dave is still restricted")
			}
			wantCode(t, models.LiftRestriction(w.ctx, w.db, w.mod2, got.RestrictionID, "again"), models.Conflict)
		})
	})
	t.Run("OK/TicketBackToSupport", func(t *testing.T) {
		c := w.report(1, w.post("ticketed"), "hate")
		var ticket int64
		if err := w.db.Raw(`INSERT INTO tickets (user_id, category, subject, state, case_id) VALUES (?, 'illegal_act', 'please look', 'with_moderation', ?)
			RETURNING id`, w.reporters[1], c).Scan(&ticket).Error; err != nil {
			t.Fatal(err)
		}
		if _, err := decide(c, models.Decision{Kind: models.DecideRemove, Policy: "hate"}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM tickets WHERE id = ? AND state = 'open' AND moderation_result = 'action_taken'", ticket); n != 1 {
			t.Fatal("the ticket waiting with moderation did not go back to support with the decision")
		}
	})
	t.Run("ErrAlreadyDecided", func(t *testing.T) {
		c := w.report(3, w.post("twice"), "spam")
		if _, err := models.DecideCase(w.ctx, w.db, w.mod2, c, models.Decision{Kind: models.DecideWarn, Policy: "spam"}); err != nil {
			t.Fatal(err)
		}
		_, err := decide(c, models.Decision{Kind: models.DecideRestrict, Policy: "spam", Scope: models.ScopePosting, Days: "30"})
		wantCode(t, err, models.Conflict)
		if e := models.AsError(err); e.Key != "error.case.already_decided" || len(e.Args) != 2 || e.Args[0] != "mod2" {
			t.Fatalf("err = %v", err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE case_id = ?", c); n != 0 {
			t.Fatal("the losing decision wrote a restriction")
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		c := w.report(0, w.post("bad input"), "spam")
		for name, d := range map[string]models.Decision{
			"scope":  {Kind: models.DecideRestrict, Policy: "spam", Scope: "everything", Days: "7"},
			"days":   {Kind: models.DecideRestrict, Policy: "spam", Scope: models.ScopePosting, Days: "2"},
			"policy": {Kind: models.DecideWarn, Policy: "being rude"},
			"kind":   {Kind: "ban", Policy: "spam"},
		} { // a false report with none chosen takes a lone report (handlers' TestModDecisionFormRules)
			_, err := decide(c, d)
			wantCode(t, err, models.Invalid)
			if len(models.AsError(err).Fields) == 0 {
				t.Errorf("%s: no field error", name)
			}
		}
		_, err := models.DecideCase(w.ctx, w.db, w.support, c, models.Decision{Kind: models.DecideWarn, Policy: "spam"})
		wantCode(t, err, models.Forbidden)
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", c); n != 1 {
			t.Fatal("a refused decision changed the case")
		}
	})
	t.Run("ErrClaimedByOther", func(t *testing.T) {
		c := w.report(0, w.post("claimed"), "spam")
		if err := models.ClaimCase(w.ctx, w.db, w.mod2, c); err != nil {
			t.Fatal(err)
		}
		_, err := decide(c, models.Decision{Kind: models.DecideWarn, Policy: "spam"})
		wantCode(t, err, models.Conflict)
		wantCode(t, models.ReleaseCase(w.ctx, w.db, w.mod, c), models.Conflict)
		if err := models.ReleaseCase(w.ctx, w.db, w.mod2, c); err != nil {
			t.Fatal(err)
		}
		if _, err := decide(c, models.Decision{Kind: models.DecideWarn, Policy: "spam"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestFalseReports(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	liar := w.reporters[3]
	for i := range 3 {
		post := w.post(fmt.Sprintf("innocent %d", i))
		c := w.report(3, post, "hate")
		w.report(0, post, "hate")
		var reportID int64
		w.db.Raw("SELECT id FROM reports WHERE case_id = ? AND reporter_id = ?", c, liar).Scan(&reportID)
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideFalseReport,
			Policy: models.PolicyFalseReporting, FalseReports: []int64{reportID}}); err != nil {
			t.Fatal(err)
		}
		restricted := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND scope = 'reporting'", liar)
		if want := int64(0); i < 2 && restricted != want {
			t.Fatalf("after %d false reports: %d restrictions", i+1, restricted)
		}
		if i == 2 && restricted != 1 {
			t.Fatalf("after 3 false reports: %d restrictions", restricted)
		}
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND scope = 'reporting' AND ends_at > now() + interval '6 days'", liar); n != 1 {
		t.Fatal("the reporting restriction does not last 7 days")
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ?", w.reporters[0]); n != 0 {
		t.Fatal("the honest co-reporter was restricted")
	}
	_, _, err := models.FileReport(w.ctx, w.db, liar, models.ReportInput{Type: models.SubjectPost, ID: w.post("another"), Reasons: []string{"spam"}})
	wantCode(t, err, models.Restricted)

	// A reporter whose whole account is restricted already (scope 'service'
	// takes reporting away too) gets no reporting restriction on top.
	banned := w.reporters[2]
	var cases []int64
	for i := range 3 {
		// Three different texts: the same one three times would be a spam
		// wave, decided as one.
		cases = append(cases, w.report(2, w.post("also innocent: "+[]string{"apples", "pears", "plums"}[i]), "hate"))
	}
	if err := w.db.Exec("INSERT INTO restrictions (user_id, scope, policy_reason) VALUES (?, 'service', 'spam')", banned).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		var reportID int64
		w.db.Raw("SELECT id FROM reports WHERE case_id = ? AND reporter_id = ?", c, banned).Scan(&reportID)
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideFalseReport,
			Policy: models.PolicyFalseReporting, FalseReports: []int64{reportID}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND scope = 'reporting'", banned); n != 0 {
		t.Fatalf("%d reporting restrictions on top of the whole service's", n)
	}
}

func TestDecideCases(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	a, b, c := w.report(0, w.post("a"), "spam"), w.report(0, w.post("b"), "spam"), w.report(0, w.post("c"), "spam")
	if _, err := models.DecideCase(w.ctx, w.db, w.mod2, c, models.Decision{Kind: models.DecideNoViolation, Policy: "spam"}); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrOneDecided", func(t *testing.T) {
		_, err := models.DecideCases(w.ctx, w.db, w.mod, []int64{a, b, c}, models.Decision{Kind: models.DecideRemove, Policy: "spam"})
		wantCode(t, err, models.Conflict)
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id IN (?, ?) AND state = 'open'", a, b); n != 2 {
			t.Fatal("a failed bulk decision left some cases decided")
		}
		if n := count(t, w.db, "SELECT count(*) FROM board_posts WHERE removed_at IS NOT NULL"); n != 0 {
			t.Fatal("a failed bulk decision removed content")
		}
	})
	t.Run("OK", func(t *testing.T) {
		got, err := models.DecideCases(w.ctx, w.db, w.mod, []int64{b, a}, models.Decision{Kind: models.DecideRemove, Policy: "spam"})
		if err != nil || len(got.CaseIDs) != 2 {
			t.Fatalf("%+v, %v", got, err)
		}
		if n := count(t, w.db, "SELECT count(*) FROM board_posts WHERE removed_at IS NOT NULL"); n != 2 {
			t.Fatalf("%d posts removed", n)
		}
	})
}

func TestDecideAppeal(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	c := w.report(0, w.post("appealed"), "harassment")
	// A first harassment: 2 strikes, which the ladder answers with 1 day.
	got, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRestrict, Policy: "harassment",
		Scope: models.ScopePosting, Days: "1", RemoveContent: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.CreatePost(w.ctx, w.db, w.dave, w.room, models.PostInput{Title: "x", Body: "y"}); models.ErrorCode(err) != models.Restricted {
		t.Fatalf("restricted dave posted: %v", err)
	}
	a, err := models.FileAppeal(w.ctx, w.db, w.dave, got.RestrictionID, "It was a joke between friends.")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrDecider", func(t *testing.T) {
		wantCode(t, models.DecideAppeal(w.ctx, w.db, w.mod, a.ID, true, ""), models.Forbidden)
	})
	t.Run("OK", func(t *testing.T) {
		if err := models.DecideAppeal(w.ctx, w.db, w.mod2, a.ID, true, "Lifted: first time."); err != nil {
			t.Fatal(err)
		}
		if _, err := models.CreatePost(w.ctx, w.db, w.dave, w.room, models.PostInput{Title: "x", Body: "y"}); err != nil {
			t.Fatalf("dave cannot post after the lift: %v", err)
		}
		wantCode(t, models.DecideAppeal(w.ctx, w.db, w.mod2, a.ID, false, ""), models.Conflict)
		items, _, _ := models.Notices(w.ctx, w.db, w.dave, 0, 10)
		if len(items) == 0 || items[0].Kind != models.NoticeAppealDecided {
			t.Fatalf("dave's notices = %+v", items)
		}
		// A successful appeal reverses the decision: the post is back, the
		// strikes withdrawn, the case back in the queue, the reporter told.
		if n, _ := models.ActiveStrikes(w.ctx, w.db, w.dave); n != 0 {
			t.Errorf("dave still has %d strikes", n)
		}
		checks := map[string]int64{
			"post restored":  count(t, w.db, "SELECT count(*) FROM board_posts p JOIN cases c ON c.subject_id = p.id WHERE c.id = ? AND p.removed_at IS NULL", c),
			"case reopened":  count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open' AND decision_id IS NULL", c),
			"reversal":       count(t, w.db, "SELECT count(*) FROM reversals WHERE via = 'appeal' AND ? = ANY (case_ids)", c),
			"reporter told":  count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'report_reopened'", w.reporters[0]),
			"one notice for": 1 - count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'decision_reversed'", w.dave),
		}
		for what, n := range checks {
			if n != 1 {
				t.Errorf("%s: %d", what, n)
			}
		}
	})
}

func TestRemovedMessage(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	filed, err := w.file(w.msgs[10], "harassment")
	if err != nil {
		t.Fatal(err)
	}
	mod := newUsers(t, w.db, "modx")[0]
	mustExec(t, w.db, "UPDATE users SET role = 'moderator' WHERE id = ?", mod)
	if _, err := models.DecideCase(w.ctx, w.db, &models.User{ID: mod, Role: models.RoleModerator}, filed.CaseID,
		models.Decision{Kind: models.DecideRemove, Policy: "harassment"}); err != nil {
		t.Fatal(err)
	}
	msgs, _, err := models.Messages(w.ctx, w.db, w.sender, w.room, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	var exported []string
	if err := models.StreamMessages(w.ctx, w.db, w.sender, w.room, func(b []models.ChatMessage) error {
		for _, m := range b {
			exported = append(exported, m.Body)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.ID == w.msgs[10] && (!m.Removed || m.Body != "") {
			t.Fatalf("removed message as the sender reads it: %+v", m)
		}
	}
	if strings.Contains(strings.Join(exported, "\n"), "message 10") {
		t.Fatal("the export still holds the removed text")
	}
}

// StreamMessages reads every column from the wire itself (exportRow): each
// message comes out as stored, the picture's fields included, a removed
// message without its text or picture.
func TestStreamMessagesAsStored(t *testing.T) {
	t.Parallel()
	w := newChatWorld(t)
	sum := sha256.Sum256([]byte("a picture"))
	var pic int64
	w.db.Raw(`INSERT INTO pictures (owner_id, content_type, width, height, bytes, sha256, md5, blob_key, thumb_key)
		VALUES (?, 'image/png', 4, 3, 100, ?, ?, 'pictures/abc', 'thumbs/abc') RETURNING id`,
		w.sender, sum[:], make([]byte, 16)).Scan(&pic)
	mustExec(t, w.db, "UPDATE chat_messages SET picture_id = ?, created_at = '1999-12-31 23:59:59.123456+00' WHERE id = ?", pic, w.msgs[4])
	mustExec(t, w.db, "UPDATE chat_messages SET removed_at = now() WHERE id = ?", w.msgs[6])
	var want []struct {
		ID, SenderID int64
		Body         string
		CreatedAt    time.Time
	}
	w.db.Raw("SELECT id, sender_id, body, created_at FROM chat_messages WHERE room_id = ? ORDER BY id", w.room).Scan(&want)
	var got []models.ChatMessage
	if err := models.StreamMessages(w.ctx, w.db, w.sender, w.room, func(b []models.ChatMessage) error {
		got = append(got, b...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(got) != 20 {
		t.Fatalf("%d messages streamed, %d stored", len(got), len(want))
	}
	for i, m := range got {
		body := want[i].Body
		if m.ID == w.msgs[6] {
			body = ""
		}
		if m.ID != want[i].ID || m.SenderID != want[i].SenderID || m.Body != body || !m.CreatedAt.Equal(want[i].CreatedAt) ||
			m.Removed != (m.ID == w.msgs[6]) {
			t.Errorf("streamed %+v, stored %+v", m, want[i])
		}
		if (m.Picture != nil) != (m.ID == w.msgs[4]) {
			t.Errorf("message %d: picture %+v", m.ID, m.Picture)
		}
	}
	p := got[4].Picture
	if p == nil || p.ID != pic || !bytes.Equal(p.SHA256, sum[:]) || p.BlobKey != "pictures/abc" || p.ContentType != "image/png" ||
		got[4].CreatedAt.UTC().Format(time.RFC3339Nano) != "1999-12-31T23:59:59.123456Z" {
		t.Fatalf("the picture's message: %+v, %+v", got[4], p)
	}
}
