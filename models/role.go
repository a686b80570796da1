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

// IsStaff reports whether r is a staff role.
func (r Role) IsStaff() bool { return r.Valid() && r != RoleUser }
