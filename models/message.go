package models

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// memberSeesMessage is the rule "the messages this member may see", as SQL
// over a message c and its room's member row m (chat_members): delivered to
// the member or sent by them, after what they cleared. It is written into
// each statement that needs it, not shared through a CTE or a view, so the
// planner sees it where it is used and keeps using the (room_id, id) index
// (a CTE used twice is materialized, and a room may hold a million
// messages).
const memberSeesMessage = `c.id > m.cleared_through AND (c.delivered OR c.sender_id = m.user_id)`

// exportRow reads one row of the export's query, every column in binary
// (PostgreSQL's send functions), into m.
func exportRow(v [][]byte, m *ChatMessage) error {
	if len(v) != 9 || len(v[0]) != 8 || len(v[1]) != 8 || len(v[3]) != 1 || len(v[4]) != 8 {
		return fmt.Errorf("models: an export row of %d columns is not as asked", len(v))
	}
	m.ID = int64(binary.BigEndian.Uint64(v[0]))
	m.SenderID = int64(binary.BigEndian.Uint64(v[1]))
	m.Body = string(v[2])
	m.Removed = v[3][0] != 0
	// timestamptz: microseconds since 2000-01-01 00:00 UTC.
	m.CreatedAt = time.UnixMicro(postgresEpochMicros + int64(binary.BigEndian.Uint64(v[4])))
	m.Picture = nil
	if v[5] != nil {
		if len(v[5]) != 8 {
			return errors.New("models: an export row's picture is not as asked")
		}
		m.Picture = &ExportPicture{ID: int64(binary.BigEndian.Uint64(v[5])), SHA256: bytes.Clone(v[6]),
			BlobKey: string(v[7]), ContentType: string(v[8])}
	}
	return nil
}

// postgresEpochMicros is 2000-01-01 00:00 UTC, PostgreSQL's epoch, in Unix
// microseconds.
const postgresEpochMicros = 946_684_800_000_000

// sendKeyPattern is what NewSendKey makes.
var sendKeyPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// memberSeesMessageBy is memberSeesMessage with the member's values as the
// parameters user and cleared (their id and what they cleared), for a
// statement that read the member's row first.
func memberSeesMessageBy(user, cleared string) string {
	return strings.NewReplacer("m.cleared_through", cleared, "m.user_id", user).Replace(memberSeesMessage)
}

// leaveRoomSet is the rule "leave the room", as the SET list of an UPDATE of
// chat_members: the room leaves the member's list and their copy of its
// messages, everything up to now, is cleared; the other member keeps theirs.
// left_at starts the room's retention period once every member has left.
const leaveRoomSet = `active = false, last_message_id = NULL, left_at = now(),
	cleared_through = (SELECT coalesce(max(id), 0) FROM chat_messages WHERE room_id = chat_members.room_id)`

// visibleMessages is the messages of roomID that userID has while an active
// messageColumns select a message as its members read it: the text of a
// message removed by moderation is never selected.
const messageColumns = `c.id, c.room_id, c.sender_id, c.delivered, c.created_at,
	CASE WHEN c.removed_at IS NULL THEN c.picture_id END AS picture_id,
	CASE WHEN c.removed_at IS NULL THEN c.body ELSE '' END AS body, c.removed_at IS NOT NULL AS removed`

// member (memberSeesMessage).
func visibleMessages(db *gorm.DB, userID, roomID int64) *gorm.DB {
	return db.Table("chat_messages c").Select(messageColumns).
		Joins("JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = ? AND m.active", userID).
		Where("c.room_id = ? AND "+memberSeesMessage, roomID)
}

// Messages returns up to limit of the newest messages userID has in roomID
// older than before (0: the newest), oldest first, and the id to pass as
// before for the page older than these (0 when there is none).
func Messages(ctx context.Context, db *gorm.DB, userID, roomID, before int64, limit int) ([]ChatMessage, int64, error) {
	q := visibleMessages(db.WithContext(ctx), userID, roomID).Order("c.id DESC").Limit(limit + 1)
	if before > 0 {
		q = q.Where("c.id < ?", before)
	}
	var msgs []ChatMessage
	if err := q.Scan(&msgs).Error; err != nil {
		return nil, 0, err
	}
	msgs, older := nextPage(msgs, limit, func(m ChatMessage) int64 { return m.ID })
	slices.Reverse(msgs)
	return msgs, older, nil
}

