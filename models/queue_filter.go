package models

import "net/url"

// QueueSort is an order of the queue.
type QueueSort string

// The queue's orders.
const (
	SortPriority QueueSort = "priority"
	SortOldest   QueueSort = "oldest"
)

// Valid reports whether s is a known order.
func (s QueueSort) Valid() bool { return s == SortPriority || s == SortOldest }

// QueueFilter narrows the queue. The zero value lists every case that is not
// resolved, by priority.
type QueueFilter struct {
	State        CaseState // "" for every case that is not resolved
	Reason       ReportReason
	SubjectType  SubjectType
	ReportedName string // the reported user's name
	Escalated    bool
	Unclaimed    bool
	Mine         bool      // claimed by the viewer
	Sort         QueueSort // "" is SortPriority
}

// The queue filter's query parameters.
const (
	QueueKeyState     = "state"
	QueueKeyReason    = "reason"
	QueueKeyType      = "type"
	QueueKeyUser      = "user"
	QueueKeyEscalated = "escalated"
	QueueKeyUnclaimed = "unclaimed"
	QueueKeyMine      = "mine"
	QueueKeySort      = "sort"
)

// QueueFilterKeys are every query parameter of QueueFilter.
var QueueFilterKeys = []string{QueueKeyState, QueueKeyReason, QueueKeyType, QueueKeyUser,
	QueueKeyEscalated, QueueKeyUnclaimed, QueueKeyMine, QueueKeySort}

// ParseQueueFilter reads the queue's filter from a query; a missing order
// is SortPriority. Errors: Invalid for an unknown state, reason, subject
// type, order or check box value.
func ParseQueueFilter(q url.Values) (QueueFilter, error) {
	f := QueueFilter{
		State:        CaseState(q.Get(QueueKeyState)),
		Reason:       ReportReason(q.Get(QueueKeyReason)),
		SubjectType:  SubjectType(q.Get(QueueKeyType)),
		ReportedName: q.Get(QueueKeyUser),
		Sort:         QueueSort(q.Get(QueueKeySort)),
	}
	if f.Sort == "" {
		f.Sort = SortPriority
	}
	var ok [3]bool
	f.Escalated, ok[0] = flagParam(q, QueueKeyEscalated)
	f.Unclaimed, ok[1] = flagParam(q, QueueKeyUnclaimed)
	f.Mine, ok[2] = flagParam(q, QueueKeyMine)
	if ok != [3]bool{true, true, true} {
		return f, errQueueFilter()
	}
	return f, f.validate()
}

// errQueueFilter is the queue's answer to a filter it does not know.
func errQueueFilter() error { return Coded(Invalid, "queue.filter_unknown") }

// validate refuses an unknown state, reason, subject type or order.
func (f QueueFilter) validate() error {
	if (f.State != "" && !f.State.Valid()) || (f.Reason != "" && !f.Reason.Valid()) ||
		(f.SubjectType != "" && !f.SubjectType.Valid()) || (f.Sort != "" && !f.Sort.Valid()) {
		return errQueueFilter()
	}
	return nil
}

// Values is f as a query, without the parameters that do not filter (the
// priority order among them): ParseQueueFilter reads it back as f.
func (f QueueFilter) Values() url.Values {
	q := url.Values{}
	setParam(q, QueueKeyState, string(f.State))
	setParam(q, QueueKeyReason, string(f.Reason))
	setParam(q, QueueKeyType, string(f.SubjectType))
	setParam(q, QueueKeyUser, f.ReportedName)
	setFlag(q, QueueKeyEscalated, f.Escalated)
	setFlag(q, QueueKeyUnclaimed, f.Unclaimed)
	setFlag(q, QueueKeyMine, f.Mine)
	if f.Sort != SortPriority {
		setParam(q, QueueKeySort, string(f.Sort))
	}
	return q
}
