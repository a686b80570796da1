package components

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"talksafe/models"
)

// The interface speaks English and Korean. Its words live in message files
// read with go-i18n, one pair per area of the portal: locales/en.json and
// ko.json for the users' pages, locales/<area>.en.json and <area>.ko.json
// for the others. The words of a models.Msg (errors, flashes) are fmt
// formats taking its args with %s, the same verbs in both languages; the
// sentences of errors are the "error.<key>" messages. Korean follows
// KakaoTalk's help-center terms: 신고하기, 신고 사유, 완료, 숨김친구,
// 차단친구, 친구 관리, 대화 내보내기.

//go:embed locales/*.json
var locales embed.FS

// Interface languages, the first the default.
var interfaceLanguages = []language.Tag{language.English, language.Korean}

var bundle = func() *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(locales, f); err != nil {
			panic(err)
		}
	}
	return b
}()

// localizers are the interface languages' localizers, made once: making one
// parses its language tags, which cost a fifth of a page's time when every
// word made its own.
var localizers = map[string]*i18n.Localizer{"en": i18n.NewLocalizer(bundle, "en"), "ko": i18n.NewLocalizer(bundle, "ko")}

var english = localizers["en"]

var matcher = language.NewMatcher(interfaceLanguages)

// MatchLanguage chooses the interface language: the account's setting,
// else the visitor's choice on the page (cookie), else the browser's
// Accept-Language, else English. It returns "en" or "ko".
func MatchLanguage(account, chosen, acceptLanguage string) string {
	for _, l := range []string{account, chosen} {
		if l == "en" || l == "ko" {
			return l
		}
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return "en"
	}
	base, _ := interfaceLanguages[i].Base()
	return base.String()
}

// Lang is the page's language, "en" or "ko".
func Lang(ctx context.Context) string {
	if l := PageFrom(ctx).Lang; l != "" {
		return l
	}
	return "en"
}

func localizer(ctx context.Context) *i18n.Localizer {
	if l, ok := localizers[Lang(ctx)]; ok {
		return l
	}
	return english
}

// T is the message id in the page's language, with data for its
// {{.Placeholders}}. An unknown id reads as a neutral sentence, never as
// itself (see MissingKeys; a test keeps every id in both files).
func T(ctx context.Context, id string, data ...map[string]any) string {
	if len(data) > 0 {
		s, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data[0]})
		if err != nil {
			return unknown(localizer(ctx), id)
		}
		return s
	}
	key := wordKey{Lang(ctx), id}
	if s, ok := words.Load(key); ok {
		return s.(string)
	}
	s, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		return unknown(localizer(ctx), id)
	}
	words.Store(key, s)
	return s
}

// Has reports whether the catalog has message id.
func Has(id string) bool {
	_, err := english.Localize(&i18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// words keeps each message without data as it was worded, by wordKey: the
// message files do not change while the program runs, and a page asks for
// hundreds of words.
var words sync.Map

type wordKey struct{ lang, id string }

// Tn is the message id for count things, in the plural form the page's
// language needs; {{.Count}} is the count.
func Tn(ctx context.Context, id string, count int64) string {
	s, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count,
		TemplateData: map[string]any{"Count": count}})
	if err != nil {
		return unknown(localizer(ctx), id)
	}
	return s
}

// Word is m in the page's language: its message with its args, an arg
// that is itself a Msg worded the same way.
func Word(ctx context.Context, m models.Msg) string { return word(localizer(ctx), m) }

// missingWords is the message a page shows for words the catalog does not
// have, rather than their key. TestKeysUsedAreInCatalog keeps it unseen,
// and the models' and handlers' tests fail on any id in MissingKeys.
const missingWords = "error.words_missing"

// missing holds the ids worded without a message since the program began.
var missing sync.Map

// MissingKeys lists the keys that were worded without a message in the
// catalog (and so read as missingWords).
func MissingKeys() []string {
	var keys []string
	missing.Range(func(k, _ any) bool { keys = append(keys, k.(string)); return true })
	slices.Sort(keys)
	return keys
}

// unknown records id as missing from the catalog, logs it once, and
// words missingWords instead.
func unknown(l *i18n.Localizer, id string) string {
	if _, seen := missing.LoadOrStore(id, true); !seen {
		slog.Error("words missing from the catalog", "id", id)
	}
	s, _ := l.Localize(&i18n.LocalizeConfig{MessageID: missingWords})
	return s
}

// CheckWords is a test run's exit code: code, or 1 when words were missing
// from the catalog (they are listed on stderr). A TestMain ends with
// os.Exit(components.CheckWords(m.Run())).
func CheckWords(code int) int {
	if keys := MissingKeys(); len(keys) > 0 {
		fmt.Fprintf(os.Stderr, "words missing from the catalog: %v\n", keys)
		return 1
	}
	return code
}

func word(l *i18n.Localizer, m models.Msg) string {
	if m.IsZero() {
		return ""
	}
	f, err := l.Localize(&i18n.LocalizeConfig{MessageID: m.Key})
	if err != nil {
		return unknown(l, m.Key)
	}
	if len(m.Args) == 0 {
		return f
	}
	args := make([]any, len(m.Args)) // as text: an arg may come as a number, or from a cookie as its text
	for i, a := range m.Args {
		if n, ok := a.(models.Msg); ok {
			args[i] = word(l, n)
		} else {
			args[i] = fmt.Sprint(a)
		}
	}
	return fmt.Sprintf(f, args...)
}

// MessageIDs lists the ids of a language's message files, and each id's
// file, for the test that keeps the files complete.
func MessageIDs(lang string) (map[string]string, error) {
	files, err := fs.Glob(locales, "locales/*.json")
	if err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, f := range files {
		if name := path.Base(f); name != lang+".json" && !strings.HasSuffix(name, "."+lang+".json") {
			continue
		}
		b, err := locales.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for id := range m {
			if other, dup := ids[id]; dup {
				return nil, fmt.Errorf("%s is in both %s and %s", id, other, f)
			}
			ids[id] = f
		}
	}
	return ids, nil
}

// ErrorKeys lists the keys of the error catalog (the English "error.<key>"
// messages).
func ErrorKeys() []string {
	ids, err := MessageIDs("en")
	if err != nil {
		panic(err)
	}
	var keys []string
	for id := range ids {
		if key, ok := strings.CutPrefix(id, "error."); ok {
			keys = append(keys, key)
		}
	}
	return keys
}