// MessagesAfter returns up to limit messages userID has in roomID newer
// than after, oldest first, for the open room's poller: they count as read.
func MessagesAfter(ctx context.Context, db *gorm.DB, userID, roomID, after int64, limit int) ([]ChatMessage, error) {
	var msgs []ChatMessage
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := visibleMessages(tx, userID, roomID).Where("c.id > ?", after).
			Order("c.id").Limit(limit).Scan(&msgs).Error
		if err != nil || len(msgs) == 0 {
			return err
		}
		return markRead(tx, userID, roomID, msgs[len(msgs)-1].ID)
	})
	return msgs, err
}

// SendMessage sends body from userID in roomID. When the recipient has
// blocked the sender the message is stored as not delivered: the recipient
// never sees it and the sender sees no difference. Errors: NotFound (not a
// member), Invalid (field "body": empty, too long, or the recipient is
// blocked by the sender), Restricted (a messaging restriction).
func SendMessage(ctx context.Context, db *gorm.DB, userID, roomID int64, body string) (*ChatMessage, error) {
	return SendPicture(ctx, db, userID, roomID, body, nil)
}

// SendPicture is SendMessage with a picture (pic, from PreparePicture; nil:
// none); the text may then be empty. The picture's bytes are stored only
// when the message is. Errors: as SendMessage.
func SendPicture(ctx context.Context, db *gorm.DB, userID, roomID int64, body string, pic *NewPicture) (*ChatMessage, error) {
	return SendOnce(ctx, db, userID, roomID, "", body, pic)
}

// NewSendKey is a fresh key for one rendering of the send form.
func NewSendKey() string {
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	return hex.EncodeToString(key)
}

// SendOnce is SendPicture with the send form's key (NewSendKey; "" for
// none). A second send of the same message with a key already used, which a
// browser makes when the connection of the first closed before its answer,
// stores nothing and returns the message the first one stored. Errors: as
// SendMessage, and Invalid for a key NewSendKey did not make.
func SendOnce(ctx context.Context, db *gorm.DB, userID, roomID int64, key, body string, pic *NewPicture) (*ChatMessage, error) {
	if key != "" && !sendKeyPattern.MatchString(key) {
		return nil, Coded(Invalid, "message.send_key").On("body")
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if err := validateMessage(body, pic != nil); err != nil {
		return nil, err
	}
	var msg ChatMessage
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var me ChatMember
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).
			Where("room_id = ? AND user_id = ? AND active", roomID, userID).Take(&me).Error
		if err != nil {
			return notFound(err, "chat.not_found")
		}
		if key != "" { // under the member's lock: a resend waits for the first send
			var sent []ChatMessage
			if err := tx.Where("sender_id = ? AND room_id = ? AND send_key = ?", userID, roomID, key).Limit(1).Find(&sent).Error; err != nil {
				return err
			}
			switch {
			case len(sent) == 0:
				msg.SendKey = &key
			case sent[0].Body == body && (sent[0].PictureID != nil) == (pic != nil):
				msg = sent[0] // the same send again
				return nil
			}
			// Else the form was sent again with other words (its first send
			// failed as far as the person could tell, and they changed the
			// text): a message of its own, without the key.
		}
		if err := ensureAllowed(tx, userID, ScopeMessaging, "sending messages"); err != nil {
			return err
		}
		var blocks []Friendship
		err = tx.Where("state = 'blocked' AND ((user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?))",
			userID, me.OtherID, me.OtherID, userID).Find(&blocks).Error
		if err != nil {
			return err
		}
		msg = ChatMessage{RoomID: roomID, SenderID: userID, Body: body, Delivered: true, SendKey: msg.SendKey}
		for _, b := range blocks {
			if b.UserID == userID {
				return fieldError("body", "message.you_blocked")
			}
			msg.Delivered = false
		}
		if pic != nil {
			id, err := pic.save(ctx, tx, userID)
			if err != nil {
				return err
			}
			msg.PictureID = &id
		}
		if err := tx.Create(&msg).Error; err != nil {
			return err
		}
		err = tx.Exec("UPDATE chat_members SET last_message_id = ?, last_active_at = ? WHERE room_id = ? AND user_id = ?",
			msg.ID, msg.CreatedAt, roomID, userID).Error
		if err != nil || !msg.Delivered {
			return err
		}
		return tx.Exec("UPDATE chat_members SET active = true, last_message_id = ?, last_active_at = ? WHERE room_id = ? AND user_id = ?",
			msg.ID, msg.CreatedAt, roomID, me.OtherID).Error
	})
	if err := pic.discard(ctx, err); err != nil {
		return nil, err
	}
	return &msg, nil
}

