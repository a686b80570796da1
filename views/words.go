package views

import (
	"context"
	"strings"

	. "talksafe/views/components"
)

// slotMark stands for the slot in a message while it is split.
const slotMark = "\x1e"

// around splits message id, with data, where its {{.<slot>}} goes, for a
// page to print what goes there in its own element (a name marked as
// people's words, a date in bold) wherever each language puts it.
func around(ctx context.Context, id, slot string, data map[string]any) (before, after string) {
	d := map[string]any{slot: slotMark}
	for k, v := range data {
		if k != slot {
			d[k] = v
		}
	}
	before, after, _ = strings.Cut(T(ctx, id, d), slotMark)
	return before, after
}
