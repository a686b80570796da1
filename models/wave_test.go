package models_test

import (
	"fmt"
	"sync"
	"testing"

	"talksafe/models"
	"talksafe/models/testdb"
)

// TestSpamWave groups near-duplicate spam from several authors into one
// wave, leaves out a different text, a case older than the window and a
// decided one, and decides the wave at once: one restriction and one
// notice per author, however many items are theirs.
func TestSpamWave(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	authors := append([]int64{w.dave}, newUsers(t, w.db, "erin", "fred")...)
	for _, u := range authors[1:] {
		mustExec(t, w.db, "INSERT INTO open_chat_members (room_id, user_id) VALUES (?, ?)", w.room, u)
	}
	post := func(author int64, title, body string) int64 {
		t.Helper()
		p, err := models.CreatePost(w.ctx, w.db, author, w.room, models.PostInput{Title: title, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	waveOf := func(caseID int64) int64 {
		t.Helper()
		var lead *int64
		if err := w.db.Raw("SELECT wave_id FROM cases WHERE id = ?", caseID).Scan(&lead).Error; err != nil {
			t.Fatal(err)
		}
		if lead == nil {
			return 0
		}
		return *lead
	}
	lead := w.report(0, post(w.dave, "WIN FREE COINS", "Visit https://coins.example/a1 and call 010-1111-2222 to claim your prize today"), "spam")
	w.report(1, post(w.dave, "WIN FREE COINS", "Visit https://coins.example/a1 and call 010-1111-2222 to claim your prize today"), "spam")
	items := []int64{
		w.report(0, post(authors[1], "win free coins", "Visit www.coins.kr/zz and call 010 3333 4444 to claim your prize today!"), "spam"),
		w.report(0, post(authors[2], "W1N FR33 COINS", "visit http://x.example  and CALL 01055556666 to claim your prize today"), "spam"),
	}
	dave2 := w.report(0, post(w.dave, "WIN FREE COINS", "Visit coins.example and call 010-7777-8888 to claim your prize today"), "spam")
	other := w.report(2, post(authors[2], "Meeting notes", "Let's meet on Friday at noon to plan the next event"), "spam")
	t.Run("OK", func(t *testing.T) {
		if waveOf(lead) != 0 {
			t.Fatal("the first case joined a wave")
		}
		for _, c := range append(items, dave2) {
			if got := waveOf(c); got != lead {
				t.Errorf("case %d: wave %d, want %d", c, got, lead)
			}
		}
		if waveOf(other) != 0 {
			t.Error("a different text joined the wave")
		}
		q, err := models.ModQueue(w.ctx, w.db, w.mod.ID, models.QueueFilter{}, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		ids := queueIDs(q)
		if len(ids) != 2 || indexOf(ids, lead) < 0 || indexOf(ids, other) < 0 {
			t.Fatalf("queue = %v, want the wave's lead %d and %d", ids, lead, other)
		}
		for _, c := range q.Cases {
			if c.ID == lead && (c.Wave != models.Wave{Items: 5, Authors: 3}) {
				t.Errorf("wave = %+v, want 5 items, 3 authors", c.Wave)
			}
		}
		d, err := models.CaseForStaff(w.ctx, w.db, w.mod, lead)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.WaveItems) != 4 || d.WaveItems[0].Preview == "" {
			t.Errorf("wave items = %+v", d.WaveItems)
		}
	})
	t.Run("ErrOlderThanTheWindow", func(t *testing.T) {
		mustExec(t, w.db, "UPDATE cases SET created_at = now() - interval '25 hours' WHERE id = ?", lead)
		defer mustExec(t, w.db, "UPDATE cases SET created_at = now() WHERE id = ?", lead)
		late := w.report(3, post(authors[1], "WIN FREE COINS", "Visit https://coins.example/b2 and call 010-2222-1111 to claim your prize today"), "spam")
		if got := waveOf(late); got != 0 {
			t.Errorf("a case after the window joined wave %d", got)
		}
		mustExec(t, w.db, "UPDATE cases SET state = 'resolved', resolution = 'no_violation' WHERE id = ?", late)
	})
	t.Run("OKOneRestrictionPerAuthor", func(t *testing.T) {
		got, err := models.DecideCase(w.ctx, w.db, w.mod, lead, models.Decision{Kind: models.DecideRestrict, Policy: "spam",
			Scope: models.ScopePosting, Days: "3", RemoveContent: true, OverrideReason: "A spam wave across the room."})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.CaseIDs) != 5 {
			t.Errorf("decided %v, want the 5 cases of the wave", got.CaseIDs)
		}
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE (id = ? OR wave_id = ?) AND state = 'resolved'", lead, lead); n != 5 {
			t.Errorf("%d cases resolved, want 5", n)
		}
		for _, u := range authors {
			if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ?", u); n != 1 {
				t.Errorf("user %d: %d restrictions, want 1", u, n)
			}
			if n := count(t, w.db, "SELECT count(*) FROM notices WHERE user_id = ? AND restriction_id IS NOT NULL", u); n != 1 {
				t.Errorf("user %d: %d notices of the restriction, want 1", u, n)
			}
			if n := count(t, w.db, "SELECT count(*) FROM strikes WHERE user_id = ?", u); n != 1 {
				t.Errorf("user %d: %d strike rows, want 1", u, n)
			}
		}
		if n := count(t, w.db, "SELECT count(*) FROM board_posts WHERE removed_at IS NOT NULL"); n != 5 {
			t.Errorf("%d posts removed, want 5", n)
		}
		if n := count(t, w.db, "SELECT count(*) FROM cases WHERE id = ? AND state = 'open'", other); n != 1 {
			t.Error("the decision reached a case outside the wave")
		}
	})
	t.Run("ErrClosedCase", func(t *testing.T) {
		gina := newUsers(t, w.db, "gina")[0] // the wave's authors may not post now
		mustExec(t, w.db, "INSERT INTO open_chat_members (room_id, user_id) VALUES (?, ?)", w.room, gina)
		after := w.report(3, post(gina, "WIN FREE COINS", "Visit https://coins.example/c3 and call 010-9999-1111 to claim your prize today"), "spam")
		if got := waveOf(after); got != 0 {
			t.Errorf("a case joined the decided wave %d", got)
		}
	})
}

