package models

import (
	"errors"
	"fmt"

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
// person reads lives in the catalog of the view layer
// (views/components/locales), in English and Korean. An error carries a
// Code (the kind of failure: it picks the HTTP status) and a Msg: its Key
// is the catalog's "error.<key>" (stable, dotted: "chat.not_found"), its
// Args the values the sentence needs, in the order the sentence takes them
// (an arg that is itself words is a Msg). Write
//
//	var errNoChat = Coded(NotFound, "chat.not_found")         // a sentinel
//	return Coded(Conflict, "block.already_blocked", p.DisplayName)
//	f.Add("body", "appeal.body_empty")                         // a field
//	f.Add("detail", "text.too_long", "1,000", n)               // with args
//
// and add each new key's sentence (a fmt format taking its args with %s) to
// both languages' files. Callers compare errors with errors.Is on
// sentinels, errors.As or ErrorCode, never by text.
type Error struct {
	Code    Code
	Msg            // the words a person reads; zero for an Errorf error
	Message string // a short description for logs (Error)
	// Fields holds the words of each field of a form, by field name.
	Fields FieldErrors
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf returns an *Error with the code and a description, without words
// for a page: for errors no page shows (internal faults, the refusals of
// the command line's seed commands, which speak English).
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
	return &Error{Code: code, Msg: errMsg(key, args...), Message: msg}
}

// On puts e's words beside field of its form and returns e.
func (e *Error) On(field string) *Error {
	e.Fields = FieldErrors{field: e.Msg}
	return e
}

// FieldErrors collects the words of the fields of one form.
type FieldErrors map[string]Msg

// Add records error key, with the values its sentence needs, for field
// unless the field already has words.
func (f FieldErrors) Add(field, key string, args ...any) { f.put(field, errMsg(key, args...)) }

// Has reports whether field has words.
func (f FieldErrors) Has(field string) bool { return !f[field].IsZero() }

func (f FieldErrors) put(field string, m Msg) {
	if !f.Has(field) {
		f[field] = m
	}
}

// fieldError is an Invalid *Error about one field, with key and args.
func fieldError(field, key string, args ...any) *Error {
	return Coded(Invalid, key, args...).On(field)
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
