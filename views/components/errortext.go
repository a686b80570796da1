package components

import "talksafe/models"

// The words of errors. Models return coded errors with a catalog key and
// args (see models.Error); the message files hold the sentence a person
// reads for each key, as "error.<key>", a fmt format taking the args in
// order. A key that is not there is shown as it is: models code still
// writing sentences (models.Errorf, FieldErrors.Add with a sentence) reads
// as before.

// ErrorText is the sentence a person reads for err; "" when err is not a
// domain error.
func ErrorText(err error) string {
	e := models.AsError(err)
	if e == nil {
		return ""
	}
	if e.Key == "" {
		return e.Message
	}
	return Text(e.Key, e.Args...)
}

// FieldText is the sentence of a form field's error: a key of the catalog
// (with its args, see models.FieldErrors.AddKey) or a sentence.
func FieldText(v string) string {
	key, args := models.SplitFieldKey(v)
	return Text(key, args...)
}

// Text words key with args in English; a key the catalog does not know is
// returned as it is.
func Text(key string, args ...any) string {
	return sentence(english, key, args...)
}