// TestSeedDemoBankAndWave: the demo world has a text bank that matches
// its spam, and the side-job ads grouped as one wave of four items by
// three authors.
func TestSeedDemoBankAndWave(t *testing.T) {
	t.Parallel()
	db := testdb.New(t)
	if _, err := models.SeedDemo(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	var bank int64
	db.Raw("SELECT id FROM text_banks WHERE name = 'Spam phrases'").Scan(&bank)
	hits, err := models.MatchTextBanks(t.Context(), db, []int64{bank}, "집에서 하루 30만원! 재택 ㅂㅜ업, 카 톡 문의 / FREE R0BUX")
	if err != nil || len(hits) != 3 {
		t.Fatalf("hits = %+v, %v", hits, err)
	}
	var lead int64
	db.Raw("SELECT c.id FROM cases c JOIN board_posts p ON p.id = c.subject_id WHERE c.subject_type = 'post' AND p.title = '재택 부업 모집' ORDER BY c.id LIMIT 1").Scan(&lead)
	if n := count(t, db, "SELECT count(*) FROM cases WHERE wave_id = ?", lead); n != 3 {
		t.Errorf("%d items joined the demo wave, want 3", n)
	}
	if n := count(t, db, "SELECT count(DISTINCT reported_user_id) FROM cases WHERE id = ? OR wave_id = ?", lead, lead); n != 3 {
		t.Errorf("%d authors in the demo wave, want 3", n)
	}
}

// TestSpamWaveConcurrent: reports of one spam's copies filed at the same
// moment make one wave, not several (the fingerprint's lock).
func TestSpamWaveConcurrent(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	var posts []int64
	for i := range len(w.reporters) {
		p, err := models.CreatePost(w.ctx, w.db, w.dave, w.room, models.PostInput{Title: "Cheap followers",
			Body: fmt.Sprintf("Buy 1000 followers for %d won at followers%d.example today", 5000+i, i)})
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, p.ID)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, p := range posts {
		wg.Go(func() {
			<-start
			if _, _, err := models.FileReport(w.ctx, w.db, w.reporters[i], models.ReportInput{Type: models.SubjectPost, ID: p, Reasons: []string{"spam"}}); err != nil {
				t.Error(err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := count(t, w.db, "SELECT count(*) FROM cases WHERE wave_id IS NULL"); n != 1 {
		t.Errorf("%d leads, want 1", n)
	}
	if n := count(t, w.db, "SELECT count(*) FROM cases WHERE wave_id IS NOT NULL"); n != int64(len(posts)-1) {
		t.Errorf("%d items, want %d", n, len(posts)-1)
	}
}
