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
	ClaimedBy      *int64
	ClaimedAt      *time.Time
	EscalatedAt    *time.Time
	EscalationNote string // support's or a moderator's note for the moderators
	ResolvedBy     *int64
	ResolvedAt     *time.Time
	PolicyReason   *string
	InternalNote   string
	UserNote       string
	DecisionID     *int64 // the decision that stands on it: set once decided, cleared when reversed
	Weight         float64
	Fingerprint    *string    // its evidence text's, for spam waves (wave.go); nil when too short or not yet read
	WaveID         *int64     // the case that leads the spam wave it belongs to, if any
	Reasons        ReasonList `gorm:"type:text[];->"` // the distinct reasons of its reports, kept by the database
	Rank           float64    `gorm:"->"`             // stored by the database from the priority rule (queue.go)
	LegalRequest   bool       // a legal request rides on it (legal.go): right after escalations in the queue
	// DesignatedReporter: a designated organisation reported it (kept by
	// the reports trigger, migration 00025).
	DesignatedReporter bool `gorm:"->"`
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Escalated reports whether support or a moderator escalated the case: it
// stays at the top of the queue until resolved.
func (c *Case) Escalated() bool { return c.EscalatedAt != nil }

// Open reports whether the case still waits for a decision.
func (c *Case) Open() bool { return c.State != CaseResolved }

// ClaimedByOther reports whether another moderator than userID holds the case.
func (c *Case) ClaimedByOther(userID int64) bool {
	return c.Open() && c.ClaimedBy != nil && *c.ClaimedBy != userID
}

// CanClaim reports whether u may claim the case: a moderator, while it
// waits for a decision and nobody holds it (ClaimCase).
func (c *Case) CanClaim(u *User) bool {
	return u != nil && u.Role.CanModerate() && c.Open() && c.ClaimedBy == nil
}

// CanRelease reports whether u may give the case back: the moderator who
// holds it (ReleaseCase).
func (c *Case) CanRelease(u *User) bool {
	return u != nil && u.Role.CanModerate() && c.ClaimedByMe(u.ID)
}

// ClaimedByMe reports whether userID holds the case.
func (c *Case) ClaimedByMe(userID int64) bool {
	return c.Open() && c.ClaimedBy != nil && *c.ClaimedBy == userID
}
