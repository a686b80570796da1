package models

import "net/url"

// DeskAssignee filters the queue by who has a ticket.
type DeskAssignee string

// The assignee filters.
const (
	AssignedAnyone DeskAssignee = ""
	AssignedToMe   DeskAssignee = "me"
	AssignedNobody DeskAssignee = "none"
)

// Valid reports whether a is a known assignee filter.
func (a DeskAssignee) Valid() bool {
	return a == AssignedAnyone || a == AssignedToMe || a == AssignedNobody
}

// DeskFilter narrows and orders the support desk's queue. A zero filter is
// every ticket not yet resolved, urgent first (DeskQueue).
type DeskFilter struct {
	State    TicketState    // "": every state but resolved
	Category TicketCategory // "": any
	Linked   bool           // only tickets linked to a report
	Assignee DeskAssignee
	Newest   bool // newest first instead of urgent first
}

// The desk filter's query parameters, and the value of DeskKeySort that
// orders the newest first (urgent first is the default, written as
// nothing).
const (
	DeskKeyState    = "state"
	DeskKeyCategory = "category"
	DeskKeyLinked   = "linked"
	DeskKeyAssigned = "assigned"
	DeskKeySort     = "sort"
	DeskSortNewest  = "newest"
)

// DeskFilterKeys are every query parameter of DeskFilter.
var DeskFilterKeys = []string{DeskKeyState, DeskKeyCategory, DeskKeyLinked, DeskKeyAssigned, DeskKeySort}

// ParseDeskFilter reads the desk's filter from a query. Errors: Invalid for
// an unknown state, category, assignee, order or check box value.
func ParseDeskFilter(q url.Values) (DeskFilter, error) {
	f := DeskFilter{
		State:    TicketState(q.Get(DeskKeyState)),
		Category: TicketCategory(q.Get(DeskKeyCategory)),
		Assignee: DeskAssignee(q.Get(DeskKeyAssigned)),
		Newest:   q.Get(DeskKeySort) == DeskSortNewest,
	}
	linked, ok := flagParam(q, DeskKeyLinked)
	f.Linked = linked
	if sort := q.Get(DeskKeySort); !ok || (sort != "" && sort != DeskSortNewest) {
		return f, errDeskFilter()
	}
	return f, f.validate()
}

// errDeskFilter is the desk's answer to a filter it does not know.
func errDeskFilter() error { return Coded(Invalid, "desk.filter_unknown") }

// validate refuses an unknown state, category or assignee.
func (f DeskFilter) validate() error {
	if (f.State != "" && !f.State.Valid()) || (f.Category != "" && !f.Category.Valid()) || !f.Assignee.Valid() {
		return errDeskFilter()
	}
	return nil
}

// Values is f as a query, without the parameters that do not filter:
// ParseDeskFilter reads it back as f.
func (f DeskFilter) Values() url.Values {
	q := url.Values{}
	setParam(q, DeskKeyState, string(f.State))
	setParam(q, DeskKeyCategory, string(f.Category))
	setFlag(q, DeskKeyLinked, f.Linked)
	setParam(q, DeskKeyAssigned, string(f.Assignee))
	if f.Newest {
		q.Set(DeskKeySort, DeskSortNewest)
	}
	return q
}
