package textbank

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"unicode/utf8"
)

// links are web addresses as spam writes them: with a scheme, with www.,
// or a bare host name under a common top-level domain.
var links = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|kr|io|co|me|ly|gg|xyz|info|biz|top|shop|link|site|app|click|live)\b\S*`)

var digits = regexp.MustCompile(`[0-9]+`)

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
	n = digits.ReplaceAllString(n, "0")
	if utf8.RuneCountInString(n) < minFingerprint {
		return ""
	}
	sum := sha256.Sum256([]byte(n))
	return hex.EncodeToString(sum[:16])
}
