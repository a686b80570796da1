package models_test

import (
	"strconv"
	"testing"

	"talksafe/models"
)

// bank makes a text bank by admin holding entries (one a line).
func (w *modWorld) bank(admin *models.User, name, entries string) int64 {
	w.t.Helper()
	b, err := models.CreateTextBank(w.ctx, w.db, admin, models.TextBankInput{Name: name})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := models.AddBankEntries(w.ctx, w.db, admin, b.ID, models.BankEntryInput{Text: entries, Language: models.BankAny, Reason: "spam"}); err != nil {
		w.t.Fatal(err)
	}
	return b.ID
}

// A bank condition reads a post or comment as written, and a chat message
// only through the evidence snapshot of a report on it.
func TestRuleBankCondition(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	spam := strconv.FormatInt(w.bank(admin, "Spam phrases", "free money\n시발"), 10)
	other := strconv.FormatInt(w.bank(admin, "Other", "unrelated phrase"), 10)
	w.rule(admin, models.RuleInput{Name: "Spam written", Trigger: "post", Banks: []string{other, spam}, Action: "label", Label: "bank-post", State: "on"})
	w.rule(admin, models.RuleInput{Name: "Spam reported", Trigger: "report", Banks: []string{spam}, Action: "label", Label: "bank-report", State: "on"})
	runs := func(typ models.SubjectType, id int64) int64 {
		t.Helper()
		return count(t, w.db, "SELECT count(*) FROM rule_runs WHERE subject_type = ? AND subject_id = ?", typ, id)
	}

	t.Run("Post", func(t *testing.T) {
		clean := w.post("a quiet afternoon")
		if n := runs(models.SubjectPost, clean); n != 0 {
			t.Fatalf("%d runs on a post that matches no bank", n)
		}
		hit := w.post("F.R.E.E ＭＯＮＥＹ inside")
		if n := runs(models.SubjectPost, hit); n != 1 {
			t.Fatalf("%d runs on a post that matches the bank, want 1", n)
		}
		// Title and body are matched apart: "free" ending the title and
		// "money" starting the body make no phrase.
		p, err := models.CreatePost(w.ctx, w.db, w.dave, w.room, models.PostInput{Title: "all free", Body: "money talks"})
		if err != nil {
			t.Fatal(err)
		}
		if n := runs(models.SubjectPost, p.ID); n != 0 {
			t.Fatalf("%d runs on a phrase split between title and body", n)
		}
	})
	t.Run("Comment", func(t *testing.T) {
		post := w.post("a comment thread")
		c, err := models.CreateComment(w.ctx, w.db, w.dave, post, models.CommentInput{Body: "ㅅㅣㅂㅏㄹ"})
		if err != nil {
			t.Fatal(err)
		}
		if n := runs(models.SubjectComment, c.ID); n != 1 {
			t.Fatalf("%d runs on a comment that matches the bank, want 1", n)
		}
		c, err = models.CreateComment(w.ctx, w.db, w.dave, post, models.CommentInput{Body: "nice one"})
		if err != nil {
			t.Fatal(err)
		}
		if n := runs(models.SubjectComment, c.ID); n != 0 {
			t.Fatalf("%d runs on a comment that matches no bank", n)
		}
	})
	t.Run("ChatOnlyThroughReport", func(t *testing.T) {
		// Two 1:1 chats: a clean message to rep2, spam to rep3.
		var msgs []int64
		for i, x := range []struct{ to, body string }{{"rep2", "hello there"}, {"rep3", "free money for you"}} {
			room, err := models.StartChat(w.ctx, w.db, w.dave, x.to, "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			m, err := models.SendMessage(w.ctx, w.db, w.dave, room, x.body)
			if err != nil {
				t.Fatalf("message %d: %v", i, err)
			}
			msgs = append(msgs, m.ID)
		}
		if n := count(t, w.db, "SELECT count(*) FROM rule_runs WHERE subject_type = 'message'"); n != 0 {
			t.Fatalf("%d rule runs on chat messages as they were sent", n)
		}
		if _, _, err := models.FileReport(w.ctx, w.db, w.reporters[1], models.ReportInput{Type: models.SubjectMessage, ID: msgs[0], Reasons: []string{"spam"}}); err != nil {
			t.Fatal(err)
		}
		if n := runs(models.SubjectMessage, msgs[0]); n != 0 {
			t.Fatalf("%d runs on a reported message that matches no bank", n)
		}
		f, _, err := models.FileReport(w.ctx, w.db, w.reporters[2], models.ReportInput{Type: models.SubjectMessage, ID: msgs[1], Reasons: []string{"spam"}})
		if err != nil {
			t.Fatal(err)
		}
		if n := runs(models.SubjectMessage, msgs[1]); n != 1 {
			t.Fatalf("%d runs on a reported message whose evidence matches, want 1", n)
		}
		if n := count(t, w.db, "SELECT count(*) FROM case_labels WHERE case_id = ? AND label = 'bank-report'", f.CaseID); n != 1 {
			t.Fatal("the report's bank rule did not label the case")
		}
	})
}

func TestRuleBankInput(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	spam := strconv.FormatInt(w.bank(admin, "Spam phrases", "free money"), 10)
	ok := models.RuleInput{Name: "Spam", Trigger: "post", Banks: []string{spam}, Action: "label", Label: "spam"}
	id := w.rule(admin, ok)
	p, err := models.RuleFor(w.ctx, w.db, w.mod, id)
	if err != nil {
		t.Fatal(err)
	}
	if in := p.Rule.Input(); len(in.Banks) != 1 || in.Banks[0] != spam {
		t.Fatalf("the edit form starts with banks %v", in.Banks)
	}
	for _, tc := range []struct{ name, bank string }{{"ErrUnknownBank", "999999"}, {"ErrNotAnID", "spam"}, {"ErrNegative", "-1"}} {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			in.Banks = []string{spam, tc.bank}
			_, err := models.CreateRule(w.ctx, w.db, admin, in)
			e := models.AsError(err)
			if e == nil || e.Code != models.Invalid || !e.Fields.Has("banks") || fieldWords(e)["banks"] == "" {
				t.Fatalf("create: err = %v, want a field error on banks", err)
			}
			err = models.UpdateRule(w.ctx, w.db, admin, id, in)
			if e := models.AsError(err); e == nil || e.Code != models.Invalid || !e.Fields.Has("banks") {
				t.Fatalf("update: err = %v, want a field error on banks", err)
			}
		})
	}
	if n := count(t, w.db, "SELECT count(*) FROM rule_versions"); n != 1 {
		t.Fatalf("%d rule versions after refused input", n)
	}
}

// The backtest matches a bank against the evidence of each decided case.
func TestRuleBankBacktest(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	spam := strconv.FormatInt(w.bank(admin, "Spam phrases", "free money"), 10)
	for _, title := range []string{"free money here", "just a post"} {
		c := w.report(0, w.post(title), "spam")
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRemove, Policy: "spam"}); err != nil {
			t.Fatal(err)
		}
	}
	id := w.rule(admin, models.RuleInput{Name: "Spam", Trigger: "report", Banks: []string{spam}, Action: "hide"})
	p, err := models.RuleFor(w.ctx, w.db, w.mod, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Backtest != (models.Backtest{Decided: 2, Hit: 1, Upheld: 1}) {
		t.Fatalf("backtest = %+v", p.Backtest)
	}
}
