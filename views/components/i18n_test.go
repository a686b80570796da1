package components_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

var verbs = regexp.MustCompile(`%[sdv]`)

// otherVerbs finds, in a message's format, a verb other than %s.
var otherVerbs = regexp.MustCompile(`%([^s%])`)

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
	for _, key := range components.ErrorKeys() {
		id := "error." + key
		en, _ := components.RawMessage("en", id)
		ko, _ := components.RawMessage("ko", id)
		if ko == en {
			t.Errorf("error %s has no Korean sentence", key)
			continue
		}
		if m := otherVerbs.FindStringSubmatch(en); m != nil {
			t.Errorf("error %s takes %%%s: its args come as text, so %%s", key, m[1])
		}
		if e, k := verbs.FindAllString(en, -1), verbs.FindAllString(ko, -1); !slices.Equal(e, k) {
			t.Errorf("error %s: English takes %v, Korean %v", key, e, k)
		}
	}
}

// keyUses finds the message ids the code writes, each with the prefix its
// catalog id takes: models' coded errors, field errors and sentinels
// ("error.<key>"), and the words handlers, models and views make as values
// (NewMsg, flashes: the id itself).
var keyUses = []struct {
	re     *regexp.Regexp
	prefix string
	units  bool // the id is a family by unit of time: waitKey
}{
	{regexp.MustCompile(`(?:Coded\([\w.]+, |fieldError\("\w+", |\.Add\((?:"\w+"|\w+), |notFound\(err, |errMsg\()"([a-z_]+\.[a-z_.]*[a-z_])"`), "error.", false},
	{regexp.MustCompile(`check(?:Length|Text)\(f, [^\n]*, "([a-z_]+\.[a-z_.]*[a-z_])"\)`), "error.", false},
	{regexp.MustCompile(`NewMsg\("([a-z_]+\.[a-z_.]*[a-z_])"[,)]`), "", false},
	{regexp.MustCompile(`"(flash\.[a-z_.]+)"`), "", false},
	{regexp.MustCompile(`return "((?:user|text)\.[a-z_.]+)"`), "", false}, // DisplayNameProblem's keys, TextProblem's ids: below
	{regexp.MustCompile(`(?:ensureAllowed\(\w+, \w+, \w+, |restrictedError\()"([a-z ]+)"`), "account.doing_", false},
	{regexp.MustCompile(`waitKey\("([a-z_.]+)"`), "error.", true},
}

// Every message id the code uses is in both languages: an id without its
// words would read as a neutral sentence, and the words meant are lost.
func TestKeysUsedAreInCatalog(t *testing.T) {
	t.Parallel()
	en, err := components.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	ko, err := components.MessageIDs("ko")
	if err != nil {
		t.Fatal(err)
	}
	check := func(where, id string) {
		if _, ok := en[id]; !ok {
			t.Errorf("%s uses %s, which the English catalog does not have", where, id)
		}
		if _, ok := ko[id]; !ok {
			t.Errorf("%s uses %s, which the Korean catalog does not have", where, id)
		}
	}
	var files []string
	for _, dir := range []string{"../../models", "../../handlers", "../../views", "."} {
		f, _ := filepath.Glob(dir + "/*.go")
		files = append(files, f...)
	}
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, use := range keyUses {
			for _, m := range use.re.FindAllStringSubmatch(string(src), -1) {
				seen++
				id := use.prefix + strings.ReplaceAll(m[1], " ", "_")
				switch {
				case strings.HasPrefix(m[1], "user."): // a display name's problem: an error key
					id = "error." + m[1]
				case use.units:
					for _, unit := range []string{"_second", "_seconds", "_minute", "_minutes"} {
						check(filepath.Base(f), id+unit)
					}
					continue
				}
				check(filepath.Base(f), id)
			}
		}
	}
	if seen < 150 {
		t.Fatalf("found only %d uses of message ids: are the patterns still right?", seen)
	}
	// The words made from a value: the subject of a report, a policy rule.
	for _, typ := range []models.SubjectType{models.SubjectPost, models.SubjectComment, models.SubjectMessage} {
		check("report_target.go", "report.subject_word."+string(typ))
	}
	for _, p := range models.PolicyReasons() {
		check("restriction.go", views.PolicyKey(string(p.Code)))
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
	if got := components.Word(ko, models.NewMsg("error.friend.add_already", "Bob")); got != "Bob 님은 이미 친구입니다." {
		t.Errorf("Korean error with an argument: %q", got)
	}
}
