package models

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextProblem is the message id of what keeps s from being text a person
// could have typed into a form field ("text.problem.<what>", worded as the
// end of a sentence about the field), or "" when nothing does: s must be valid UTF-8 with no
// NUL and no control character, except that a multi-line field may hold
// tabs and line breaks (CR, LF), and a one-line field may have them at its
// ends only (pasted text often ends with a line break; fields are trimmed).
func TextProblem(s string, multiline bool) string {
	if !utf8.ValidString(s) {
		return "text.problem.not_utf8"
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "text.problem.nul"
	}
	if !multiline {
		s = strings.Trim(s, " \t\r\n")
	}
	for _, r := range s {
		switch {
		case multiline && (r == '\t' || r == '\n' || r == '\r'):
		case r == '\n' || r == '\r':
			return "text.problem.line_break"
		case unicode.IsControl(r):
			return "text.problem.control"
		}
	}
	return ""
}
