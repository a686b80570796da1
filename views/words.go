package views

import (
	"context"
	"strings"

	. "talksafe/views/components"
)

// around splits message id where its {{.<slot>}} goes, for a page to print
// what goes there in its own element (a name marked as people's words, a
// date in bold) wherever each language puts it. The message is worded with
// the placeholder standing for itself, and split there: a catalog sentence,
// once worded, holds no placeholder of its own.
func around(ctx context.Context, id, slot string) (before, after string) {
	mark := "{{." + slot + "}}"
	before, after, _ = strings.Cut(T(ctx, id, map[string]any{slot: mark}), mark)
	return before, after
}
