package models

import "time"

// FriendState is one side's view of another user.
type FriendState string

// Friend states. No row at all means the two are strangers.
const (
	FriendStateFriend  FriendState = "friend"
	FriendStateHidden  FriendState = "hidden"
	FriendStateBlocked FriendState = "blocked"
)

// Valid reports whether s is a known state.
func (s FriendState) Valid() bool {
	switch s {
	case FriendStateFriend, FriendStateHidden, FriendStateBlocked:
		return true
	}
	return false
}

// Friendship is UserID's view of FriendID: friend, hidden friend or blocked.
// Each side has its own row.
type Friendship struct {
	UserID      int64 `gorm:"primaryKey;autoIncrement:false"`
	FriendID    int64 `gorm:"primaryKey;autoIncrement:false"`
	State       FriendState
	HideProfile bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
}
