package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Code says what kind of failure an Error is; handlers map it to a status.
type Code string

// The error codes of the domain.
const (
	NotFound   Code = "not_found"
	Invalid    Code = "invalid"
	Conflict   Code = "conflict"
	Forbidden  Code = "forbidden"
	Restricted Code = "restricted"
	Throttled  Code = "throttled"
	Internal   Code = "internal"
)

// Error is the one error type of the domain.
//
// Error text. Models say what failed, not how to word it: the sentence a
// person reads lives in the view layer (views/components/errortext.go),
// where the Korean interface will translate it. An error carries a Code (the
// kind of failure: it picks the HTTP status) and a Key (which failure, stable,
// dotted: "chat.not_found") with Args (the values its sentence needs, in the
// order the sentence takes them). Write
//
//	var errNoChat = Coded(NotFound, "chat.not_found")         // a sentinel
//	return Coded(Conflict, "block.already_blocked", p.DisplayName)
//	f.Add("body", "appeal.body_empty")                         // a field
//	f.AddKey("detail", "text.too_long", "1,000", n)            // with args
//
// and add each new key's English sentence (a fmt format) to the catalog; a
// field's args reach it as strings, so its sentence takes them with %s.
// Callers compare errors with errors.Is on sentinels, errors.As or
// ErrorCode, never by text.
//
// Errorf(code, "A sentence.") and f.Add(field, "A sentence.") keep working:
// a key the catalog does not know is shown as it is, so a sentence still
// written in models reads as before until it moves to the catalog.
type Error struct {
	Code    Code
	Key     string // the catalog key of the sentence; "" for an Errorf sentence
	Args    []any  // the values the sentence needs
	Message string // the Errorf sentence, or for a keyed error a short description for logs
	// Fields holds per-field keys (or sentences) of a form, by field name;
	// a key with args is encoded by AddKey (see SplitFieldKey).
	Fields map[string]string
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf returns an *Error with the code and a sentence for the user. New
// code returns Coded errors instead.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Coded returns an *Error with the code and the catalog key of its sentence,
// with the values the sentence needs.
func Coded(code Code, key string, args ...any) *Error {
	msg := key
	if len(args) > 0 {
		msg += fmt.Sprintf(" %v", args)
	}
	return &Error{Code: code, Key: key, Args: args, Message: msg}
}

// RefMark starts an arg of a coded error that is itself a message id: the
// page puts it in its language with the sentence around it
// (components.Word).
const RefMark = "\x1d"

// Ref is message id as an arg of a coded error ("restricted from %s").
func Ref(id string) string { return RefMark + id }

// FieldErrors collects the per-field keys (or sentences) of one form.
type FieldErrors map[string]string

// Add records key (a catalog key, or a sentence) for field unless the field
// already has one.
func (f FieldErrors) Add(field, key string) {
	if _, ok := f[field]; !ok {
		f[field] = key
	}
}

// fieldArgSep separates a field key from its args in a FieldErrors value.
const fieldArgSep = "\x1f"

// AddKey records key with the values its sentence needs for field unless the
// field already has one.
func (f FieldErrors) AddKey(field, key string, args ...any) {
	for _, a := range args {
		key += fieldArgSep + fmt.Sprint(a)
	}
	f.Add(field, key)
}

// SplitFieldKey splits a FieldErrors value into its key and args.
func SplitFieldKey(v string) (key string, args []any) {
	parts := strings.Split(v, fieldArgSep)
	for _, a := range parts[1:] {
		args = append(args, a)
	}
	return parts[0], args
}

// fieldValue is e's words as a FieldErrors value: its key and args, or its
// Errorf sentence.
func (e *Error) fieldValue() string {
	if e.Key == "" {
		return e.Message
	}
	f := FieldErrors{}
	f.AddKey("", e.Key, e.Args...)
	return f[""]
}

// fieldError is an Invalid *Error about one field, with key and args.
func fieldError(field, key string, args ...any) *Error {
	e := Coded(Invalid, key, args...)
	f := FieldErrors{}
	f.AddKey(field, key, args...)
	e.Fields = f
	return e
}

// Err returns nil when no field has a message, else an Invalid *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	e := Coded(Invalid, "form.invalid")
	e.Fields = f
	return e
}

// ErrorCode returns the code of err: Internal for errors that are not *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// AsError returns err as *Error, or nil when it is not one.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// notFound converts gorm's record-not-found into a NotFound *Error with key
// and passes every other error through.
func notFound(err error, key string, args ...any) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Coded(NotFound, key, args...)
	}
	return err
}
