package components_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"talksafe/views/components"
)

var verbs = regexp.MustCompile(`%[sdv]`)

// Every message is in both languages, and every error of the catalog has
// its Korean sentence with the same fmt verbs.
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
	for _, id := range en {
		if !slices.Contains(ko, id) {
			t.Errorf("%s is in en.json, not in ko.json", id)
		}
	}
	keys := components.ErrorKeys()
	for _, id := range ko {
		if key, ok := strings.CutPrefix(id, "error."); ok {
			if !slices.Contains(keys, key) {
				t.Errorf("ko.json has %s, which the error catalog does not know", id)
			}
			continue
		}
		if !slices.Contains(en, id) {
			t.Errorf("%s is in ko.json, not in en.json", id)
		}
	}
	ctx := components.WithPage(context.Background(), &components.Page{Lang: "ko"})
	for _, key := range keys {
		ko := components.Word(ctx, key)
		if ko == components.Text(key) {
			t.Errorf("error %s has no Korean sentence", key)
			continue
		}
		if e, k := verbs.FindAllString(components.Text(key), -1), verbs.FindAllString(ko, -1); !slices.Equal(e, k) {
			t.Errorf("error %s: English takes %v, Korean %v", key, e, k)
		}
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
