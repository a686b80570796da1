package components_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views/components"
)

// A Msg's arg that is itself a Msg is worded in the page's language with
// the sentence around it; other args stay as they are. A Msg keeps its
// words through JSON (a flash's cookie), nested args and numbers included.
func TestMsgArgs(t *testing.T) {
	t.Parallel()
	decided := models.NewMsg("flash.mod.decided", models.NewMsg("mod.kind.warn"), models.NewMsg("reason.spam"))
	friend := models.NewMsg("flash.now_friend", "Bob")
	cases := models.NewMsg("flash.mod.decided_cases", 3, models.NewMsg("mod.kind.warn"), models.NewMsg("reason.spam"))
	for lang, want := range map[string][3]string{
		"en": {"Decided: Warn under “Spam, advertising or flooding”.", "Bob is now your friend.", ""},
		"ko": {"처리했습니다: 경고, “스팸, 광고 또는 도배” 조항.", "Bob 님과 친구가 되었습니다.", ""},
	} {
		ctx := components.WithPage(context.Background(), &components.Page{Lang: lang})
		for i, m := range []models.Msg{decided, friend, cases} {
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			var back models.Msg
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("%s: %v", b, err)
			}
			got, again := components.Word(ctx, m), components.Word(ctx, back)
			if want[i] != "" && got != want[i] {
				t.Errorf("%s: %q, want %q", lang, got, want[i])
			}
			if again != got || strings.ContainsAny(got, "{}%") {
				t.Errorf("%s: %q after JSON %s, %q before", lang, again, b, got)
			}
		}
	}
}

// A key the catalog does not have reads as a neutral sentence, never as
// the key, and is recorded for the tests to fail on.
func TestMissingKeyIsNotShown(t *testing.T) {
	t.Parallel()
	ctx := components.WithPage(context.Background(), &components.Page{Lang: "ko"})
	got := components.Word(ctx, models.NewMsg("error.no_such.key_for_a_test", "x"))
	if strings.Contains(got, "no_such") || got == "" {
		t.Fatalf("a missing key reads %q", got)
	}
	if !slices.Contains(components.MissingKeys(), "error.no_such.key_for_a_test") {
		t.Fatalf("not recorded: %v", components.MissingKeys())
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
