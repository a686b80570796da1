package models

import "time"

// CaseState is where a case stands in the moderation queue.
type CaseState string

// The case states: open → claimed → resolved; escalated (by support or a
// moderator) stays at the top of the queue until resolved.
const (
	CaseOpen      CaseState = "open"
	CaseClaimed   CaseState = "claimed"
	CaseEscalated CaseState = "escalated"
	CaseResolved  CaseState = "resolved"
)

// CaseStates lists every case state, in the order the queue counts them.
var CaseStates = []CaseState{CaseOpen, CaseClaimed, CaseEscalated, CaseResolved}

// Valid reports whether s is a known case state.
func (s CaseState) Valid() bool {
	switch s {
	case CaseOpen, CaseClaimed, CaseEscalated, CaseResolved:
		return true
	}
	return false
}

// InReview reports whether a moderator or support has taken the case up:
// claimed or escalated, and not yet resolved.
func (s CaseState) InReview() bool { return s == CaseClaimed || s == CaseEscalated }

// CaseResolution is how a resolved case ended.
type CaseResolution string

// The resolutions of a case.
const (
	ResolutionActionTaken CaseResolution = "action_taken"
	ResolutionNoViolation CaseResolution = "no_violation"
	ResolutionFalseReport CaseResolution = "false_report"
)

// Valid reports whether r is a known resolution.
func (r CaseResolution) Valid() bool {
	switch r {
	case ResolutionActionTaken, ResolutionNoViolation, ResolutionFalseReport:
		return true
	}
	return false
}

// Case gathers the reports on one subject for moderation.
type Case struct {
	ID             int64
	SubjectType    SubjectType
	SubjectID      int64
	ReportedUserID int64
	State          CaseState
	Resolution     *CaseResolution
	Severity       int
	ReporterCount  int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}
