package handlers

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/chatexport"
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
		return echo.NewHTTPError(http.StatusBadRequest, "Choose the export format: Text, CSV or JSON.")
	}
	lang := c.QueryParam("lang")
	if lang == "" {
		lang = u.Language
	}
	if _, ok := models.Languages[lang]; !ok {
		return echo.NewHTTPError(http.StatusBadRequest, "Choose the language of the export: English or Korean.")
	}
	ctx := c.Request().Context()
	room, err := models.ChatRoomFor(ctx, a.db, u.ID, id)
	if err != nil {
		return err
	}
	names := map[int64]string{u.ID: u.DisplayName, room.OtherID: room.OtherDisplay}
	saved := time.Now()
	meta := chatexport.Room{ID: room.RoomID, Title: room.OtherDisplay}
	local := saved.In(u.Location())
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, format.ContentType())
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+chatexport.FileName(meta, format, local, false)+
		`"; filename*=UTF-8''`+url.PathEscape(chatexport.FileName(meta, format, local, true)))
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)

	w := chatexport.New(c.Response(), format, lang, u.Location())
	if err := w.Begin(meta, saved); err != nil {
		return err
	}
	err = models.StreamMessages(ctx, a.db, u.ID, id, func(batch []models.ChatMessage) error {
		for _, m := range batch {
			if err := w.Message(chatexport.Message{ID: m.ID, SenderID: m.SenderID, Sender: names[m.SenderID], Body: m.Body, At: m.CreatedAt}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err // the status is sent already: the log keeps the error, the download ends short
	}
	return w.End()
}
