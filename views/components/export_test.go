package components

import "github.com/nicksnyder/go-i18n/v2/i18n"

// RawMessage is message id of lang as the catalog holds it, its fmt verbs
// not yet filled.
func RawMessage(lang, id string) (string, bool) {
	s, err := localizers[lang].Localize(&i18n.LocalizeConfig{MessageID: id})
	return s, err == nil
}
