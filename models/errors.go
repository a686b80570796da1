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

// Error is the one error type of the domain. Message is fit to show the user;
// Fields holds per-field messages of a form, keyed by the form field's name.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf returns an *Error with the code and a message for the user.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors collects the per-field messages of one form.
type FieldErrors map[string]string

// Add records msg for field unless the field already has a message.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when no field has a message, else an Invalid *Error.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "Please correct the fields marked below.", Fields: f}
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

// notFound converts gorm's record-not-found into a NotFound *Error with msg
// and passes every other error through.
func notFound(err error, msg string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Errorf(NotFound, "%s", msg)
	}
	return err
}
