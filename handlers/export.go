package handlers

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/chatexport"
	"talksafe/views/components"
)

func (a *App) showExport(c echo.Context) error {
	room, err := a.chatRoom(c)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.ExportPage(room, currentUser(c).Language))
}

// downloadExport streams the chat to the browser as a file, from a database
// cursor straight to the response.
func (a *App) downloadExport(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	format := chatexport.Format(c.QueryParam("format"))
	if !format.Valid() {
		return echo.NewHTTPError(http.StatusBadRequest, models.NewMsg("error.export.format_choose"))
	}
	lang := c.QueryParam("lang")
	if lang == "" {
		lang = u.Language
	}
	if _, ok := models.Languages[lang]; !ok {
		return echo.NewHTTPError(http.StatusBadRequest, models.NewMsg("error.export.language_choose"))
	}
	ctx := c.Request().Context()
	room, err := models.ChatRoomFor(ctx, a.db, u.ID, id)
	if err != nil {
		return err
	}
	exportID, err := models.NewExportID(ctx, a.db)
	if err != nil {
		return err
	}
	names := map[int64]string{u.ID: u.DisplayName, room.OtherID: room.OtherDisplay}
	saved := time.Now()
	meta := chatexport.Room{ID: room.RoomID, Title: room.OtherDisplay, ExportID: exportID}
	local := saved.In(u.Location())
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, format.ContentType())
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+chatexport.FileName(meta, format, local, false)+
		`"; filename*=UTF-8''`+url.PathEscape(chatexport.FileName(meta, format, local, true)))
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	if format == chatexport.Pictures {
		return a.streamPictures(c, u, room, exportID, saved, lang)
	}

	// Every byte sent is hashed on its way out; the record is written only
	// when the last byte has been handed to the client.
	sum := newHashingWriter(c.Response())
	defer sum.Sum()
	rec := &models.ChatExport{ID: exportID, UserID: u.ID, RoomID: room.RoomID, Format: string(format),
		Language: lang, TimeZone: u.Location().String(), CreatedAt: saved}
	w := chatexport.New(sum, format, chatexport.Options{Lang: lang, Loc: u.Location(), Messenger: a.cfg.Messenger})
	if err := w.Begin(meta, saved); err != nil {
		return err
	}
	removed := components.T(components.WithPage(ctx, &components.Page{Lang: lang}), "boards.removed") // in the export's language
	err = models.StreamMessages(ctx, a.db, u.ID, id, func(batch []models.ChatMessage) error {
		for _, m := range batch {
			body := m.Body
			if m.Removed {
				body = removed
			}
			if err := w.Message(chatexport.Message{ID: m.ID, SenderID: m.SenderID, Sender: names[m.SenderID], Body: body, At: m.CreatedAt,
				Picture: exportPicture(m.Picture)}); err != nil {
				return err
			}
		}
		if len(batch) > 0 {
			if rec.MessageCount == 0 {
				first := batch[0].CreatedAt
				rec.FirstMessageAt = &first
			}
			last := batch[len(batch)-1].CreatedAt
			rec.LastMessageAt = &last
			rec.MessageCount += int64(len(batch))
		}
		return nil
	})
	if err != nil {
		return err // the status is sent already: the log keeps the error, the download ends short
	}
	if err := w.End(); err != nil {
		return err
	}
	if err := http.NewResponseController(c.Response()).Flush(); err != nil || ctx.Err() != nil {
		return errors.Join(err, ctx.Err()) // the client left before the end: no record
	}
	rec.SHA256, rec.Size = sum.Sum(), sum.n
	return models.RecordExport(ctx, a.db, rec)
}

// exportPicture is a message's picture as the export names it (nil: none).
func exportPicture(p *models.ExportPicture) *chatexport.Picture {
	if p == nil {
		return nil
	}
	ext := "png"
	if p.ContentType == "image/jpeg" {
		ext = "jpg"
	}
	return &chatexport.Picture{ID: p.ID, SHA256: hex.EncodeToString(p.SHA256), Ext: ext}
}

// streamPictures streams the chat's pictures as a ZIP file, each named as
// the CSV and JSON exports name it (pictures/<id>.jpg), stored as it was
// re-encoded (no compression: pictures are compressed already), one at a
// time from the blob store. Every byte is hashed on its way out and the
// record written at the end, so Verify an export checks the ZIP as it
// checks the text.
func (a *App) streamPictures(c echo.Context, u *models.User, room *models.ChatRoomView, exportID int64, saved time.Time, lang string) error {
	ctx := c.Request().Context()
	sum := newHashingWriter(c.Response())
	defer sum.Sum()
	zw := zip.NewWriter(sum)
	rec := &models.ChatExport{ID: exportID, UserID: u.ID, RoomID: room.RoomID, Format: string(chatexport.Pictures),
		Language: lang, TimeZone: u.Location().String(), CreatedAt: saved}
	err := models.StreamMessages(ctx, a.db, u.ID, room.RoomID, func(batch []models.ChatMessage) error {
		for _, m := range batch {
			p := exportPicture(m.Picture)
			if p == nil {
				continue
			}
			data, err := a.cfg.Blobs.Get(ctx, m.Picture.BlobKey)
			if err != nil {
				return err
			}
			f, err := zw.CreateHeader(&zip.FileHeader{Name: p.PictureName(), Method: zip.Store, Modified: m.CreatedAt})
			if err != nil {
				return err
			}
			if _, err := f.Write(data); err != nil {
				return err
			}
			if rec.MessageCount == 0 {
				first := m.CreatedAt
				rec.FirstMessageAt = &first
			}
			last := m.CreatedAt
			rec.LastMessageAt = &last
			rec.MessageCount++
		}
		return nil
	})
	if err != nil {
		return err // the status is sent already: the log keeps the error, the download ends short
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := http.NewResponseController(c.Response()).Flush(); err != nil || ctx.Err() != nil {
		return errors.Join(err, ctx.Err())
	}
	rec.SHA256, rec.Size = sum.Sum(), sum.n
	return models.RecordExport(ctx, a.db, rec)
}

// hashingWriter passes writes on to w and hashes and counts what w took.
// The hashing runs on a goroutine of its own, beside the writing (the
// SHA-256 of a 180 MB export is a fifth of its time), fed copies of what
// was written in order; Sum waits for it, and ends it on every path.
type hashingWriter struct {
	w    io.Writer
	n    int64
	todo chan []byte // written, to hash
	free chan []byte // hashed, to reuse
	sum  chan []byte
	done []byte
}

func newHashingWriter(w io.Writer) *hashingWriter {
	hw := &hashingWriter{w: w, todo: make(chan []byte, 4), free: make(chan []byte, 8), sum: make(chan []byte, 1)}
	go func() {
		h := sha256.New()
		for p := range hw.todo {
			h.Write(p)
			select {
			case hw.free <- p[:0]:
			default:
			}
		}
		hw.sum <- h.Sum(nil)
	}()
	return hw
}

func (hw *hashingWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	var buf []byte
	select {
	case buf = <-hw.free:
	default:
	}
	hw.todo <- append(buf, p[:n]...)
	hw.n += int64(n)
	return n, err
}

// Sum is the SHA-256 of every byte written; no Write may follow it.
func (hw *hashingWriter) Sum() []byte {
	if hw.done == nil {
		close(hw.todo)
		hw.done = <-hw.sum
	}
	return hw.done
}
