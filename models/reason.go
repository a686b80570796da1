package models

import (
	"database/sql/driver"
	"fmt"
	"strings"
)

// ReportReason is one of the Reasons for Reporting.
type ReportReason string

// ReasonInfo is a reason's label and the severity that orders the queue.
type ReasonInfo struct {
	Code     ReportReason
	Label    string
	Severity int
}

// Reasons are the Reasons for Reporting, in the order the Report pop-up
// shows them.
var Reasons = []ReasonInfo{
	{"sexual_exploitation", "Child sexual exploitation or illegally filmed content", 5},
	{"threat", "Threats, violence or terrorism", 4},
	{"self_harm", "Suicide or self-harm", 4},
	{"personal_info", "Leaking someone's personal information", 3},
	{"obscene", "Obscene or sexual content", 3},
	{"illegal_gambling", "Illegal gambling, drugs or other illegal goods", 3},
	{"fraud", "Fraud, phishing or account theft", 3},
	{"harassment", "Abuse, harassment or defamation", 2},
	{"hate", "Hate speech or discrimination", 2},
	{"harmful_to_minors", "Harmful to minors", 2},
	{"spam", "Spam, advertising or flooding", 1},
	{ReasonOther, "Other (describe)", 1},
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
