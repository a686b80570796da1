package models_test

import (
	"fmt"
	"testing"

	"talksafe/models"
)

// TestLadderSuggest is DOMAIN's table, row by row and at each edge.
func TestLadderSuggest(t *testing.T) {
	t.Parallel()
	restrict := func(s models.Scope, days int) models.Penalty {
		return models.Penalty{Kind: models.DecideRestrict, Scope: s, Days: days}
	}
	warn := models.Penalty{Kind: models.DecideWarn}
	for _, c := range []struct {
		strikes  int
		scope    models.Scope
		severity int
		want     models.Penalty
	}{
		{0, models.ScopePosting, 1, models.Penalty{}},
		{1, models.ScopePosting, 1, warn},
		{2, models.ScopePosting, 2, restrict(models.ScopePosting, 1)},
		{3, models.ScopeMessaging, 1, restrict(models.ScopeMessaging, 1)},
		{4, models.ScopePosting, 4, restrict(models.ScopePosting, 7)},
		{5, models.ScopeMessaging, 3, restrict(models.ScopeMessaging, 7)},
		{6, models.ScopePosting, 1, restrict(models.ScopePosting, 30)},
		{8, models.ScopeReporting, 1, restrict(models.ScopeReporting, 30)},
		{9, models.ScopePosting, 1, restrict(models.ScopeService, 30)},
		{11, models.ScopeMessaging, 2, restrict(models.ScopeService, 30)},
		{12, models.ScopePosting, 1, restrict(models.ScopeService, 0)},
		{40, models.ScopePosting, 1, restrict(models.ScopeService, 0)},
		// Severity 5 suggests a permanent service restriction at once.
		{1, models.ScopePosting, 5, models.Penalty{Kind: models.DecideRestrict, Scope: models.ScopeService, Days: 0, Severe: true}},
	} {
		t.Run(fmt.Sprintf("%d strikes, severity %d", c.strikes, c.severity), func(t *testing.T) {
			got := models.Suggest(c.strikes, c.scope, c.severity)
			c.want.Strikes = c.strikes
			if got != c.want {
				t.Errorf("Suggest(%d, %s, %d) = %+v, want %+v", c.strikes, c.scope, c.severity, got, c.want)
			}
		})
	}
	for _, c := range []struct {
		before int
		policy string
		typ    models.SubjectType
		want   models.Penalty
	}{
		// The violation's own strikes: its severity, at most 4.
		{0, "spam", models.SubjectPost, models.Penalty{Kind: models.DecideWarn, Strikes: 1, Added: 1}},
		{1, "harassment", models.SubjectComment, models.Penalty{Kind: models.DecideRestrict, Scope: models.ScopePosting, Days: 1, Strikes: 3, Added: 2}},
		{0, "threat", models.SubjectMessage, models.Penalty{Kind: models.DecideRestrict, Scope: models.ScopeMessaging, Days: 7, Strikes: 4, Added: 4}},
		{7, "fraud", models.SubjectPost, models.Penalty{Kind: models.DecideRestrict, Scope: models.ScopeService, Days: 30, Strikes: 10, Added: 3}},
		{0, models.PolicyFalseReporting, models.SubjectPost, models.Penalty{Kind: models.DecideWarn, Strikes: 1, Added: 1}},
		{2, models.PolicyFalseReporting, models.SubjectPost, models.Penalty{Kind: models.DecideRestrict, Scope: models.ScopeReporting, Days: 1, Strikes: 3, Added: 1}},
		{0, "sexual_exploitation", models.SubjectPost, models.Penalty{Kind: models.DecideRestrict, Scope: models.ScopeService, Days: 0, Strikes: 4, Added: 4, Severe: true}},
		// Self-harm: removed without a strike, whatever came before.
		{9, "self_harm", models.SubjectPost, models.Penalty{Kind: models.DecideRemove, Strikes: 9}},
	} {
		t.Run(fmt.Sprintf("%s after %d", c.policy, c.before), func(t *testing.T) {
			if got := models.SuggestFor(c.before, c.policy, c.typ); got != c.want {
				t.Errorf("SuggestFor(%d, %s, %s) = %+v, want %+v", c.before, c.policy, c.typ, got, c.want)
			}
		})
	}
}

