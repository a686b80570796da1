// Package pdq computes Meta's PDQ perceptual hash of a picture: our own Go
// code written from the published algorithm (facebook/ThreatExchange,
// pdq/README.md and the hashing document; the C++ and Java reference
// implementations): RGB to luminance, a two-pass Jarosz tent filter and
// decimation to 64×64, the 16×16 corner of its 2D DCT, one bit per
// coefficient above the median; the quality is the sum of the 64×64
// picture's gradients, 0 to 100.
//
// PDQ's own README calls a port correct when, on the pictures of pdq/data,
// hashes of quality ≥ 80 are within distance 10 of the C++ reference: the
// JPEG decoder and the resizing before hashing differ between languages.
// Our tests hold us to that (testdata holds those pictures, BSD licence).
package pdq

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/bits"
	"strings"
)

// Hash is a 256-bit PDQ hash in the order the reference prints it: word 0
// holds the first 16 hex digits.
type Hash [4]uint64

// Size is the number of bits of a Hash.
const Size = 256

// The thresholds PDQ's README recommends: a match is within MatchDistance,
// and hashes of quality below MinQuality are too flat to match on.
const (
	MatchDistance = 31
	MinQuality    = 50
)

// String returns the hash as the reference prints it: 64 lower-case hex digits.
func (h Hash) String() string {
	return fmt.Sprintf("%016x%016x%016x%016x", h[0], h[1], h[2], h[3])
}

// Bytes returns the hash as 32 bytes in printed order, as a bytea column
// stores it.
func (h Hash) Bytes() []byte {
	b := make([]byte, 32)
	for i, w := range h {
		binary.BigEndian.PutUint64(b[i*8:], w)
	}
	return b
}

// FromBytes reads a hash stored by Bytes; anything but 32 bytes is
// ErrMalformed.
func FromBytes(b []byte) (Hash, error) {
	var h Hash
	if len(b) != 32 {
		return h, ErrMalformed
	}
	for i := range h {
		h[i] = binary.BigEndian.Uint64(b[i*8:])
	}
	return h, nil
}

// ErrMalformed is returned by Parse for text that is not 64 hex digits,
// and by FromBytes for anything but 32 bytes.
var ErrMalformed = errors.New("pdq: a hash is 64 hex digits")

// Parse reads a hash written as 64 hex digits (either case).
func Parse(s string) (Hash, error) {
	var h Hash
	if len(s) != 64 {
		return h, ErrMalformed
	}
	b, err := hex.DecodeString(strings.ToLower(s))
	if err != nil {
		return h, ErrMalformed
	}
	return FromBytes(b)
}

// Distance is the Hamming distance between a and b: the number of bits that differ.
func Distance(a, b Hash) int {
	return bits.OnesCount64(a[0]^b[0]) + bits.OnesCount64(a[1]^b[1]) +
		bits.OnesCount64(a[2]^b[2]) + bits.OnesCount64(a[3]^b[3])
}

// setBit sets bit k as the reference numbers them: bit k is bit k%16 of
// 16-bit word k/16, and word 15 is printed first.
func (h *Hash) setBit(k int) { h[3-k/64] |= 1 << (k % 64) }

// minDim is the smallest side the reference hashes; smaller pictures get
// the zero hash and quality 0.
const minDim = 5

// maxSide bounds the luminance buffer: a larger picture is first averaged
// down in whole blocks to at most maxSide on its longer side (the C++
// reference resizes to 512×512 before hashing for the same reason), so a
// 40-megapixel upload needs at most 32 MB, not 320. Up to maxSide we hash at
// full size as the Java reference does: on the reference pictures that is
// closer to the C++ hashes (distance ≤ 8) than averaging to 1024 (≤ 12).
const maxSide = 2048

// FromImage returns the PDQ hash and quality of img.
func FromImage(img image.Image) (Hash, int) {
	luma, rows, cols := lumaOf(img)
	return FromLuma(luma, rows, cols)
}

// FromLuma returns the PDQ hash and quality of a luminance picture of
// rows×cols values (0-255, row-major). It overwrites luma.
func FromLuma(luma []float32, rows, cols int) (Hash, int) {
	if rows < minDim || cols < minDim {
		return Hash{}, 0
	}
	var small [64][64]float32
	if rows == 64 && cols == 64 {
		for i := range 64 {
			copy(small[i][:], luma[i*64:(i+1)*64])
		}
	} else {
		tmp := make([]float32, len(luma))
		jaroszFilter(luma, tmp, rows, cols, windowSize(cols, 64), windowSize(rows, 64), 2)
		decimate(luma, rows, cols, &small)
	}
	quality := qualityOf(&small)
	var dct [16][16]float32
	dct64To16(&small, &dct)
	return bitsOf(&dct), quality
}

// lumaOf returns img's luminance (0.299 R + 0.587 G + 0.114 B, alpha
// ignored), averaged down in blocks when a side exceeds maxSide.
func lumaOf(img image.Image) ([]float32, int, int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	f := 1
	for (w+f-1)/f > maxSide || (h+f-1)/f > maxSide {
		f++
	}
	cols, rows := (w+f-1)/f, (h+f-1)/f
	luma := make([]float32, rows*cols)
	var count []float32
	if f > 1 {
		count = make([]float32, rows*cols)
	}
	for y := range h {
		for x := range w {
			r, g, bl := rgbAt(img, b.Min.X+x, b.Min.Y+y)
			v := float32(0.299)*float32(r) + float32(0.587)*float32(g) + float32(0.114)*float32(bl)
			k := (y/f)*cols + x/f
			luma[k] += v
			if count != nil {
				count[k]++
			}
		}
	}
	for k := range count {
		luma[k] /= count[k]
	}
	return luma, rows, cols
}

