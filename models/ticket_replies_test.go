package models_test

import (
	"testing"

	"talksafe/models"
)

func TestAppendReply(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct{ typed, want string }{
		"OKNothingTyped":    {"", "Saved."},
		"OKBlankTyped":      {" \n\t", "Saved."},
		"OKAfterTyped":      {"Dear rin,", "Dear rin,\n\nSaved."},
		"OKTrailingNewline": {"Dear rin,\r\n\n", "Dear rin,\n\nSaved."},
	} {
		t.Run(name, func(t *testing.T) {
			if got := models.AppendReply(c.typed, "Saved."); got != c.want {
				t.Fatalf("%q, want %q", got, c.want)
			}
		})
	}
}

func TestSavedRepliesFor(t *testing.T) {
	t.Parallel()
	all := []models.SavedReply{{ID: 1, Language: "en"}, {ID: 2, Language: "en"}, {ID: 3, Language: "ko"}, {ID: 4, Language: "ko"}}
	for lang, want := range map[string][]int64{"en": {1, 2, 3, 4}, "ko": {3, 4, 1, 2}} {
		var got []int64
		for _, r := range models.SavedRepliesFor(all, lang) {
			got = append(got, r.ID)
		}
		if len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
			t.Errorf("%s: %v, want %v", lang, got, want)
		}
	}
}