// TestLadderStrikes: strikes are written by decisions that find a
// violation, one set per user per decision; they count for 180 days, not a
// day more, and not once withdrawn; the next decision reads them.
func TestLadderStrikes(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	strikes := func() int {
		t.Helper()
		n, err := models.ActiveStrikes(w.ctx, w.db, w.dave)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	decide := func(policy string, d models.Decision) (int64, error) {
		t.Helper()
		c := w.report(0, w.post("about "+policy+d.Days+string(d.Kind)), policy)
		d.Policy = policy
		_, err := models.DecideCase(w.ctx, w.db, w.mod, c, d)
		return c, err
	}
	// No violation, false report: no strike.
	if _, err := decide("spam", models.Decision{Kind: models.DecideNoViolation}); err != nil {
		t.Fatal(err)
	}
	if n := strikes(); n != 0 {
		t.Fatalf("no violation gave %d strikes", n)
	}
	spam, err := decide("spam", models.Decision{Kind: models.DecideWarn})
	if err != nil {
		t.Fatal(err)
	}
	if n := strikes(); n != 1 {
		t.Fatalf("a spam warning gave %d strikes, want 1", n)
	}
	if _, err := decide("self_harm", models.Decision{Kind: models.DecideRemove}); err != nil {
		t.Fatal(err)
	}
	if n := strikes(); n != 1 {
		t.Fatalf("self-harm content gave strikes: %d", n)
	}
	// 1 + 2 = 3: the ladder says posting for 1 day; 7 days needs a reason.
	_, err = decide("hate", models.Decision{Kind: models.DecideRestrict, Scope: models.ScopePosting, Days: "7"})
	wantCode(t, err, models.Invalid)
	if !models.AsError(err).Fields.Has("override_reason") {
		t.Fatalf("no error beside the reason: %v", err)
	}
	if n := strikes(); n != 1 {
		t.Fatalf("a refused decision left strikes: %d", n)
	}
	hate, err := decide("hate", models.Decision{Kind: models.DecideRestrict, Scope: models.ScopePosting, Days: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strikes(); n != 3 {
		t.Fatalf("%d strikes, want 3", n)
	}
	// The window: a strike 179 days old counts, one 181 days old does not.
	mustExec(t, w.db, "UPDATE strikes SET created_at = now() - interval '179 days' WHERE case_id = ?", spam)
	if n := strikes(); n != 3 {
		t.Fatalf("a strike inside the window stopped counting: %d", n)
	}
	mustExec(t, w.db, "UPDATE strikes SET created_at = now() - interval '181 days' WHERE case_id = ?", spam)
	if n := strikes(); n != 2 {
		t.Fatalf("a strike outside the window still counts: %d", n)
	}
	// Withdrawn with its decision's reversal.
	if _, err := models.ReverseCase(w.ctx, w.db, w.mod2, hate, "Satire, not hate."); err != nil {
		t.Fatal(err)
	}
	if n := strikes(); n != 0 {
		t.Fatalf("a reversed decision's strikes still count: %d", n)
	}
	if n := count(t, w.db, "SELECT count(*) FROM strikes WHERE user_id = ?", w.dave); n != 2 {
		t.Fatalf("%d strike rows: history is kept", n)
	}
	// A reversed warning's notice still names the rule it was under.
	warned, err := decide("harmful_to_minors", models.Decision{Kind: models.DecideWarn})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.ReverseCase(w.ctx, w.db, w.mod2, warned, "Wrong post."); err != nil {
		t.Fatal(err)
	}
	items, _, err := models.Notices(w.ctx, w.db, w.dave, 0, 10)
	if err != nil || len(items) < 2 || items[0].Kind != models.NoticeDecisionReversed || items[1].Kind != models.NoticeWarning || items[1].Policy != "harmful_to_minors" {
		t.Fatalf("dave's notices after the reversal: %+v, %v", items, err)
	}
	// The next decision reads the count: 0 + 4 for a threat is 7 days.
	if _, err := decide("threat", models.Decision{Kind: models.DecideRestrict, Scope: models.ScopePosting, Days: "7"}); err != nil {
		t.Fatal(err)
	}
}

// TestBulkOneRestrictionPerUser: one decision over four cases of one user
// gives one restriction, one notice and one set of strikes; over two users'
// cases, one each.
func TestBulkOneRestrictionPerUser(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	var cases []int64
	for i := range 4 {
		cases = append(cases, w.report(i%4, w.post(fmt.Sprintf("wave %d", i)), "spam"))
	}
	d := models.Decision{Kind: models.DecideRestrict, Policy: "spam", Scope: models.ScopePosting, Days: "7", RemoveContent: true}
	_, err := models.DecideCases(w.ctx, w.db, w.mod, cases, d)
	wantCode(t, err, models.Invalid)
	if words := fieldWords(models.AsError(err))["override_reason"]; words == "" {
		t.Fatalf("bulk restriction beyond the ladder without a reason: %v", err)
	}
	d.OverrideReason = "A spam wave: a warning will not stop it."
	if _, err := models.DecideCases(w.ctx, w.db, w.mod, cases, d); err != nil {
		t.Fatal(err)
	}
	for what, want := range map[string]int64{
		"SELECT count(*) FROM restrictions WHERE user_id = ?":                                              1,
		"SELECT count(*) FROM notices WHERE user_id = ?":                                                   1,
		"SELECT count(*) FROM strikes WHERE user_id = ?":                                                   1,
		"SELECT count(*) FROM board_posts WHERE author_id = ? AND removed_at IS NOT NULL":                  4,
		"SELECT count(DISTINCT decision_id) FROM cases WHERE reported_user_id = ?":                         1,
		"SELECT count(*) FROM audit_events WHERE action = 'case.decide' AND (detail->>'user')::bigint = ?": 4,
	} {
		if n := count(t, w.db, what, w.dave); n != want {
			t.Errorf("%s: %d, want %d", what, n, want)
		}
	}
	if n, _ := models.ActiveStrikes(w.ctx, w.db, w.dave); n != 1 {
		t.Errorf("%d strikes for one spam decision", n)
	}
}

// TestRestrictionReplace: a new restriction in a scope already restricted
// replaces the old one when it ends later, and otherwise only adds the
// strikes; reversing the replacement brings the old one back.
func TestRestrictionReplace(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	posts := map[string]int64{}
	for _, title := range []string{"first", "longer", "shorter"} { // written before dave is restricted
		posts[title] = w.post(title)
	}
	restrict := func(title, days string) int64 {
		t.Helper()
		c := w.report(0, posts[title], "harassment")
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, models.Decision{Kind: models.DecideRestrict, Policy: "harassment",
			Scope: models.ScopePosting, Days: days, OverrideReason: "testing the scope rule"}); err != nil {
			t.Fatal(err)
		}
		return c
	}
	inForce := func() []int64 {
		var ids []int64
		w.db.Raw("SELECT ends_at::date - now()::date FROM restrictions WHERE user_id = ? AND lifted_at IS NULL AND (ends_at IS NULL OR ends_at > now()) ORDER BY id", w.dave).Scan(&ids)
		return ids
	}
	restrict("first", "7")
	long := restrict("longer", "30")
	if got := inForce(); len(got) != 1 || got[0] != 30 {
		t.Fatalf("after a longer one, in force: %v days", got)
	}
	if n := count(t, w.db, "SELECT count(*) FROM restrictions WHERE user_id = ? AND replaced_by IS NOT NULL", w.dave); n != 1 {
		t.Fatal("the shorter restriction does not name its replacement")
	}
	restrict("shorter", "3")
	if got := inForce(); len(got) != 1 || got[0] != 30 {
		t.Fatalf("a shorter one was written beside the longer: %v days", got)
	}
	if n, _ := models.ActiveStrikes(w.ctx, w.db, w.dave); n != 6 {
		t.Fatalf("three harassment decisions: %d strikes, want 6", n)
	}
	if _, err := models.ReverseCase(w.ctx, w.db, w.mod2, long, "Wrong user."); err != nil {
		t.Fatal(err)
	}
	if got := inForce(); len(got) != 1 || got[0] != 7 {
		t.Fatalf("after reversing the replacement, in force: %v days, want the 7-day one back", got)
	}
}
