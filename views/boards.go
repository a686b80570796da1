package views

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"talksafe/models"
	"talksafe/views/components"
)

// boardTime is t in the viewer's time zone.
func boardTime(ctx context.Context, t time.Time) string { return stamp(ctx, t) }

func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

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
func postActions(ctx context.Context, p models.Post) []boardAction {
	return shown(
		boardAction{Href: EditPostPath(p.ID), Label: components.T(ctx, "boards.edit"), Show: p.Editable()},
		boardAction{Href: DeletePostPath(p.ID), Label: components.T(ctx, "boards.delete"), Show: p.Editable()},
		boardAction{Href: ReportPath(models.SubjectPost, p.ID), Label: reportItem(ctx, p.Reported), Show: p.CanReport(), Dialog: true},
		boardAction{Href: LegalRequestPath(models.SubjectPost, p.ID), Label: components.T(ctx, "legal.menu"), Show: p.CanReport()},
	)
}

// commentActions lists the items of a comment's "..." menu the viewer has:
// Edit and Delete for its author, Report for everyone else.
func commentActions(ctx context.Context, c models.Comment) []boardAction {
	return shown(
		boardAction{Href: EditCommentPath(c.ID), Label: components.T(ctx, "boards.edit"), Show: c.Editable()},
		boardAction{Href: DeleteCommentPath(c.ID), Label: components.T(ctx, "boards.delete"), Show: c.Editable()},
		boardAction{Href: ReportPath(models.SubjectComment, c.ID), Label: reportItem(ctx, c.Reported), Show: c.CanReport(), Dialog: true},
		boardAction{Href: LegalRequestPath(models.SubjectComment, c.ID), Label: components.T(ctx, "legal.menu"), Show: c.CanReport()},
	)
}

// reportItem is the menu's report item: "Reported" once the viewer has
// reported it (it opens the pop-up that says so).
func reportItem(ctx context.Context, reported bool) string {
	if reported {
		return components.T(ctx, "report.menu_reported")
	}
	return components.T(ctx, "report.menu_report")
}

// postTitle is the page title of a post.
func postTitle(ctx context.Context, p models.Post) string {
	if p.Removed {
		return components.T(ctx, "boards.removed_post_title")
	}
	if p.Deleted {
		return components.T(ctx, "boards.deleted_post_title")
	}
	if p.HiddenFromMe() && p.BlockedUntil != nil {
		return components.T(ctx, "legal.blocked_post_title")
	}
	if p.HiddenFromMe() {
		return components.T(ctx, "boards.hidden_post_title")
	}
	return p.Title
}
