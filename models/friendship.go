package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

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

// IsFriend reports whether s makes the other user a friend: a hidden friend
// is still a friend (the rules for friends' messages hold for them).
func (s FriendState) IsFriend() bool { return s == FriendStateFriend || s == FriendStateHidden }

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

// Person is another user as a list shows them, with my view of them.
type Person struct {
	ID          int64
	Name        string
	DisplayName string
	State       FriendState // "" when we are strangers
	HideProfile bool
}

// people lists the users userID holds in one of states, by display name,
// filtered by query (a part of the name or the display name) when given.
func people(ctx context.Context, db *gorm.DB, userID int64, query string, states ...FriendState) ([]Person, error) {
	q := db.WithContext(ctx).Table("friendships f").
		Select("u.id, u.name, u.display_name, f.state, f.hide_profile").
		Joins("JOIN users u ON u.id = f.friend_id").
		Where("f.user_id = ? AND f.state IN ?", userID, states).
		Order("lower(u.display_name), u.name")
	if query = strings.TrimSpace(query); query != "" {
		like := "%" + escapeLike(strings.ToLower(query)) + "%"
		q = q.Where("(u.name LIKE ? OR lower(u.display_name) LIKE ?)", like, like)
	}
	var out []Person
	return out, q.Scan(&out).Error
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Friends lists userID's friends who are neither hidden nor blocked,
// filtered by query when given.
func Friends(ctx context.Context, db *gorm.DB, userID int64, query string) ([]Person, error) {
	return people(ctx, db, userID, query, FriendStateFriend)
}

// HiddenFriends lists userID's hidden friends.
func HiddenFriends(ctx context.Context, db *gorm.DB, userID int64) ([]Person, error) {
	return people(ctx, db, userID, "", FriendStateHidden)
}

// BlockedUsers lists the users userID blocked, friends or not.
func BlockedUsers(ctx context.Context, db *gorm.DB, userID int64) ([]Person, error) {
	return people(ctx, db, userID, "", FriendStateBlocked)
}

// PersonFor returns otherID as userID sees them, when userID knows them:
// a friend, hidden or blocked, or someone they have a chat with. Anyone
// else is NotFound, so that ids cannot be walked to learn names.
func PersonFor(ctx context.Context, db *gorm.DB, userID, otherID int64) (*Person, error) {
	var p Person
	err := db.WithContext(ctx).Table("users u").
		Select("u.id, u.name, u.display_name, coalesce(f.state, '') AS state, coalesce(f.hide_profile, false) AS hide_profile").
		Joins("LEFT JOIN friendships f ON f.user_id = ? AND f.friend_id = u.id", userID).
		Where("u.id = ? AND u.role = ?", otherID, RoleUser).
		Where("f.user_id IS NOT NULL OR EXISTS (SELECT 1 FROM chat_members cm WHERE cm.user_id = ? AND cm.other_id = u.id)", userID).
		Take(&p).Error
	if err != nil {
		return nil, notFound(err, "person.not_found")
	}
	return &p, nil
}

// HiddenFriend returns friendID when they are among userID's Hidden
// Friends. Errors: NotFound otherwise.
func HiddenFriend(ctx context.Context, db *gorm.DB, userID, friendID int64) (*Person, error) {
	p, err := PersonFor(ctx, db, userID, friendID)
	if err != nil {
		return nil, err
	}
	if p.State != FriendStateHidden {
		return nil, Coded(NotFound, "friend.not_hidden")
	}
	return p, nil
}

// AddFriend adds the user named name to userID's friends; ip is the client
// address ("" when there is none), for the look-up limit.
// Errors: Invalid (field "name") for an unknown name, oneself, a friend
// already (hidden or not), or someone userID blocked; Throttled (field
// "name") after too many look-ups by name from the account or the address.
func AddFriend(ctx context.Context, db *gorm.DB, userID int64, name, ip string) (*User, error) {
	if strings.TrimSpace(name) == "" {
		return nil, fieldError("name", "friend.name_empty")
	}
	if err := countLookup(ctx, db, userID, ip); err != nil {
		return nil, err
	}
	other, err := UserByName(ctx, db, name)
	if ErrorCode(err) == NotFound || (err == nil && other.Role != RoleUser) {
		return nil, fieldError("name", "user.no_user_named", NormalizeName(name))
	}
	if err != nil {
		return nil, err
	}
	if other.ID == userID {
		return nil, fieldError("name", "friend.not_yourself")
	}
	res := db.WithContext(ctx).Exec(`INSERT INTO friendships (user_id, friend_id, state) VALUES (?, ?, 'friend')
		ON CONFLICT (user_id, friend_id) DO NOTHING`, userID, other.ID)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		p, err := PersonFor(ctx, db, userID, other.ID)
		if err != nil {
			return nil, err
		}
		switch p.State {
		case FriendStateBlocked:
			return nil, fieldError("name", "friend.add_blocked", other.DisplayName)
		case FriendStateHidden:
			return nil, fieldError("name", "friend.add_hidden", other.DisplayName)
		}
		return nil, fieldError("name", "friend.add_already", other.DisplayName)
	}
	return other, nil
}

