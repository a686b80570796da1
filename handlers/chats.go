package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

const (
	chatsPageSize    = 20
	messagesPageSize = 50
)

func (a *App) showChats(c echo.Context) error {
	return a.renderChats(c, http.StatusOK, components.Form{})
}

func (a *App) renderChats(c echo.Context, status int, start components.Form) error {
	search := models.ParseChatSearch(c.QueryParams())
	chats, next, err := models.ChatList(c.Request().Context(), a.db, currentUser(c).ID, search.Query,
		models.ParseChatCursor(c.QueryParam("after")), chatsPageSize)
	if err != nil {
		return err
	}
	return a.render(c, status, views.ChatsPage(chats, search, views.SearchChatsPath(search, next), start))
}

func (a *App) createChat(c echo.Context) error {
	name := c.FormValue("name")
	roomID, err := models.StartChat(c.Request().Context(), a.db, currentUser(c).ID, name, c.RealIP())
	if f, ok := failed(err, map[string]string{"name": name}); ok {
		return a.renderChats(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.ChatPath(roomID))
}

// chatRoom is the room of the :id route parameter as the current user has
// it; someone else's room, or a bad id, is NotFound.
func (a *App) chatRoom(c echo.Context) (*models.ChatRoomView, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return models.ChatRoomFor(c.Request().Context(), a.db, currentUser(c).ID, id)
}

func (a *App) showChat(c echo.Context) error {
	return a.renderChat(c, http.StatusOK, components.Form{})
}

func (a *App) renderChat(c echo.Context, status int, send components.Form) error {
	room, err := a.chatRoom(c)
	if err != nil {
		return err
	}
	before := cursorParam(c, "before")
	page, err := models.ReadMessages(c.Request().Context(), a.db, currentUser(c).ID, room.RoomID, before, messagesPageSize)
	if err != nil {
		return err
	}
	return a.render(c, status, views.ChatRoomPage(room, page, before <= 0, send))
}

// showNewMessages answers the room's poller with the messages after the
// last one it showed.
func (a *App) showNewMessages(c echo.Context) error {
	room, err := a.chatRoom(c)
	if err != nil {
		return err
	}
	after := cursorParam(c, "after")
	msgs, err := models.MessagesAfter(c.Request().Context(), a.db, currentUser(c).ID, room.RoomID, after, messagesPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.NewMessages(room, msgs, after, c.QueryParam("day")))
}

func (a *App) createMessage(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	body := c.FormValue("body")
	pic, err := a.pictureUpload(c)
	if err == nil {
		_, err = models.SendOnce(c.Request().Context(), a.db, currentUser(c).ID, id, c.FormValue("send_key"), body, pic)
	}
	htmx := c.Request().Header.Get("HX-Request") == "true"
	if f, ok := failed(err, map[string]string{"body": body}); ok {
		if htmx {
			return a.render(c, f.status, views.SendForm(id, f.form))
		}
		return a.renderChat(c, f.status, f.form)
	}
	switch {
	case err != nil:
		return err
	case htmx:
		c.Response().Header().Set("HX-Trigger", "chat-sent")
		return a.render(c, http.StatusOK, views.SendForm(id, components.Form{}))
	}
	return c.Redirect(http.StatusSeeOther, views.ChatSendPath(id))
}

func (a *App) newLeaveChat(c echo.Context) error {
	room, err := a.chatRoom(c)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.LeaveChatPage(room))
}

func (a *App) deleteChat(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := models.LeaveChat(c.Request().Context(), a.db, currentUser(c).ID, id); err != nil {
		return err
	}
	return a.redirect(c, views.ChatsPath, "success", models.NewMsg("flash.left_chat"))
}
