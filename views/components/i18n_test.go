package components_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"talksafe/views/components"
)

var verbs = regexp.MustCompile(`%[sdv]`)

// otherVerbs finds, in a sentence worded without its args, a verb other
// than %s.
var otherVerbs = regexp.MustCompile(`%!([^s])\(MISSING\)`)

// Every message is in both languages, in the same area's files, and every
// error of the catalog has its Korean sentence with the same fmt verbs.
func TestMessageFilesComplete(t *testing.T) {
	t.Parallel()
	en, err := components.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	ko, err := components.MessageIDs("ko")
	if err != nil {
		t.Fatal(err)
	}
	koFile := func(enFile string) string {
		if enFile == "locales/en.json" {
			return "locales/ko.json"
		}
		return strings.TrimSuffix(enFile, ".en.json") + ".ko.json"
	}
	for id, f := range en {
		if kf, ok := ko[id]; !ok {
			t.Errorf("%s is in %s, not in Korean", id, f)
		} else if kf != koFile(f) {
			t.Errorf("%s is in %s, and in Korean in %s rather than %s", id, f, kf, koFile(f))
		}
	}
	for id, f := range ko {
		if _, ok := en[id]; !ok {
			t.Errorf("%s is in %s, not in English", id, f)
		}
	}
	ctx := components.WithPage(context.Background(), &components.Page{Lang: "ko"})
	for _, key := range components.ErrorKeys() {
		ko := components.Word(ctx, key)
		if ko == components.Text(key) {
			t.Errorf("error %s has no Korean sentence", key)
			continue
		}
		if m := otherVerbs.FindStringSubmatch(components.Text(key)); m != nil {
			t.Errorf("error %s takes %%%s: its args come as text, so %%s", key, m[1])
		}
		if e, k := verbs.FindAllString(components.Text(key), -1), verbs.FindAllString(ko, -1); !slices.Equal(e, k) {
			t.Errorf("error %s: English takes %v, Korean %v", key, e, k)
		}
	}
}

// keyUses finds the catalog keys the code writes: models' coded errors and
// field keys, the handlers' flashes and error pages.
var keyUses = regexp.MustCompile(`(?:Coded\(\w+, |AddKey\("\w+", |\.Add\("\w+", |NewHTTPError\(http\.\w+, |words\()"([a-z_]+\.[a-z_.]+)"|"(flash\.[a-z_.]+)"`)

// Every key the code uses is in the catalog: a key without its sentence
// would reach the page as it is.
func TestKeysUsedAreInCatalog(t *testing.T) {
	t.Parallel()
	ids, err := components.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../models/*.go")
	more, _ := filepath.Glob("../../handlers/*.go")
	seen := 0
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyUses.FindAllStringSubmatch(string(src), -1) {
			seen++
			id := m[2]
			if id == "" {
				id = "error." + m[1]
			}
			if strings.HasPrefix(m[1], "flash.") {
				id = m[1]
			}
			if _, ok := ids[id]; !ok {
				t.Errorf("%s uses %s, which the catalog does not have", filepath.Base(f), id)
			}
		}
	}
	if seen < 50 {
		t.Fatalf("found only %d uses of catalog keys: is the pattern still right?", seen)
	}
}

func TestMatchLanguage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ account, chosen, accept, want string }{
		{"", "", "", "en"},
		{"", "", "ko-KR,ko;q=0.9,en;q=0.8", "ko"},
		{"", "", "fr-FR,fr;q=0.9", "en"},
		{"", "", "fr;q=0.9,ko;q=0.5", "ko"},
		{"", "ko", "en-US", "ko"},
		{"en", "ko", "ko-KR", "en"},
		{"ko", "", "en-US", "ko"},
		{"", "xx", "not a header", "en"},
	} {
		if got := components.MatchLanguage(c.account, c.chosen, c.accept); got != c.want {
			t.Errorf("MatchLanguage(%q, %q, %q) = %q, want %q", c.account, c.chosen, c.accept, got, c.want)
		}
	}
}

func TestPluralsAndPlaceholders(t *testing.T) {
	t.Parallel()
	en := components.WithPage(context.Background(), &components.Page{Lang: "en"})
	ko := components.WithPage(context.Background(), &components.Page{Lang: "ko"})
	for _, c := range []struct {
		ctx  context.Context
		n    int64
		want string
	}{
		{en, 1, "1 unread message"}, {en, 3, "3 unread messages"}, {ko, 1, "읽지 않은 메시지 1개"}, {ko, 3, "읽지 않은 메시지 3개"},
	} {
		if got := components.Tn(c.ctx, "chats.unread", c.n); got != c.want {
			t.Errorf("Tn(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := components.Word(ko, "friend.add_already\x1fBob"); got != "Bob 님은 이미 친구입니다." {
		t.Errorf("Korean error with an argument: %q", got)
	}
}
