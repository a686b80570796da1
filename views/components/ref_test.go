package components_test

import (
	"context"
	"testing"

	"talksafe/models"
	"talksafe/views/components"
)

// A flash's or an error's arg made with Ref is worded in the page's
// language with the sentence around it; other args stay as they are.
func TestRefArgs(t *testing.T) {
	t.Parallel()
	f := models.FieldErrors{}
	f.AddKey("m", "flash.mod.decided", components.Ref("mod.kind.warn"), components.Ref("reason.spam"))
	f.AddKey("n", "flash.now_friend", "Bob")
	for lang, want := range map[string][2]string{
		"en": {"Decided: Warn under “Spam, advertising or flooding”.", "Bob is now your friend."},
		"ko": {"처리했습니다: 경고, “스팸, 광고 또는 도배” 조항.", "Bob 님과 친구가 되었습니다."},
	} {
		ctx := components.WithPage(context.Background(), &components.Page{Lang: lang})
		if got := components.Word(ctx, f["m"]); got != want[0] {
			t.Errorf("%s: %q, want %q", lang, got, want[0])
		}
		if got := components.Word(ctx, f["n"]); got != want[1] {
			t.Errorf("%s: %q, want %q", lang, got, want[1])
		}
	}
}

// A bulk decision words a case's refusal as "decision.bulk.<the case's
// key>" (models.DecideCases): each of the refusals of a case has one.
func TestBulkRefusalsInCatalog(t *testing.T) {
	t.Parallel()
	ids, err := components.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"not_found", "already_decided", "already_decided_anon", "claimed_by_other", "claimed_by_other_anon"} {
		if _, ok := ids["error.case."+k]; !ok {
			t.Errorf("no error.case.%s", k)
		}
		if _, ok := ids["error.decision.bulk."+k]; !ok {
			t.Errorf("no error.decision.bulk.%s for error.case.%s", k, k)
		}
	}
}
