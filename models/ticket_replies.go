package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// SavedReply is a reply support can start from; admins edit them.
type SavedReply struct {
	ID        int64
	Title     string
	Body      string
	Language  string // "en" or "ko"
	UpdatedBy *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// The saved replies' limits, in characters.
const (
	MaxSavedReplyTitle = 100
	MaxSavedReplyBody  = MaxTicketText
)

// CanEditSavedReplies reports whether an account of role r edits saved
// replies: admins.
func (r Role) CanEditSavedReplies() bool { return r == RoleAdmin }

// SavedReplies returns every saved reply, by language and title, for actor
// (support or admin). Errors: Forbidden.
func SavedReplies(ctx context.Context, db *gorm.DB, actor *User) ([]SavedReply, error) {
	if err := deskReader(actor); err != nil {
		return nil, err
	}
	var out []SavedReply
	return out, db.WithContext(ctx).Order("language, title").Find(&out).Error
}

// SavedReplyByID returns saved reply id for actor (support or admin).
// Errors: Forbidden, NotFound.
func SavedReplyByID(ctx context.Context, db *gorm.DB, actor *User, id int64) (*SavedReply, error) {
	if err := deskReader(actor); err != nil {
		return nil, err
	}
	var r SavedReply
	if err := db.WithContext(ctx).Take(&r, id).Error; err != nil {
		return nil, notFound(err, "ticket.saved_reply_not_found")
	}
	return &r, nil
}

// SaveReply creates a saved reply (id 0) or updates saved reply id, in
// language ("en" or "ko"), on behalf of actor (admin). Errors: Forbidden,
// Invalid (fields "title", "body", "language"), NotFound, Conflict (field
// "title": another saved reply of the language has it).
func SaveReply(ctx context.Context, db *gorm.DB, actor *User, id int64, title, body, language string) (*SavedReply, error) {
	if actor == nil || !actor.Role.CanEditSavedReplies() {
		return nil, Coded(Forbidden, "ticket.saved_reply_admins_only")
	}
	f := FieldErrors{}
	title = checkText(f, "title", title, MaxSavedReplyTitle, "ticket.saved_reply_title_empty")
	body = checkText(f, "body", body, MaxSavedReplyBody, "ticket.saved_reply_body_empty")
	if _, ok := Languages[language]; !ok {
		f.Add("language", "ticket.saved_reply_language")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	r := SavedReply{ID: id, Title: title, Body: body, Language: language, UpdatedBy: &actor.ID}
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		if id == 0 {
			err = tx.Select("Title", "Body", "Language", "UpdatedBy").Create(&r).Error
		} else {
			res := tx.Model(&SavedReply{ID: id}).Updates(map[string]any{"title": title, "body": body, "language": language,
				"updated_by": actor.ID, "updated_at": gorm.Expr("now()")})
			if err = res.Error; err == nil && res.RowsAffected == 0 {
				return Coded(NotFound, "ticket.saved_reply_not_found")
			}
		}
		if isUniqueViolation(err) {
			return Coded(Conflict, "ticket.saved_reply_title_taken").On("title")
		}
		if err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditSavedReply, "saved_reply", r.ID, map[string]any{"title": title, "language": language})
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// DeleteSavedReply deletes saved reply id on behalf of actor (admin).
// Errors: Forbidden, NotFound.
func DeleteSavedReply(ctx context.Context, db *gorm.DB, actor *User, id int64) error {
	if actor == nil || !actor.Role.CanEditSavedReplies() {
		return Coded(Forbidden, "ticket.saved_reply_admins_only")
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r SavedReply
		if err := tx.Take(&r, id).Error; err != nil {
			return notFound(err, "ticket.saved_reply_not_found")
		}
		if err := tx.Delete(&r).Error; err != nil {
			return err
		}
		return audit(tx, actor.ID, AuditSavedReplyDel, "saved_reply", id, map[string]any{"title": r.Title})
	})
}

// SavedRepliesFor orders replies for a ticket of a user who reads language:
// that language's first, each language by title, as SavedReplies returns
// them.
func SavedRepliesFor(replies []SavedReply, language string) []SavedReply {
	out := make([]SavedReply, 0, len(replies))
	for _, first := range []bool{true, false} {
		for _, r := range replies {
			if (r.Language == language) == first {
				out = append(out, r)
			}
		}
	}
	return out
}

// AppendReply is typed with a saved reply's body after it, on a paragraph of
// its own: what the agent typed is never lost.
func AppendReply(typed, saved string) string {
	typed = strings.TrimRight(typed, " \t\r\n")
	if typed == "" {
		return saved
	}
	return typed + "\n\n" + saved
}
