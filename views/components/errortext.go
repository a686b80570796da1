package components

import "talksafe/models"

// ErrorText is err's words in English, for the command line; "" when err
// is not a domain error. An Errorf error, which has no words for a page,
// gives its description.
func ErrorText(err error) string {
	e := models.AsError(err)
	if e == nil {
		return ""
	}
	if e.IsZero() {
		return e.Message
	}
	return Text(e.Msg)
}

// Text is m in English.
func Text(m models.Msg) string { return word(english, m) }
