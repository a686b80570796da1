package components

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"talksafe/models"
)

// The interface speaks English and Korean. Its words live in one message
// file per language (locales/en.json, locales/ko.json), read with go-i18n;
// the error sentences are the catalog in errortext.go (English) and the
// "error.<key>" messages of ko.json (Korean, the same fmt verbs). Korean
// follows KakaoTalk's help-center terms: 신고하기, 신고 사유, 완료, 숨김친구,
// 차단친구, 친구 관리, 대화 내보내기.

//go:embed locales/*.json
var locales embed.FS

// Interface languages, the first the default.
var interfaceLanguages = []language.Tag{language.English, language.Korean}

var bundle = func() *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, f := range []string{"locales/en.json", "locales/ko.json"} {
		if _, err := b.LoadMessageFileFS(locales, f); err != nil {
			panic(err)
		}
	}
	return b
}()

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

func localizer(ctx context.Context) *i18n.Localizer { return i18n.NewLocalizer(bundle, Lang(ctx)) }

// T is the message id in the page's language, with data for its
// {{.Placeholders}}. An unknown id is returned as it is (a test keeps every
// id in both files).
func T(ctx context.Context, id string, data ...map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, err := localizer(ctx).Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

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
// key starts "flash." and lives in the message files) or a sentence, which
// stays as it is.
func Word(ctx context.Context, raw string) string {
	if raw == "" {
		return ""
	}
	key, args := models.SplitFieldKey(raw)
	if strings.HasPrefix(key, "flash.") {
		if format, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: key}); err == nil {
			return fmt.Sprintf(format, args...)
		}
	}
	if Lang(ctx) != "en" {
		if format, err := localizer(ctx).Localize(&i18n.LocalizeConfig{MessageID: "error." + key}); err == nil {
			return fmt.Sprintf(format, args...)
		}
	}
	return Text(key, args...)
}

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

// MessageIDs lists the ids of a language's message file, for the test that
// keeps both files complete.
func MessageIDs(lang string) ([]string, error) {
	b, err := locales.ReadFile("locales/" + lang + ".json")
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	return ids, nil
}

// ErrorKeys lists the keys of the English error catalog.
func ErrorKeys() []string {
	keys := make([]string, 0, len(english))
	for k := range english {
		keys = append(keys, k)
	}
	return keys
}