func validateMessage(body string, picture bool) error {
	switch n := utf8.RuneCountInString(body); {
	case strings.TrimSpace(body) == "" && !picture:
		return fieldError("body", "message.empty")
	case n > MaxMessageLen:
		return fieldError("body", "message.too_long", n)
	}
	return nil
}

// ExportBatch is how many messages StreamMessages hands to its function at a
// time.
const ExportBatch = 1000

// StreamMessages hands every message userID has in roomID, oldest first, to
// fn in batches, in one read-only snapshot, so that a chat of any length
// streams in flat memory. The messages come from one query whose rows pgx
// reads off the connection as fn takes them: PostgreSQL sends the next rows
// while fn writes the last ones, and nothing waits on a round trip per batch
// (a cursor's FETCH). It stops with fn's error, or when ctx ends (a client
// that went away): the connection is then closed, which ends the query on the
// server. The slice passed to fn is reused between calls. Errors: NotFound
// when userID is not an active member.
func StreamMessages(ctx context.Context, db *gorm.DB, userID, roomID int64, fn func([]ChatMessage) error) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		return streamMessages(ctx, dc.(*stdlib.Conn).Conn(), userID, roomID, fn)
	})
}

func streamMessages(ctx context.Context, conn *pgx.Conn, userID, roomID int64, fn func([]ChatMessage) error) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // read only: nothing to commit
	// The member's row first, in the same snapshot: the messages' query
	// then reads the room alone (memberSeesMessage with the member's values),
	// not a join with chat_members for each of a million rows.
	var clearedThrough int64
	err = tx.QueryRow(ctx, "SELECT cleared_through FROM chat_members WHERE room_id = $1 AND user_id = $2 AND active", roomID, userID).
		Scan(&clearedThrough)
	if errors.Is(err, pgx.ErrNoRows) {
		return Coded(NotFound, "chat.not_found")
	} else if err != nil {
		return err
	}
	// Every column in binary, read straight from the wire (exportRow), not
	// through Scan's per-column plans, which took a tenth of a
	// million-message export's time.
	allBinary := pgx.QueryResultFormats{pgx.BinaryFormatCode}
	rows, err := tx.Query(ctx, `SELECT /* export_messages */ c.id, c.sender_id, CASE WHEN c.removed_at IS NULL THEN c.body ELSE '' END,
			c.removed_at IS NOT NULL, c.created_at, p.id, p.sha256, p.blob_key, p.content_type FROM chat_messages c
		LEFT JOIN pictures p ON p.id = c.picture_id AND c.removed_at IS NULL AND p.bytes_deleted_at IS NULL
		WHERE c.room_id = $2 AND `+memberSeesMessageBy("$1", "$3")+`
		ORDER BY c.id`, allBinary, userID, roomID, clearedThrough)
	if err != nil {
		return err
	}
	defer rows.Close()
	batch := make([]ChatMessage, 0, ExportBatch)
	m := ChatMessage{RoomID: roomID}
	for rows.Next() {
		if err := exportRow(rows.RawValues(), &m); err != nil {
			return err
		}
		batch = append(batch, m)
		if len(batch) == ExportBatch {
			if err := fn(batch); err != nil {
				stop() // rows.Close would otherwise read the rest of the room
				return err
			}
			batch = batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		if err := fn(batch); err != nil {
			return err
		}
	}
	return nil
}
