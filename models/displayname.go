package models

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// MaxDisplayNameLen is the longest display name, in characters.
const MaxDisplayNameLen = 64

// staffWords are the words only staff may use in a display name: a user
// named "Minji (Moderator)" could pass for staff. Staff show a badge that no
// name can imitate.
var staffWords = []string{"moderator", "admin", "support", "talksafe", "customerservice", "운영자", "관리자", "고객센터"}

// lookalikes maps characters that read as Latin letters to them, so that
// "M0derat0r" or a Cyrillic "аdmin" is seen for what it shows.
var lookalikes = strings.NewReplacer(
	"0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "8", "b", "@", "a", "$", "s", "|", "l", "!", "i",
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "у", "y", "х", "x", "і", "i", "ѕ", "s", "ԁ", "d", "ո", "n",
	"ı", "i", "ɑ", "a", "ο", "o", "ρ", "p", "τ", "t", "ν", "v", "м", "m", "т", "t", "н", "h", "к", "k", "в", "b",
)

// lookalikesL reads the digit 1 and "|" as the letter l, as in "ta1ksafe".
var lookalikesL = strings.NewReplacer("1", "l", "|", "l")

var fold = cases.Fold()

// NormalizeDisplayName returns name as stored: NFC, each space character
// (such as the no-break space) a plain space, runs of spaces one, trimmed.
// Tabs and line breaks stay, for DisplayNameProblem to refuse.
func NormalizeDisplayName(name string) string {
	s := strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Zs, r) {
			return ' '
		}
		return r
	}, norm.NFC.String(name))
	for strings.Contains(s, "  ") {
		s = strings.ReplaceAll(s, "  ", " ")
	}
	return strings.TrimSpace(s)
}

// DisplayNameProblem is the error key saying why name (normalized) cannot be
// the display name of an account of role, or "" when it can: it must be at most
// MaxDisplayNameLen characters of visible text (no control, invisible,
// text-direction or private-use characters, no pile of combining marks),
// and only staff may use staff words.
func DisplayNameProblem(name string, role Role) string {
	if TextProblem(name, false) != "" {
		return "user.display_name_characters"
	}
	if utf8.RuneCountInString(name) > MaxDisplayNameLen {
		return "user.display_name_too_long"
	}
	marks := 0
	for _, r := range name {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			marks++
		} else {
			marks = 0
		}
		if invisible(r) || marks > 3 {
			return "user.display_name_invisible"
		}
	}
	if !role.IsStaff() && hasStaffWord(name) {
		return "user.display_name_staff_word"
	}
	return ""
}

// hasStaffWord reports whether name reads as holding a staff word.
func hasStaffWord(name string) bool {
	for _, l := range []*strings.Replacer{lookalikes, lookalikesL} {
		skel := nameSkeleton(name, l)
		for _, w := range staffSkeletons {
			if containsReading(skel, w) {
				return true
			}
		}
	}
	return false
}

// staffSkeletons are the staff words as nameSkeleton reads them.
var staffSkeletons = func() []string {
	out := make([]string, len(staffWords))
	for i, w := range staffWords {
		out[i] = nameSkeleton(w, lookalikes)
	}
	return out
}()

// containsReading reports whether skel holds word, where a foreign letter
// (see foreignMark) may stand for any one letter of it.
func containsReading(skel, word string) bool {
	s, w := []rune(skel), []rune(word)
	for i := 0; i+len(w) <= len(s); i++ {
		wild := 0
		ok := true
		for j, r := range w {
			switch {
			case s[i+j] == r:
			case s[i+j] == foreignMark && wild == 0:
				wild++
			default:
				ok = false
			}
			if !ok {
				break
			}
		}
		if ok && wild < len(w)/2 {
			return true
		}
	}
	return false
}

