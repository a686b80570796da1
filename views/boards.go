package views

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"talksafe/models"
	"talksafe/views/components"
)

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
	return shown(
		boardAction{Href: EditPostPath(p.ID), Label: "Edit", Show: p.Editable()},
		boardAction{Href: DeletePostPath(p.ID), Label: "Delete", Show: p.Editable()},
		boardAction{Href: ReportPath(models.SubjectPost, p.ID), Label: "Report", Show: p.CanReport(), Dialog: true},
	)
}

// commentActions lists the items of a comment's "..." menu the viewer has:
// Edit and Delete for its author, Report for everyone else.
func commentActions(c models.Comment) []boardAction {
	return shown(
		boardAction{Href: EditCommentPath(c.ID), Label: "Edit", Show: c.Editable()},
		boardAction{Href: DeleteCommentPath(c.ID), Label: "Delete", Show: c.Editable()},
		boardAction{Href: ReportPath(models.SubjectComment, c.ID), Label: "Report", Show: c.CanReport(), Dialog: true},
	)
}

// postTitle is the page title of a post.
func postTitle(p models.Post) string {
	if p.Removed {
		return "Removed post"
	}
	if p.Deleted {
		return "Deleted post"
	}
	return p.Title
}
