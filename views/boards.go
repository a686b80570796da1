package views

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"talksafe/models"
	"talksafe/views/components"
)

func roomPath(id int64) string    { return "/openchat/" + strconv.FormatInt(id, 10) }
func postPath(id int64) string    { return "/posts/" + strconv.FormatInt(id, 10) }
func commentPath(id int64) string { return "/comments/" + strconv.FormatInt(id, 10) }

// commentAnchor is the id of a comment's element on its post's page.
func commentAnchor(id int64) string { return "comment-" + strconv.FormatInt(id, 10) }

// olderPostsPath is the link to the page of posts before the post id older.
func olderPostsPath(roomID, older int64) string {
	if older == 0 {
		return ""
	}
	return roomPath(roomID) + "?before=" + strconv.FormatInt(older, 10)
}

// moreCommentsPath is the link to the page of comments after the comment id more.
func moreCommentsPath(postID, more int64) string {
	if more == 0 {
		return ""
	}
	return postPath(postID) + "?after=" + strconv.FormatInt(more, 10)
}

// boardTime is t in the viewer's time zone.
func boardTime(ctx context.Context, t time.Time) string {
	loc := time.UTC
	if u := components.PageFrom(ctx).User; u != nil {
		loc = u.Location()
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func countNoun(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

// roomInitial is the letter on a room's avatar.
func roomInitial(name string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(name))
	if r == utf8.RuneError {
		return "#"
	}
	return string(unicode.ToUpper(r))
}

// boardAction is one item of the "..." menu of a post or a comment; Show
// says whether the viewer has it.
type boardAction struct {
	Href, Label string
	Show        bool
	Dialog      bool // opens in the page's <dialog> with htmx
}

func shown(items ...boardAction) []boardAction {
	var out []boardAction
	for _, it := range items {
		if it.Show {
			out = append(out, it)
		}
	}
	return out
}

// postActions lists the items of a post's "..." menu the viewer has: Edit
// and Delete for its author, Report for everyone else.
func postActions(p models.Post) []boardAction {
	at := postPath(p.ID)
	return shown(
		boardAction{Href: at + "/edit", Label: "Edit", Show: p.Editable()},
		boardAction{Href: at + "/delete", Label: "Delete", Show: p.Editable()},
		boardAction{Href: fmt.Sprintf("/report/post/%d", p.ID), Label: "Report", Show: !p.Mine && !p.Deleted, Dialog: true},
	)
}

// commentActions lists the items of a comment's "..." menu the viewer has:
// Edit and Delete for its author, Report for everyone else.
func commentActions(c models.Comment) []boardAction {
	at := commentPath(c.ID)
	return shown(
		boardAction{Href: at + "/edit", Label: "Edit", Show: c.Editable()},
		boardAction{Href: at + "/delete", Label: "Delete", Show: c.Editable()},
		boardAction{Href: fmt.Sprintf("/report/comment/%d", c.ID), Label: "Report", Show: !c.Mine && !c.Deleted, Dialog: true},
	)
}

// postTitle is the page title of a post.
func postTitle(p models.Post) string {
	if p.Deleted {
		return "Deleted post"
	}
	return p.Title
}
