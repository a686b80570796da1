package textbank

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"unicode/utf8"
)

// links are web addresses as spam writes them: with a scheme, with www.,
// or a bare host name (letters or digits, a dot, a top-level domain of two
// letters or more), with any path.
var links = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|\b[\pL0-9-]+(?:\.[\pL0-9-]+)*\.[a-z]{2,}\b(?:/\S*)?`)

// numbers are runs of digits, with the spaces between them: a phone number
// written 010 1234 5678 or 01012345678 is one number.
var numbers = regexp.MustCompile(`[0-9]+(?: [0-9]+)*`)

// minFingerprint is the shortest normalised text (in characters) that
// groups into a spam wave: "hi" or "ㅋㅋㅋ" from many people is no wave.
const minFingerprint = 12

// Fingerprint is the key a spam wave groups by: s without its links,
// normalised as banks normalise it, every number read as one placeholder,
// hashed. Two messages that differ only in a number, a link, case,
// spacing or look-alike letters have one fingerprint. A text too short to
// tell a wave from chance has none ("").
func Fingerprint(s string) string {
	n := Normalize(links.ReplaceAllString(s, " "))
	n = numbers.ReplaceAllString(n, "0")
	if utf8.RuneCountInString(n) < minFingerprint {
		return ""
	}
	sum := sha256.Sum256([]byte(n))
	return hex.EncodeToString(sum[:16])
}
