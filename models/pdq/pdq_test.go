package pdq

import (
	"bytes"
	"encoding/hex"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reference is the C++ reference implementation's output for the pictures
// of facebook/ThreatExchange pdq/data/reg-test-input (pdq/sql/README.md,
// hex and int64 listings: hash and quality), vendored in testdata.
var reference = []struct {
	file    string
	hash    string
	quality int
}{
	{"bridge-1-original.jpg", "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22", 100},
	{"bridge-2-rotate-90.jpg", "b0a10efd71cc3f429413d48d0ffffe12e34e0e17ada952a9d29684210aa9e5af", 100},
	{"bridge-3-rotate-180.jpg", "adad5a64b5a142e55362a09057dacd5ae63b847fc23794b766b319361fc93188", 100},
	{"bridge-4-rotate-270.jpg", "a5f4a457a48995e8c9065c275aaa5498b61ba4bdf8fcf80387c32f8b0bfc4f05", 100},
	{"bridge-5-flipx.jpg", "f8f80f31e0f417b00e37f5cd028f980fb36ed02a9662c1e233e6cc634e9c64dd", 100},
	{"bridge-6-flipy.jpg", "8dad2599b1a1bd1853625f6553da32a1e63b7280c2374b4866b366c91bc9ce77", 100},
	{"bridge-7-flip-plus-1.jpg", "f0a1f102f1dcc0bd9c5309720fff018de34ef1e8ada9a956d2967ade0ea91a50", 100},
	{"bridge-8-flip-minus-1.jpg", "a5f05ba8a4896a17c106a3da5aaaab07b61b5b42f8fc07fc83c3d0740bfcb0fa", 100},
	{"q0003.jpg", "54a977c221d14c1c43ba5e4e21d4a13989a3553f1462611cbb87fda7be83b677", 3},
	{"q0004.jpg", "992d44af36d69e6ca6b812485928bac11def254ef539ac6d07466c9abcc65b92", 4},
	{"q0122.jpg", "cfb2009ddd21c6dab0846a7745b5984757a8a4535b3377aea2591d32b33ff840", 100},
	{"q0291.jpg", "a0fe94f1e5cc1cc8dd855948498dc9243f7ca27336f036d7f212b74bc103c9a7", 100},
	{"q0746.jpg", "3049d96239e24d4dca2c55512b8b9b77425f4dbcf575a0a95555aaab5554aaaa", 100},
	{"q1050.jpg", "489db672e9190276d452aeab41eba20f02375fe4092d88defdf491a5c55c5f70", 100},
	{"q2821.jpg", "b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109", 100},
	{"pen-and-coaster.png", "1f811b9d2e7fbc6613c0c3f30e041f9df69b836303e10f067fcdfc12c02d01f9", 100},
}

// TestReferenceHashes holds the port to PDQ's own bar (pdq/README.md,
// "Hashing"): where the reference's quality is ≥ 80 our hash is within
// distance 10 of the C++ reference's. The quality must agree within 5.
func TestReferenceHashes(t *testing.T) {
	t.Parallel()
	for _, r := range reference {
		t.Run(r.file, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join("testdata", r.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := SumBytes(b)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Parse(r.hash)
			if err != nil {
				t.Fatal(err)
			}
			d := Distance(s.PDQ, want)
			t.Logf("%s quality %d distance %d", s.PDQ, s.Quality, d)
			if r.quality >= 80 && d > 10 {
				t.Errorf("distance %d to the reference's %s, want ≤ 10", d, r.hash)
			}
			if s.Quality < r.quality-5 || s.Quality > r.quality+5 {
				t.Errorf("quality %d, the reference's %d", s.Quality, r.quality)
			}
		})
	}
}

// TestLargePictureAveragedDown: a picture over maxSide is averaged down in
// whole blocks first; the bridge enlarged twice over hashes as the bridge.
func TestLargePictureAveragedDown(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "bridge-1-original.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	want, wantQ := FromImage(img)
	r := img.Bounds()
	big := image.NewNRGBA(image.Rect(0, 0, 2*r.Dx(), 2*r.Dy()))
	for y := range big.Rect.Dy() {
		for x := range big.Rect.Dx() {
			big.Set(x, y, img.At(r.Min.X+x/2, r.Min.Y+y/2))
		}
	}
	got, q := FromImage(big)
	if d := Distance(got, want); d > 2 || q != wantQ {
		t.Errorf("enlarged: %s quality %d, distance %d to %s quality %d", got, q, d, want, wantQ)
	}
}

func TestParse(t *testing.T) {
	const s = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22"
	t.Run("OK", func(t *testing.T) {
		h, err := Parse(strings.ToUpper(s))
		if err != nil || h.String() != s {
			t.Fatalf("Parse = %s, %v", h, err)
		}
		if Distance(h, h) != 0 {
			t.Error("distance to itself")
		}
		if b, err := FromBytes(h.Bytes()); err != nil || b != h || hex.EncodeToString(h.Bytes()) != s {
			t.Errorf("bytes round trip: %s, %v", b, err)
		}
		if _, err := FromBytes(h.Bytes()[:31]); err != ErrMalformed {
			t.Errorf("31 bytes: %v", err)
		}
	})
	for _, bad := range []string{"", s[:63], s + "0", "g" + s[1:], " " + s[1:]} {
		t.Run("ErrMalformed", func(t *testing.T) {
			if _, err := Parse(bad); err != ErrMalformed {
				t.Errorf("Parse(%q) = %v", bad, err)
			}
		})
	}
}

// TestBitOrder: bit k of the reference is bit k%16 of 16-bit word k/16, and
// word 15 is printed first.
func TestBitOrder(t *testing.T) {
	var h Hash
	h.setBit(0)
	h.setBit(255)
	if got := h.String(); got != "8000"+strings.Repeat("0", 56)+"0001" {
		t.Errorf("bits 0 and 255: %s", got)
	}
	var other Hash
	other.setBit(17)
	if Distance(h, other) != 3 {
		t.Errorf("distance %d, want 3", Distance(h, other))
	}
}

func TestTorbenMedian(t *testing.T) {
	m := []float32{5, 1, 4, 2, 3, 6}
	if got := torben(m); got != 3 {
		t.Errorf("median of 1..6 = %v, want the lower middle 3", got)
	}
	if got := torben([]float32{7, 7, 7}); got != 7 {
		t.Errorf("median of equal values = %v", got)
	}
}

func TestSums(t *testing.T) {
	if got := MD5([]byte("abc")); got != "900150983cd24fb0d6963f7d28e17f72" {
		t.Errorf("MD5 = %s", got)
	}
	if got := SHA256([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("SHA256 = %s", got)
	}
	if _, err := SumBytes([]byte("not a picture")); err == nil {
		t.Error("SumBytes of text: no error")
	}
}
