package models

import "time"

// Designation is what makes an account a designated organisation: a body
// the KCC designates for illegally filmed content (전기통신사업법 22-5) or an
// EU trusted flagger (DSA Art. 22). Only user accounts are designated; an
// admin marks them. Their reports and requests come first after
// escalations and are counted apart.
type Designation string

// The kinds of designated organisations.
const (
	DesignatedKCCBody        Designation = "kcc_body"
	DesignatedTrustedFlagger Designation = "trusted_flagger"
)

// Designations lists the kinds in the order pages offer them.
var Designations = []Designation{DesignatedKCCBody, DesignatedTrustedFlagger}

// Valid reports whether d is a known kind.
func (d Designation) Valid() bool { return d == DesignatedKCCBody || d == DesignatedTrustedFlagger }

// Designated reports whether u is a designated organisation.
func (u *User) Designated() bool { return u != nil && u.Designation != nil && u.Designation.Valid() }

// DesignatedFields are the User columns of a designation. Exported: GORM
// reads no columns of an unexported embedded struct.
type DesignatedFields struct {
	Designation  *Designation // nil: not a designated organisation
	DesignatedAt *time.Time
	DesignatedBy *int64
}