// setState moves userID's row about friendID from one state to another.
// Errors: NotFound (with notFoundKey) when the row is not in state from.
func setState(ctx context.Context, db *gorm.DB, userID, friendID int64, from, to FriendState, notFoundKey string) (*Person, error) {
	p, err := PersonFor(ctx, db, userID, friendID)
	if err != nil {
		return nil, err
	}
	res := db.WithContext(ctx).Model(&Friendship{}).
		Where("user_id = ? AND friend_id = ? AND state = ?", userID, friendID, from).
		Updates(map[string]any{"state": to, "updated_at": time.Now()})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, Coded(NotFound, notFoundKey)
	}
	p.State = to
	return p, nil
}

// HideFriend hides a friend: out of the Friends list, still a friend whose
// messages arrive. Errors: NotFound when they are not a (visible) friend.
func HideFriend(ctx context.Context, db *gorm.DB, userID, friendID int64) (*Person, error) {
	return setState(ctx, db, userID, friendID, FriendStateFriend, FriendStateHidden, "friend.not_in_friends")
}

// UnhideFriend puts a hidden friend back in the Friends list.
// Errors: NotFound when they are not a hidden friend.
func UnhideFriend(ctx context.Context, db *gorm.DB, userID, friendID int64) (*Person, error) {
	return setState(ctx, db, userID, friendID, FriendStateHidden, FriendStateFriend, "friend.not_hidden")
}

// DeleteFriend ends a friendship from the Hidden Friends list; the other
// side's own view of us does not change. Errors: NotFound when they are not
// a hidden friend.
func DeleteFriend(ctx context.Context, db *gorm.DB, userID, friendID int64) (*Person, error) {
	p, err := PersonFor(ctx, db, userID, friendID)
	if err != nil {
		return nil, err
	}
	res := db.WithContext(ctx).Where("user_id = ? AND friend_id = ? AND state = ?", userID, friendID, FriendStateHidden).
		Delete(&Friendship{})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, Coded(NotFound, "friend.delete_not_hidden")
	}
	p.State = ""
	return p, nil
}

// BlockUser blocks otherID for userID, friend or not: their new messages
// are never delivered to userID, and they are not told. hideProfile also
// hides userID's profile from them. Errors: NotFound (no such user),
// Invalid (oneself), Conflict (blocked already).
func BlockUser(ctx context.Context, db *gorm.DB, userID, otherID int64, hideProfile bool) (*Person, error) {
	if userID == otherID {
		return nil, Coded(Invalid, "block.not_yourself")
	}
	p, err := PersonFor(ctx, db, userID, otherID)
	if err != nil {
		return nil, err
	}
	if p.State == FriendStateBlocked {
		return nil, Coded(Conflict, "block.already_blocked", p.DisplayName)
	}
	err = db.WithContext(ctx).Exec(`INSERT INTO friendships (user_id, friend_id, state, hide_profile) VALUES (?, ?, 'blocked', ?)
		ON CONFLICT (user_id, friend_id) DO UPDATE SET state = 'blocked', hide_profile = EXCLUDED.hide_profile, updated_at = now()`,
		userID, otherID, hideProfile).Error
	if err != nil {
		return nil, err
	}
	p.State, p.HideProfile = FriendStateBlocked, hideProfile
	return p, nil
}

// UnblockUser removes a block. It restores neither the friendship nor the
// messages sent meanwhile. Errors: NotFound when they are not blocked.
func UnblockUser(ctx context.Context, db *gorm.DB, userID, otherID int64) (*Person, error) {
	p, err := PersonFor(ctx, db, userID, otherID)
	if err != nil {
		return nil, err
	}
	res := db.WithContext(ctx).Where("user_id = ? AND friend_id = ? AND state = ?", userID, otherID, FriendStateBlocked).
		Delete(&Friendship{})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, Coded(NotFound, "block.not_blocked")
	}
	p.State, p.HideProfile = "", false
	return p, nil
}
