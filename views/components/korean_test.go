package components_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views/components"
)

// sameInBothLanguages are what a Korean sentence writes as English does:
// file formats, a language's own name in the language list, a time zone id,
// a hash's name and its digits, a unit, a command's name (certutil), an
// address's kind (IP).
var sameInBothLanguages = []string{"CSV", "JSON", "English", "Asia/Seoul", "SHA-256", "PDQ", "MD5", "a~f", "MB", "certutil", "IP"}

var latin = regexp.MustCompile(`[A-Za-z]+`)

// argWords are the families of words that reach a sentence as a nested Msg
// arg (a restriction's scope and rule, a report's subject, a field's name
// and problem, a decision's kind, a staff role).
var argWords = []string{"account.doing_", "text.problem.", "text.field.", "report.subject_word.", "reason.",
	"mod.policy.", "mod.kind.", "staff.role."}

// Every coded error reads in Korean without an English word: worded with
// Korean args, and with each family of words that comes as an arg.
func TestErrorsInKoreanHaveNoLatinLetters(t *testing.T) {
	t.Parallel()
	ko := components.WithPage(context.Background(), &components.Page{Lang: "ko"})
	check := func(id, got string) {
		for _, w := range sameInBothLanguages {
			got = strings.ReplaceAll(got, w, "")
		}
		if m := latin.FindAllString(got, -1); m != nil {
			t.Errorf("%s in Korean has %q: %s", id, m, got)
		}
	}
	keys := components.ErrorKeys()
	if len(keys) < 100 {
		t.Fatalf("only %d error keys", len(keys))
	}
	for _, key := range keys {
		en, _ := components.RawMessage("en", "error."+key)
		args := make([]any, strings.Count(en, "%s"))
		for i := range args {
			args[i] = "민지"
		}
		check("error."+key, components.Word(ko, models.NewMsg("error."+key, args...)))
	}
	ids, err := components.MessageIDs("ko")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for id := range ids {
		for _, prefix := range argWords {
			if strings.HasPrefix(id, prefix) {
				n++
				check(id, components.Word(ko, models.NewMsg(id)))
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d words of the arg families", n)
	}
}
