package textbank

// Hangul letters are read as a keyboard writes them: every syllable and
// jamo as its compatibility jamo (ㄱ..ㅣ), then composed again as a Korean
// input method does, so "ㅅㅣㅂㅏㄹ", "시ㅂㅏㄹ" and "시발" are one word.
// Text written in syllables alone comes back unchanged: every syllable
// starts with a consonant, so no final consonant moves.

const (
	syllableBase = 0xAC00
	syllableLast = 0xD7A3
)

// The compatibility jamo in the order of the syllable formula: initials,
// medials and finals ("" where a syllable has none).
var (
	initials = []rune("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")
	medials  = []rune("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ")
	finals   = []rune("\x00ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
)

// The conjoining jamo (U+1100..) in the same orders.
var (
	conjoinedInitials = runeRange(0x1100, 19)
	conjoinedMedials  = runeRange(0x1161, 21)
	conjoinedFinals   = append([]rune{0}, runeRange(0x11A8, 27)...)
)

func runeRange(first rune, n int) []rune {
	rs := make([]rune, n)
	for i := range rs {
		rs[i] = first + rune(i)
	}
	return rs
}

var (
	initialIndex = indexOf(initials)
	medialIndex  = indexOf(medials)
	finalIndex   = indexOf(finals)
	compatible   = conjoinedToCompatible()
)

func indexOf(rs []rune) map[rune]int {
	m := make(map[rune]int, len(rs))
	for i, r := range rs {
		if r != 0 {
			m[r] = i
		}
	}
	return m
}

func conjoinedToCompatible() map[rune]rune {
	m := map[rune]rune{}
	for i, r := range conjoinedInitials {
		m[r] = initials[i]
	}
	for i, r := range conjoinedMedials {
		m[r] = medials[i]
	}
	for i, r := range conjoinedFinals {
		if r != 0 {
			m[r] = finals[i]
		}
	}
	return m
}

// Compound medials and finals, by their two parts.
var (
	compoundMedials = map[[2]rune]rune{
		{'ㅗ', 'ㅏ'}: 'ㅘ', {'ㅗ', 'ㅐ'}: 'ㅙ', {'ㅗ', 'ㅣ'}: 'ㅚ', {'ㅜ', 'ㅓ'}: 'ㅝ',
		{'ㅜ', 'ㅔ'}: 'ㅞ', {'ㅜ', 'ㅣ'}: 'ㅟ', {'ㅡ', 'ㅣ'}: 'ㅢ',
	}
	compoundFinals = map[[2]rune]rune{
		{'ㄱ', 'ㅅ'}: 'ㄳ', {'ㄴ', 'ㅈ'}: 'ㄵ', {'ㄴ', 'ㅎ'}: 'ㄶ', {'ㄹ', 'ㄱ'}: 'ㄺ',
		{'ㄹ', 'ㅁ'}: 'ㄻ', {'ㄹ', 'ㅂ'}: 'ㄼ', {'ㄹ', 'ㅅ'}: 'ㄽ', {'ㄹ', 'ㅌ'}: 'ㄾ',
		{'ㄹ', 'ㅍ'}: 'ㄿ', {'ㄹ', 'ㅎ'}: 'ㅀ', {'ㅂ', 'ㅅ'}: 'ㅄ',
	}
	finalParts = splitCompounds()
)

func splitCompounds() map[rune][2]rune {
	m := make(map[rune][2]rune, len(compoundFinals))
	for parts, r := range compoundFinals {
		m[r] = parts
	}
	return m
}

func isConsonant(r rune) bool { return r >= 'ㄱ' && r <= 'ㅎ' }
func isVowel(r rune) bool     { return r >= 'ㅏ' && r <= 'ㅣ' }

// composeHangul reads every Hangul letter of rs as jamo and composes the
// jamo into syllables; other characters pass through.
func composeHangul(rs []rune) []rune {
	hangul := false
	for _, r := range rs {
		if isHangul(r) && (r < syllableBase || r > syllableLast) {
			hangul = true
			break
		}
	}
	if !hangul {
		return rs // syllables alone compose to themselves
	}
	out := make([]rune, 0, len(rs))
	var c composer
	for _, r := range rs {
		switch {
		case r >= syllableBase && r <= syllableLast:
			n := int(r - syllableBase)
			c.addJamo(&out, initials[n/(21*28)])
			c.addJamo(&out, medials[n/28%21])
			if f := finals[n%28]; f != 0 {
				c.addJamo(&out, f)
			}
		case compatible[r] != 0:
			c.addJamo(&out, compatible[r])
		case isConsonant(r) || isVowel(r):
			c.addJamo(&out, r)
		default:
			c.flush(&out)
			out = append(out, r)
		}
	}
	c.flush(&out)
	return out
}

// composer is the syllable being written: an initial, a medial and up to
// two final consonants (0 where missing).
type composer struct {
	initial, medial rune
	final           [2]rune
}

// addJamo adds one compatibility jamo, a compound final as its two parts.
func (c *composer) addJamo(out *[]rune, j rune) {
	if parts, ok := finalParts[j]; ok {
		c.add(out, parts[0])
		c.add(out, parts[1])
		return
	}
	c.add(out, j)
}

func (c *composer) add(out *[]rune, j rune) {
	if isConsonant(j) {
		switch {
		case c.initial == 0 || c.medial == 0:
			c.flush(out)
			c.initial = j
		case c.final[0] == 0 && finalIndex[j] != 0:
			c.final[0] = j
		case c.final[0] != 0 && c.final[1] == 0 && compoundFinals[[2]rune{c.final[0], j}] != 0:
			c.final[1] = j
		default:
			c.flush(out)
			c.initial = j
		}
		return
	}
	switch {
	case c.initial != 0 && c.medial != 0 && c.final[0] != 0:
		// The last final starts the next syllable: 바ㄹ+ㅏ is 바라.
		next := c.final[0]
		if c.final[1] != 0 {
			next, c.final[1] = c.final[1], 0
		} else {
			c.final[0] = 0
		}
		c.flush(out)
		c.initial, c.medial = next, j
	case c.medial != 0 && compoundMedials[[2]rune{c.medial, j}] != 0:
		c.medial = compoundMedials[[2]rune{c.medial, j}]
	case c.initial != 0 && c.medial == 0:
		c.medial = j
	default:
		c.flush(out)
		c.medial = j
	}
}

func (c *composer) flush(out *[]rune) {
	switch {
	case c.initial != 0 && c.medial != 0:
		f := c.final[0]
		if c.final[1] != 0 {
			f = compoundFinals[c.final]
		}
		i, m := initialIndex[c.initial], medialIndex[c.medial]
		*out = append(*out, rune(syllableBase+(i*21+m)*28+finalIndex[f]))
	case c.initial != 0:
		*out = append(*out, c.initial)
	case c.medial != 0:
		*out = append(*out, c.medial)
	}
	for _, r := range c.final {
		if r != 0 && (c.initial == 0 || c.medial == 0) {
			*out = append(*out, r)
		}
	}
	*c = composer{}
}
