package components

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"talksafe/models"
)

// The interface speaks English and Korean. Its words live in message files
// read with go-i18n, one pair per area of the portal: locales/en.json and
// ko.json for the users' pages, locales/<area>.en.json and <area>.ko.json
// for the others. The sentences of errors are the "error.<key>" messages
// (fmt formats, the same verbs in both languages). Korean follows
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
// {{.Placeholders}}. An unknown id is returned as it is (a test keeps every
// id in both files).
func T(ctx context.Context, id string, data ...map[string]any) string {
	if len(data) > 0 {
		s, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data[0]})
		if err != nil {
			return id
		}
		return s
	}
	key := Lang(ctx) + "\x00" + id
	if s, ok := words.Load(key); ok {
		return s.(string)
	}
	s, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		return id
	}
	words.Store(key, s)
	return s
}

// words keeps each message without data as it was worded, by language and
// id: the message files do not change while the program runs, and a page
// asks for hundreds of words.
var words sync.Map

// Tn is the message id for count things, in the plural form the page's
// language needs; {{.Count}} is the count.
func Tn(ctx context.Context, id string, count int64) string {
	s, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count,
		TemplateData: map[string]any{"Count": count}})
	if err != nil {
		return id
	}
	return s
}

// Word is an error's or a flash's words in the page's language: raw is a
// catalog key with its args (as models.FieldErrors holds them; a flash's
// key starts "flash.", an error's sentence is the message "error.<key>")
// or a sentence, which stays as it is.
func Word(ctx context.Context, raw string) string {
	if raw == "" {
		return ""
	}
	key, args := models.SplitFieldKey(raw)
	if !strings.HasPrefix(key, "flash.") {
		key = "error." + key
	}
	if s, ok := format(localizer(ctx), key, args...); ok {
		return s
	}
	return sentence(english, key, args...)
}

// sentence is the message id of a catalog key, with args, from l; the key
// without its "error." when the catalog does not know it.
func sentence(l *i18n.Localizer, id string, args ...any) string {
	if !strings.HasPrefix(id, "flash.") && !strings.HasPrefix(id, "error.") {
		id = "error." + id
	}
	if s, ok := format(l, id, args...); ok {
		return s
	}
	return strings.TrimPrefix(id, "error.")
}

func format(l *i18n.Localizer, id string, args ...any) (string, bool) {
	f, err := l.Localize(&i18n.LocalizeConfig{MessageID: id})
	if err != nil {
		return "", false
	}
	words := make([]any, len(args)) // as text: an arg may come as a number or, through a form's errors, as its text
	for i, a := range args {
		words[i] = fmt.Sprint(a)
		if s, ok := a.(string); ok && strings.HasPrefix(s, refMark) {
			if w, err := l.Localize(&i18n.LocalizeConfig{MessageID: s[len(refMark):]}); err == nil {
				words[i] = w
			}
		}
	}
	return fmt.Sprintf(f, words...), true
}

// refMark starts an arg that is a message id (see Ref).
const refMark = models.RefMark

// Ref is message id as an arg of an error or a flash ("Decided: %s"): Word
// puts it in the page's language with the sentence around it.
func Ref(id string) string { return refMark + id }

// RawError is err's catalog key with its args (or its sentence), for Word
// to put in words where the page is rendered.
func RawError(err error) string {
	e := models.AsError(err)
	if e == nil {
		return ""
	}
	if e.Key == "" {
		return e.Message
	}
	f := models.FieldErrors{}
	f.AddKey("e", e.Key, e.Args...)
	return f["e"]
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
