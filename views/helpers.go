package views

import (
	"context"
	"strconv"
	"strings"

	"talksafe/views/components"
)

// isCurrent reports whether href is the current page or one below it.
func isCurrent(ctx context.Context, href string) bool {
	p := components.PageFrom(ctx).Path
	if href == "/" {
		return p == "/"
	}
	return p == href || strings.HasPrefix(p, href+"/")
}

func subjectID(id *int64) string {
	if id == nil {
		return ""
	}
	return "#" + strconv.FormatInt(*id, 10)
}
