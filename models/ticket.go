package models

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TicketState is where a Customer Service ticket stands.
type TicketState string

// The ticket states: open (support's turn), waiting on the user, with
// moderation (a linked case was escalated and is not yet decided), resolved
// (with an outcome; the user may reopen it within ReopenWindow).
const (
	TicketOpen           TicketState = "open"
	TicketWaitingOnUser  TicketState = "waiting_on_user"
	TicketWithModeration TicketState = "with_moderation"
	TicketResolved       TicketState = "resolved"
)

// TicketStates lists every ticket state, in the order the desk counts them.
var TicketStates = []TicketState{TicketOpen, TicketWaitingOnUser, TicketWithModeration, TicketResolved}

// Valid reports whether s is a known ticket state.
func (s TicketState) Valid() bool {
	switch s {
	case TicketOpen, TicketWaitingOnUser, TicketWithModeration, TicketResolved:
		return true
	}
	return false
}

// Resolved reports whether s is the resolved state.
func (s TicketState) Resolved() bool { return s == TicketResolved }

// WithModeration reports whether the ticket waits on a moderation decision.
func (s TicketState) WithModeration() bool { return s == TicketWithModeration }

// TicketCategory is what a ticket is about.
type TicketCategory string

// The ticket categories, after the help page.
const (
	TicketIllegalAct     TicketCategory = "illegal_act"     // an illegal act needing measures
	TicketSafetyThreat   TicketCategory = "safety_threat"   // a threat to my safety
	TicketPoliceEvidence TicketCategory = "police_evidence" // I need evidence for the police
	TicketAppeal         TicketCategory = "appeal"          // appeal a restriction
	TicketOther          TicketCategory = "other"
)

// TicketCategories lists every category, in the order the form offers them.
var TicketCategories = []TicketCategory{TicketIllegalAct, TicketSafetyThreat, TicketPoliceEvidence, TicketAppeal, TicketOther}

// Valid reports whether c is a known category.
func (c TicketCategory) Valid() bool {
	switch c {
	case TicketIllegalAct, TicketSafetyThreat, TicketPoliceEvidence, TicketAppeal, TicketOther:
		return true
	}
	return false
}

// IsAppeal reports whether a ticket of category c appeals a restriction.
func (c TicketCategory) IsAppeal() bool { return c == TicketAppeal }

// Customer Service's numbers.
const (
	ReopenWindow        = 7 * 24 * time.Hour // a resolved ticket can be reopened this long
	FirstResponseTarget = 24 * time.Hour     // support answers a new ticket within this
	MaxTicketText       = 5000               // description, messages and notes, in characters
	MaxTicketOutcome    = 2000               // the outcome text and the note to moderation
	ticketSubjectLen    = 80
)

// Ticket is one user's Customer Service ticket.
type Ticket struct {
	ID               int64
	UserID           int64
	Category         TicketCategory
	Subject          string
	Description      string
	State            TicketState
	Outcome          string
	AssignedTo       *int64
	RestrictionID    *int64
	AppealID         *int64
	CaseID           *int64 // the case it waits (or waited) on with moderation
	ModerationResult *CaseResolution
	FirstResponseAt  *time.Time
	ResolvedBy       *int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
	ResolvedAt       *time.Time
}

// ReopenableAt reports whether a resolved ticket can still be reopened at
// now (within ReopenWindow of its resolution).
func (t *Ticket) ReopenableAt(now time.Time) bool {
	return t.State.Resolved() && t.ResolvedAt != nil && now.Before(t.ResolvedAt.Add(ReopenWindow))
}

// Reopenable is ReopenableAt now.
func (t *Ticket) Reopenable() bool { return t.ReopenableAt(time.Now()) }

// ReopenUntil is when a resolved ticket can no longer be reopened.
func (t *Ticket) ReopenUntil() time.Time {
	if t.ResolvedAt == nil {
		return time.Time{}
	}
	return t.ResolvedAt.Add(ReopenWindow)
}

// UserCanReply reports whether the ticket's user can add a message: while
// it is not resolved, or within the reopen window (the message reopens it).
func (t *Ticket) UserCanReply() bool { return !t.State.Resolved() || t.Reopenable() }

// HeldByOther reports whether a support agent other than u holds (has
// claimed, or was assigned) the ticket: its replies and resolution are
// theirs until u takes it over.
func (t *Ticket) HeldByOther(u *User) bool {
	return u != nil && t.AssignedTo != nil && *t.AssignedTo != u.ID
}

// FirstResponseDue is when support's first reply is due.
func (t *Ticket) FirstResponseDue() time.Time { return t.CreatedAt.Add(FirstResponseTarget) }

// OverdueAt reports whether the ticket still waits for support's first reply
// past the first-response target at now.
func (t *Ticket) OverdueAt(now time.Time) bool {
	return t.FirstResponseAt == nil && !t.State.Resolved() && now.After(t.FirstResponseDue())
}

// Overdue is OverdueAt now.
func (t *Ticket) Overdue() bool { return t.OverdueAt(time.Now()) }

// TicketMessage is one message of a ticket's thread.
type TicketMessage struct {
	ID        int64
	TicketID  int64
	AuthorID  *int64
	FromStaff bool
	Body      string
	CreatedAt time.Time
}

// ticketSubject is the first line of a description, shortened.
func ticketSubject(description string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(description), "\n")
	line = strings.TrimSpace(line)
	if r := []rune(line); len(r) > ticketSubjectLen {
		line = strings.TrimSpace(string(r[:ticketSubjectLen-1])) + "…"
	}
	return line
}

// checkText trims s and adds field's error when it is empty (empty, the
// key saying what to write) or longer than limit characters.
func checkText(f FieldErrors, field, s string, limit int, empty string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		f.Add(field, empty)
	case utf8.RuneCountInString(s) > limit:
		f.Add(field, "ticket.too_long", groupThousands(limit))
	}
	return s
}

// groupThousands writes n with a comma between groups of three digits.
func groupThousands(n int) string {
	d := strconv.Itoa(n)
	var b strings.Builder
	for i := range len(d) {
		if i > 0 && (len(d)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(d[i])
	}
	return b.String()
}
