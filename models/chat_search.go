package models

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ChatSearch narrows the Chats list to the rooms whose other person's user
// name or name contains Query (ChatList); the zero value lists every room.
type ChatSearch struct {
	Query string
}

// ChatSearchKeyQuery is the chat search's query parameter.
const ChatSearchKeyQuery = "q"

// ChatSearchKeys are every query parameter of ChatSearch.
var ChatSearchKeys = []string{ChatSearchKeyQuery}

// ParseChatSearch reads the chat search from a query. It refuses nothing:
// any text is a search (the request's text is checked before).
func ParseChatSearch(q url.Values) ChatSearch {
	return ChatSearch{Query: q.Get(ChatSearchKeyQuery)}
}

// Values is s as a query, empty when it does not search: ParseChatSearch
// reads it back as s.
func (s ChatSearch) Values() url.Values {
	q := url.Values{}
	setParam(q, ChatSearchKeyQuery, s.Query)
	return q
}

// ParseChatCursor reads a Chats list cursor as String writes it:
// "unixmicro.roomid"; nil for anything else (the first page).
func ParseChatCursor(s string) *ChatCursor {
	at, room, ok := strings.Cut(s, ".")
	if !ok {
		return nil
	}
	us, err1 := strconv.ParseInt(at, 10, 64)
	id, err2 := strconv.ParseInt(room, 10, 64)
	if err1 != nil || err2 != nil {
		return nil
	}
	return &ChatCursor{At: time.UnixMicro(us), RoomID: id}
}

// String is the cursor as a query value: "unixmicro.roomid".
func (c ChatCursor) String() string {
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "." + strconv.FormatInt(c.RoomID, 10)
}