// invisible reports whether r shows nothing, or changes how the text
// around it reads: format characters (zero-width spaces and joiners,
// direction marks and overrides), separators other than the space, private
// use, unassigned code points and blank letters such as the Hangul filler.
func invisible(r rune) bool {
	switch r {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800', '\u034F', '\u17B4', '\u17B5', '\u180E', '\uFFFC', '\uFFFD':
		return true
	case '\uFE0E', '\uFE0F': // text or emoji style of the character before
		return false
	}
	if r >= '\uFE00' && r <= '\uFE0F' || r >= 0xE0100 && r <= 0xE01EF { // variation selectors
		return true
	}
	return unicode.In(r, unicode.Cf, unicode.Co, unicode.Zl, unicode.Zp) ||
		(unicode.Is(unicode.Zs, r) && r != ' ') || !unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs)
}

// nameSkeleton is name as it reads: compatibility forms folded
// (full-width letters, ligatures), small capitals as their letters, the
// Unicode confusables skeleton (UTS #39) taken before and after case
// folding, lookalikes replaced, the multi-letter look-alikes (rn, cl) read
// as the letter they imitate, and everything but letters and digits
// dropped, so "M o d-e r a t o r", "ＭＯＤＥＲＡＴＯＲ", Greek "Μoderator",
// Lisu "ꓟꓳꓓꓰꓣꓮꓔꓳꓣ", "TaIkSafe" and "adrnin" read as the staff words
// they imitate. A letter of another script among Latin letters (mixed
// script, which UTS #39 flags) becomes foreignMark.
func nameSkeleton(name string, lookalikes *strings.Replacer) string {
	s := smallCapitals(norm.NFKC.String(name))
	s = confusables.Skeleton(fold.String(confusables.Skeleton(s)))
	s = lookalikes.Replace(fold.String(norm.NFC.String(s)))
	for _, w := range innocentWords {
		s = strings.ReplaceAll(s, w, " ")
	}
	s = multiLetter.Replace(s)
	s = strings.Map(func(r rune) rune { // accents and marks apart from their letters, then dropped
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, norm.NFKD.String(s))
	return markForeign(norm.NFC.String(s))
}

// innocentWords hold a staff word by chance, as the skeleton reads them
// (m as rn); they are taken out before the check.
var innocentWords = []string{"badrninton"}

// multiLetter reads the letter pairs that imitate one letter as it, and l
// as i: the skeleton writes m as "rn", d as "cl" and I as l, so
// "rnoderator", "adrnin", "aclmin", "ADMIN" and "Servlce" meet "moderator",
// "admin" and "service" on one reading.
var multiLetter = strings.NewReplacer("rn", "m", "cl", "d", "vv", "w", "l", "i")

// smallCapitals reads each LATIN LETTER SMALL CAPITAL X as x, by the
// character's Unicode name (NFKC and the confusables table leave most of
// them alone).
func smallCapitals(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x250 || r > 0xA7FF || !unicode.Is(unicode.Latin, r) {
			return r
		}
		if l, ok := strings.CutPrefix(runenames.Name(r), "LATIN LETTER SMALL CAPITAL "); ok && len(l) == 1 {
			return unicode.ToLower(rune(l[0]))
		}
		return r
	}, s)
}

// foreignMark stands for a letter of another script among Latin letters.
const foreignMark = '\uFFFD'

// markForeign replaces each letter that is neither Latin nor Korean (nor
// a digit) but stands next to a Latin letter with foreignMark: "admᏆn"
// reads as "adm?n".
func markForeign(s string) string {
	rs := []rune(s)
	latin := func(i int) bool { return i >= 0 && i < len(rs) && rs[i] < 0x250 && unicode.IsLetter(rs[i]) }
	out := make([]rune, len(rs))
	for i, r := range rs {
		out[i] = r
		if unicode.IsLetter(r) && !latin(i) && !unicode.In(r, unicode.Hangul, unicode.Han) && (latin(i-1) || latin(i+1)) {
			out[i] = foreignMark
		}
	}
	return string(out)
}
