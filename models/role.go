package models

// Role is what an account may do.
type Role string

// The roles, from least to most trusted.
const (
	RoleUser      Role = "user"
	RoleModerator Role = "moderator"
	RoleSupport   Role = "support"
	RoleAdmin     Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleUser, RoleModerator, RoleSupport, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleUser, RoleModerator, RoleSupport, RoleAdmin:
		return true
	}
	return false
}

// CanModerate reports whether an account of role r decides moderation:
// claims and decides cases, lifts restrictions, judges appeals. Admins read
// the moderation pages; moderators decide.
func (r Role) CanModerate() bool { return r == RoleModerator }

// CanReadModeration reports whether an account of role r reads the
// moderation pages: the queue, cases, appeals and stats.
func (r Role) CanReadModeration() bool { return r == RoleModerator || r == RoleAdmin }

// CanManageStaff reports whether an account of role r keeps the staff
// accounts and reads the audit log.
func (r Role) CanManageStaff() bool { return r == RoleAdmin }

// IsStaff reports whether r is a staff role.
func (r Role) IsStaff() bool { return r.Valid() && r != RoleUser }
