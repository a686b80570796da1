// Package textbank reads text the way a text bank matches it: Normalize
// folds the variants people write to dodge a word list into one form,
// Compile builds a multi-pattern (Aho–Corasick) matcher over a bank's
// normalised entries, and Fingerprint reduces a message to the key a spam
// wave is grouped by. It knows nothing of the database: models/textbank.go
// stores the banks and caches their matchers.
package textbank

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// Normalize returns s as banks match it:
//   - NFKC (full-width letters, ligatures, circled letters) and lower case;
//   - letters of other scripts written for Latin ones read as those
//     (Cyrillic "frее" with two Cyrillic е, Greek "ΒΙΤCΟΙΝ", Cherokee,
//     Lisu, small capitals), by the Unicode confusables table (UTS #39);
//   - invisible characters and Hangul fillers dropped;
//   - Hangul written as separate jamo composed into syllables
//     ("ㅅㅣㅂㅏㄹ" reads "시발"), and whatever is not a letter between two
//     Hangul letters dropped ("시 1 발", "시.발" read "시발");
//   - in a word with Latin letters, digit and symbol look-alikes read as
//     the letters they imitate ("h3||0" reads "hello", "fr33" "free") and
//     punctuation inside the word dropped ("f.r.e.e" reads "free");
//   - letters spaced out one by one joined ("f r e e" reads "free");
//   - words separated by one space.
//
// A word of digits alone keeps its digits ("010-1234" reads "0101234").
func Normalize(s string) string {
	rs := fold(s)
	rs = dropHangulFillers(rs)
	rs = composeHangul(rs)
	out := make([]byte, 0, len(s))
	single := false // the last word out is one Latin letter
	for i := 0; i < len(rs); {
		if rs[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j] != ' ' {
			j++
		}
		mark := len(out)
		if mark > 0 {
			out = append(out, ' ')
		}
		out = readWord(out, rs[i:j])
		i = j
		w := out[mark:]
		if len(w) > 0 && w[0] == ' ' {
			w = w[1:]
		}
		switch one := len(w) == 1 && w[0] >= 'a' && w[0] <= 'z'; {
		case len(w) == 0:
			out = out[:mark]
		case one && single:
			out = append(out[:mark], w[0])
		default:
			single = one
		}
	}
	return string(out)
}

// fold applies NFKC and lower case, and drops invisible characters (format
// characters such as zero-width spaces, and the Hangul fillers).
func fold(s string) []rune {
	s = norm.NFKC.String(s)
	rs := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0:
			continue
		case unicode.Is(unicode.Cf, r):
			continue
		case unicode.IsSpace(r):
			r = ' '
		case r >= 0x0250 && r < 0xA800: // the blocks latinLookalikes reads
			if l, ok := latinLookalikes[r]; ok {
				r = l
			}
		}
		rs = append(rs, unicode.ToLower(r))
	}
	return rs
}

// latinLookalikes maps each letter of the scripts people borrow Latin
// look-alikes from (Greek, Cyrillic, IPA and phonetic small capitals,
// Cherokee, Lisu) to the ASCII letter it is confusable with by the Unicode
// confusables table (UTS #39), of its own case where the table cannot tell
// (Greek Ι and Latin I and l share one skeleton): Cyrillic а reads a, Greek
// Ι reads I. The small capitals the table leaves out read as the letter
// their Unicode name gives ("LATIN LETTER SMALL CAPITAL L": ʟ reads l).
// Built once.
var latinLookalikes = func() map[rune]rune {
	ascii := map[string][]rune{} // skeleton → the ASCII letters with it, capitals first
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" {
		k := confusables.Skeleton(string(c))
		ascii[k] = append(ascii[k], c)
	}
	m := map[rune]rune{}
	for _, block := range [][2]rune{{0x0250, 0x02B0}, {0x0370, 0x0530}, {0x13A0, 0x1400}, {0x1D00, 0x1D80}, {0xA4D0, 0xA500}, {0xA720, 0xA800}} {
		for r := block[0]; r < block[1]; r++ {
			cs := ascii[confusables.Skeleton(string(r))]
			if name, ok := strings.CutPrefix(runenames.Name(r), "LATIN LETTER SMALL CAPITAL "); ok && len(name) == 1 {
				cs = []rune{unicode.ToLower(rune(name[0]))}
			}
			if !unicode.IsLetter(r) || len(cs) == 0 {
				continue
			}
			m[r] = cs[0]
			for _, c := range cs {
				if unicode.IsUpper(c) == unicode.IsUpper(r) {
					m[r] = c
					break
				}
			}
		}
	}
	return m
}()

// isHangul reports whether r is a Hangul syllable or jamo (conjoining or
// compatibility).
func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x1100 && r <= 0x11FF) || (r >= 0x3131 && r <= 0x318E)
}

// dropHangulFillers removes every run of characters that are not letters
// (spaces, digits, punctuation, symbols) lying between two Hangul letters.
func dropHangulFillers(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isHangul(r) {
			out = append(out, r)
			j := i + 1
			for j < len(rs) && !unicode.IsLetter(rs[j]) {
				j++
			}
			if j > i+1 && j < len(rs) && isHangul(rs[j]) {
				i = j - 1
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// lookalike returns the letter a digit or symbol is written for, or 0.
func lookalike(r rune) rune {
	switch r {
	case '0':
		return 'o'
	case '1', '!':
		return 'i'
	case '3', '€':
		return 'e'
	case '4', '@':
		return 'a'
	case '5', '$':
		return 's'
	case '7', '+':
		return 't'
	case '8':
		return 'b'
	case '9':
		return 'g'
	case '|':
		return 'l'
	}
	return 0
}

// readWord appends one space-separated word to out: look-alikes as
// letters where the word has a letter, punctuation inside it dropped.
func readWord(out []byte, w []rune) []byte {
	letters := false
	for _, r := range w {
		if unicode.IsLetter(r) && !isHangul(r) {
			letters = true
			break
		}
	}
	for len(w) > 0 && w[0] == '!' {
		w = w[1:]
	}
	for len(w) > 0 && w[len(w)-1] == '!' {
		w = w[:len(w)-1]
	}
	for _, r := range w {
		if l := lookalike(r); l != 0 && letters {
			out = append(out, byte(l))
			continue
		}
		if r < utf8.RuneSelf {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				out = append(out, byte(r))
			}
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}