// rgbAt returns the 8-bit colour of a pixel, unpremultiplied.
func rgbAt(img image.Image, x, y int) (uint8, uint8, uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		yi, ci := m.YOffset(x, y), m.COffset(x, y)
		return color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
	case *image.NRGBA:
		i := m.PixOffset(x, y)
		return m.Pix[i], m.Pix[i+1], m.Pix[i+2]
	case *image.Gray:
		v := m.Pix[m.PixOffset(x, y)]
		return v, v, v
	}
	c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
	return c.R, c.G, c.B
}

// windowSize is the box filter's window for one of two passes from old to
// new samples: half of old/new, rounded up.
func windowSize(oldDim, newDim int) int {
	return (oldDim + 2*newDim - 1) / (2 * newDim)
}

// jaroszFilter blurs buf (rows×cols) in place with reps passes of a box
// filter along the rows then the columns: two passes make a tent filter.
func jaroszFilter(buf, tmp []float32, rows, cols, windowAlongRows, windowAlongCols, reps int) {
	for range reps {
		for i := range rows {
			box1D(buf[i*cols:], tmp[i*cols:], cols, 1, windowAlongRows)
		}
		for j := range cols {
			box1D(tmp[j:], buf[j:], rows, cols, windowAlongCols)
		}
	}
}

// box1D writes the running mean of a window of size window centred on each
// of n values of in (every stride-th value) into out; windows are cut at
// the ends. The order of additions follows the reference.
func box1D(in, out []float32, n, stride, window int) {
	half := (window + 2) / 2
	phase1 := half - 1
	phase2 := window - half + 1
	phase3 := n - window
	phase4 := half - 1
	li, ri, oi := 0, 0, 0
	var sum float32
	size := 0
	for range phase1 {
		sum += in[ri]
		size++
		ri += stride
	}
	for range phase2 {
		sum += in[ri]
		size++
		out[oi] = sum / float32(size)
		ri += stride
		oi += stride
	}
	for range phase3 {
		sum += in[ri]
		sum -= in[li]
		out[oi] = sum / float32(size)
		li += stride
		ri += stride
		oi += stride
	}
	for range phase4 {
		sum -= in[li]
		size--
		out[oi] = sum / float32(size)
		li += stride
		oi += stride
	}
}

// decimate samples the blurred picture at the centres of a 64×64 grid.
func decimate(in []float32, rows, cols int, out *[64][64]float32) {
	for i := range 64 {
		ii := int((float64(i) + 0.5) * float64(rows) / 64)
		for j := range 64 {
			jj := int((float64(j) + 0.5) * float64(cols) / 64)
			out[i][j] = in[ii*cols+jj]
		}
	}
}

// qualityOf is the reference's heuristic: the sum of the significant
// gradients between neighbouring samples, scaled to 0-100.
func qualityOf(a *[64][64]float32) int {
	sum := 0
	for i := range 63 {
		for j := range 64 {
			sum += absInt(int((a[i][j] - a[i+1][j]) * 100 / 255))
		}
	}
	for i := range 64 {
		for j := range 63 {
			sum += absInt(int((a[i][j] - a[i][j+1]) * 100 / 255))
		}
	}
	return min(sum/90, 100)
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// dctMatrix is rows 1-16 of the 64-point DCT-II matrix.
var dctMatrix = func() (d [16][64]float32) {
	scale := math.Sqrt(2.0 / 64)
	for i := range 16 {
		for j := range 64 {
			d[i][j] = float32(scale * math.Cos(math.Pi/2/64*float64(i+1)*float64(2*j+1)))
		}
	}
	return d
}()

// dct64To16 computes B = D A Dᵀ: the 16×16 low-frequency corner (without
// the DC row and column) of A's 2D DCT.
func dct64To16(a *[64][64]float32, b *[16][16]float32) {
	var t [16][64]float32
	for i := range 16 {
		for j := range 64 {
			var sum float32
			for k := range 64 {
				sum += dctMatrix[i][k] * a[k][j]
			}
			t[i][j] = sum
		}
	}
	for i := range 16 {
		for j := range 16 {
			var sum float32
			for k := range 64 {
				sum += t[i][k] * dctMatrix[j][k]
			}
			b[i][j] = sum
		}
	}
}

// bitsOf sets one bit per coefficient greater than the median.
func bitsOf(dct *[16][16]float32) Hash {
	flat := make([]float32, 0, 256)
	for i := range 16 {
		flat = append(flat, dct[i][:]...)
	}
	median := torben(flat)
	var h Hash
	for i := range 16 {
		for j := range 16 {
			if dct[i][j] > median {
				h.setBit(i*16 + j)
			}
		}
	}
	return h
}

// torben returns the median of m without sorting it (Torben Mogensen's
// algorithm, as the reference uses; for an even count the upper median).
func torben(m []float32) float32 {
	n := len(m)
	lo, hi := m[0], m[0]
	for _, v := range m[1:] {
		lo = min(lo, v)
		hi = max(hi, v)
	}
	var less, greater, equal int
	var guess, maxLess, minGreater float32
	for {
		guess = (lo + hi) / 2
		less, greater, equal = 0, 0, 0
		maxLess, minGreater = lo, hi
		for _, v := range m {
			switch {
			case v < guess:
				less++
				maxLess = max(maxLess, v)
			case v > guess:
				greater++
				minGreater = min(minGreater, v)
			default:
				equal++
			}
		}
		if less <= (n+1)/2 && greater <= (n+1)/2 {
			break
		}
		if less > greater {
			hi = maxLess
		} else {
			lo = minGreater
		}
	}
	switch {
	case less >= (n+1)/2:
		return maxLess
	case less+equal >= (n+1)/2:
		return guess
	}
	return minGreater
}
