package models

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ChatExport is the record of one chat export that reached its last byte:
// who exported which room, how, and the SHA-256 of exactly the bytes sent.
// Anyone holding the file can check it against this record (VerifyExport)
// without learning anything the file does not already say.
type ChatExport struct {
	ID             int64
	UserID         int64
	RoomID         int64
	Format         string // chatexport.Format: text, csv or json
	Language       string
	TimeZone       string
	SHA256         []byte `gorm:"column:sha256"`
	Size           int64
	MessageCount   int64
	FirstMessageAt *time.Time
	LastMessageAt  *time.Time
	CreatedAt      time.Time
}

// Fingerprint is the export's SHA-256 in lowercase hex, as sha256sum prints it.
func (e *ChatExport) Fingerprint() string { return hex.EncodeToString(e.SHA256) }

// Location is the time zone the export's times were written in.
func (e *ChatExport) Location() *time.Location { return zoneOrUTC(e.TimeZone) }

func zoneOrUTC(name string) *time.Location {
	if loc, ok := loadLocation(name); ok {
		return loc
	}
	return time.UTC
}

// NewExportID takes the id of an export about to stream, so that the file
// can name it. The record is written under this id only when the download
// completes (RecordExport); an abandoned download leaves a gap in the ids.
func NewExportID(ctx context.Context, db *gorm.DB) (int64, error) {
	var id int64
	err := db.WithContext(ctx).Raw("SELECT nextval('chat_exports_id_seq')").Scan(&id).Error
	return id, err
}

// RecordExport stores e, an export that was sent whole, under the id from
// NewExportID. It checks that e.UserID is a member of e.RoomID.
// Errors: NotFound when the user is not in the room.
func RecordExport(ctx context.Context, db *gorm.DB, e *ChatExport) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var member bool
		err := tx.Raw("SELECT true FROM chat_members WHERE room_id = ? AND user_id = ?", e.RoomID, e.UserID).Scan(&member).Error
		if err != nil {
			return err
		}
		if !member {
			return Coded(NotFound, "chat.not_found")
		}
		return tx.Create(e).Error
	})
}

// MyExport is one line of a user's exports: the record and the name of the
// person the chat was with.
type MyExport struct {
	ChatExport
	OtherDisplay string
}

// myExports selects a user's exports with the other person's name.
func myExports(tx *gorm.DB, userID int64) *gorm.DB {
	return tx.Table("chat_exports e").
		Select("e.*, u.display_name AS other_display").
		Joins("JOIN chat_rooms r ON r.id = e.room_id").
		Joins("JOIN users u ON u.id = CASE WHEN r.user_low = e.user_id THEN r.user_high ELSE r.user_low END").
		Where("e.user_id = ?", userID)
}

// MyExports returns up to limit of userID's exports, newest first, before
// export id before (0: from the newest), and the cursor of the next page (0
// when there is none).
func MyExports(ctx context.Context, db *gorm.DB, userID, before int64, limit int) ([]MyExport, int64, error) {
	q := myExports(db.WithContext(ctx), userID).Order("e.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("e.id < ?", before)
	}
	var out []MyExport
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r MyExport) int64 { return r.ID })
	return out, next, nil
}

// ExportFor returns userID's export id. Errors: NotFound (also for another
// user's export).
func ExportFor(ctx context.Context, db *gorm.DB, userID, id int64) (*MyExport, error) {
	var out []MyExport
	if err := myExports(db.WithContext(ctx), userID).Where("e.id = ?", id).Scan(&out).Error; err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, Coded(NotFound, "verify.export_not_found")
	}
	return &out[0], nil
}

// ParseFingerprint reads a pasted SHA-256: 64 hexadecimal digits, in either
// case, with spaces, colons or line breaks between them allowed; or the
// whole output of a tool that prints one: sha256sum's or shasum's line
// "<hash>  <file name>" (or "<hash> *<file name>"), and certutil -hashfile's
// three lines ("SHA256 hash of <file>:", the hash, with a space between byte
// pairs in older versions, and "CertUtil: -hashfile command completed
// successfully."), also as a one-line box joins them. Errors: Invalid, on
// the field sha256.
func ParseFingerprint(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if i := strings.Index(strings.ToLower(s), "certutil:"); i >= 0 {
		// certutil: the hash is what comes between the colon ending the
		// first line and the "CertUtil:" of the last.
		j := strings.LastIndex(s[:i], ":")
		if j < 0 {
			return nil, fieldError("sha256", "verify.fingerprint_certutil_failed")
		}
		s = strings.TrimSpace(s[j+1 : i])
	} else if len(s) > 64 && (s[64] == ' ' || s[64] == '\t') && !strings.ContainsAny(s, "\r\n") &&
		strings.Trim(s[:64], hexDigits) == "" {
		s = s[:64] // sha256sum: "<hash>  <file name>"
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "sha256:"), "SHA256:")
	s = strings.NewReplacer(" ", "", ":", "", "\t", "", "\n", "", "\r", "").Replace(s)
	switch {
	case s == "":
		return nil, fieldError("sha256", "verify.fingerprint_empty")
	case strings.Trim(s, hexDigits) != "":
		return nil, fieldError("sha256", "verify.fingerprint_not_hex")
	case len(s) != 64:
		return nil, fieldError("sha256", "verify.fingerprint_length", strconv.Itoa(len(s)))
	}
	return hex.DecodeString(s)
}

const hexDigits = "0123456789abcdefABCDEF"
