package pdq

import (
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"image"

	// The formats a picture arrives in; WebP registers itself where the
	// upload path imports its decoder.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
)

// Sums are the hashes talksafe keeps for every picture: PDQ with its
// quality for near-duplicates, MD5 (what most hash lists carry) and
// SHA-256 for exact copies. MD5 and SHA-256 are 32 and 64 lower-case hex
// digits.
type Sums struct {
	PDQ     Hash
	Quality int
	MD5     string
	SHA256  string
}

// MD5 returns the MD5 of b as 32 lower-case hex digits.
func MD5(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// SHA256 returns the SHA-256 of b as 64 lower-case hex digits.
func SHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// SumBytes decodes a picture file (JPEG, PNG, GIF's first frame, and any
// format another package registered with image) and returns its sums; the
// error is image's for a file it cannot decode.
func SumBytes(b []byte) (Sums, error) {
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return Sums{}, err
	}
	h, q := FromImage(img)
	return Sums{PDQ: h, Quality: q, MD5: MD5(b), SHA256: SHA256(b)}, nil
}
