package models

import (
	"database/sql/driver"
	"fmt"
	"strings"
)

// ReportReason is one of the Reasons for Reporting.
type ReportReason string

// ReasonInfo is a reason and the severity that orders the queue; its name
// is the view's ("reason.<code>" in the catalog).
type ReasonInfo struct {
	Code     ReportReason
	Severity int
}

// Reasons are the Reasons for Reporting, in the order the Report pop-up
// shows them.
var Reasons = []ReasonInfo{
	{"sexual_exploitation", 5},
	{"threat", 4},
	{"self_harm", 4},
	{"personal_info", 3},
	{"obscene", 3},
	{"illegal_gambling", 3},
	{"fraud", 3},
	{"harassment", 2},
	{"hate", 2},
	{"harmful_to_minors", 2},
	{"spam", 1},
	{ReasonOther, 1},
}

// ReasonOther needs a sentence in the report's text box.
const ReasonOther ReportReason = "other"

func (r ReportReason) info() (ReasonInfo, bool) {
	for _, i := range Reasons {
		if i.Code == r {
			return i, true
		}
	}
	return ReasonInfo{}, false
}

// Valid reports whether r is a known reason.
func (r ReportReason) Valid() bool { _, ok := r.info(); return ok }

// Severity orders the queue: 5 is the worst.
func (r ReportReason) Severity() int { i, _ := r.info(); return i.Severity }

// ReasonList is a report's reasons, stored as a PostgreSQL text[].
type ReasonList []ReportReason

// Value writes the list as an array literal; codes need no quoting.
func (l ReasonList) Value() (driver.Value, error) {
	parts := make([]string, len(l))
	for i, r := range l {
		if !r.Valid() {
			return nil, fmt.Errorf("unknown report reason %q", r)
		}
		parts[i] = string(r)
	}
	return "{" + strings.Join(parts, ",") + "}", nil
}

// Scan reads an array literal such as {spam,other}.
func (l *ReasonList) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("report reasons: cannot scan %T", src)
	}
	s = strings.Trim(s, "{}")
	*l = (*l)[:0]
	if s == "" {
		return nil
	}
	for _, p := range strings.Split(s, ",") {
		*l = append(*l, ReportReason(strings.Trim(p, `"`)))
	}
	return nil
}

// SubjectType is what a report is about.
type SubjectType string

// The subjects of reports.
const (
	SubjectPost    SubjectType = "post"
	SubjectComment SubjectType = "comment"
	SubjectMessage SubjectType = "message"
)

// Valid reports whether s is a known subject type.
func (s SubjectType) Valid() bool {
	return s == SubjectPost || s == SubjectComment || s == SubjectMessage
}
