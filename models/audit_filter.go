package models

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// AuditFilter narrows the audit log. Dates are days ("2026-11-21") in the
// viewer's zone, both ends included; empty fields do not filter.
type AuditFilter struct {
	Actor       string // the actor's user name
	Action      string // "case.decide", or a prefix ending in "." ("case.")
	SubjectType string
	SubjectID   int64
	From, To    string
}

// The audit filter's query parameters.
const (
	AuditKeyActor       = "actor"
	AuditKeyAction      = "action"
	AuditKeySubjectType = "subject_type"
	AuditKeySubjectID   = "subject_id"
	AuditKeyFrom        = "from"
	AuditKeyTo          = "to"
)

// AuditFilterKeys are every query parameter of AuditFilter.
var AuditFilterKeys = []string{AuditKeyActor, AuditKeyAction, AuditKeySubjectType, AuditKeySubjectID, AuditKeyFrom, AuditKeyTo}

// ParseAuditFilter reads the audit log's filter from a query. Errors:
// Invalid with fields subject_id (not a positive number), from and to
// (not a day).
func ParseAuditFilter(q url.Values) (AuditFilter, error) {
	f := AuditFilter{Actor: q.Get(AuditKeyActor), Action: q.Get(AuditKeyAction), SubjectType: q.Get(AuditKeySubjectType),
		From: q.Get(AuditKeyFrom), To: q.Get(AuditKeyTo)}
	if s := q.Get(AuditKeySubjectID); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			n = -1 // refused by validate
		}
		f.SubjectID = n
	}
	return f, f.validate()
}

// validate refuses dates that are not days and a negative subject id.
func (f AuditFilter) validate() error {
	fe := FieldErrors{}
	if f.SubjectID < 0 {
		fe.Add(AuditKeySubjectID, "audit.subject_id_invalid")
	}
	for key, s := range map[string]string{AuditKeyFrom: f.From, AuditKeyTo: f.To} {
		if _, err := time.Parse(auditDayLayout, strings.TrimSpace(s)); s != "" && err != nil {
			fe.Add(key, "audit.date_invalid")
		}
	}
	return fe.Err()
}

const auditDayLayout = "2006-01-02"

// auditDay is the start of day s (checked by validate) in loc.
func auditDay(s string, loc *time.Location) time.Time {
	t, _ := time.ParseInLocation(auditDayLayout, strings.TrimSpace(s), loc)
	return t
}

// Values is f as a query, without the parameters that do not filter:
// ParseAuditFilter reads it back as f.
func (f AuditFilter) Values() url.Values {
	q := url.Values{}
	setParam(q, AuditKeyActor, f.Actor)
	setParam(q, AuditKeyAction, f.Action)
	setParam(q, AuditKeySubjectType, f.SubjectType)
	if f.SubjectID > 0 {
		q.Set(AuditKeySubjectID, strconv.FormatInt(f.SubjectID, 10))
	}
	setParam(q, AuditKeyFrom, f.From)
	setParam(q, AuditKeyTo, f.To)
	return q
}
