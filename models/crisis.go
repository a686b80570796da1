package models

// Crisis help: where a user tells us they are in danger, the page shows the
// emergency numbers in Korea before anything else (views/crisis.templ).

// The reasons a reporter picks when someone threatens them or talks of
// harming themselves.
const (
	ReasonThreat   ReportReason = "threat"
	ReasonSelfHarm ReportReason = "self_harm"
)

// NeedsCrisisHelp reports whether a report with these reasons tells of a
// danger to someone: a threat, violence, or suicide and self-harm.
func (l ReasonList) NeedsCrisisHelp() bool {
	for _, r := range l {
		if r == ReasonThreat || r == ReasonSelfHarm {
			return true
		}
	}
	return false
}

// NeedsCrisisHelp reports whether a ticket of category c tells of a danger
// to its user ("a threat to my safety").
func (c TicketCategory) NeedsCrisisHelp() bool { return c == TicketSafetyThreat }
