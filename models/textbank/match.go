package textbank

import (
	"strings"

	"github.com/coregx/ahocorasick"
)

// Matcher finds a bank's entries in normalised text in one pass, whatever
// the bank's size. It is immutable once compiled: safe for concurrent use.
type Matcher struct {
	ac      *ahocorasick.Automaton // nil for an empty bank
	ids     []int64                // entry id by pattern id
	bounded []bool                 // by pattern id: matched as whole words only
}

// Pattern is one entry of a bank: its id and its normalised text
// (Normalize's result, never empty).
type Pattern struct {
	ID     int64
	Normal string
}

// shortWord is the longest Latin entry matched as a whole word only, so
// "ass" does not hit "class" nor "cunt" "Scunthorpe"; a longer entry hits
// inside a word too ("viagra" in "buyviagranow").
const shortWord = 5

// Compile builds the matcher of patterns. Patterns with an empty normal
// form are skipped (the bank refuses them when they are added).
func Compile(patterns []Pattern) (*Matcher, error) {
	m := &Matcher{}
	words := make([]string, 0, len(patterns))
	for _, p := range patterns {
		if p.Normal == "" {
			continue
		}
		words = append(words, p.Normal)
		m.ids = append(m.ids, p.ID)
		m.bounded = append(m.bounded, isShortLatin(p.Normal))
	}
	if len(words) == 0 {
		return m, nil
	}
	ac, err := ahocorasick.NewBuilder().AddStrings(words).Build()
	if err != nil {
		return nil, err
	}
	m.ac = ac
	return m, nil
}

func isShortLatin(s string) bool {
	if len(s) > shortWord {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != ' ' {
			return false
		}
	}
	return true
}

// Match returns the ids of the entries found in normal (a Normalize
// result), each once, in the order of their first hit in the text.
func (m *Matcher) Match(normal string) []int64 {
	if m.ac == nil || normal == "" {
		return nil
	}
	var ids []int64
	seen := map[int]bool{}
	for _, h := range m.ac.FindAllOverlapping([]byte(normal)) {
		if seen[h.PatternID] {
			continue
		}
		if m.bounded[h.PatternID] && !wholeWord(normal, h.Start, h.End) {
			continue
		}
		if innocent(normal, h.Start, h.End) {
			continue
		}
		seen[h.PatternID] = true
		ids = append(ids, m.ids[h.PatternID])
	}
	return ids
}

func wholeWord(s string, start, end int) bool {
	return (start == 0 || s[start-1] == ' ') && (end == len(s) || s[end] == ' ')
}

// innocentWords hold a bank word by chance: 시발점 (starting point) and
// 시발역 (first station) are not 시발. A hit inside one of them is no hit.
var innocentWords = []string{"시발점", "시발역", "시발택시"}

func innocent(s string, start, end int) bool {
	hit := s[start:end]
	for _, w := range innocentWords {
		for k := strings.Index(w, hit); k >= 0; {
			if from := start - k; from >= 0 && strings.HasPrefix(s[from:], w) {
				return true
			}
			next := strings.Index(w[k+1:], hit)
			if next < 0 {
				break
			}
			k += 1 + next
		}
	}
	return false
}
