package models

import (
	"talksafe/models/pdq"

	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"path"
	"strings"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// The largest picture talksafe takes, checked before anything is decoded.
const (
	MaxPictureBytes  = 10 << 20
	MaxPicturePixels = 40_000_000
	// ThumbSize is the longest side of a thumbnail, in pixels.
	ThumbSize = 320
)

// Upload is a picture as a person sent it: the file's name and declared
// type are only compared with what its bytes are, never trusted.
type Upload struct {
	Name string
	Type string // the part's Content-Type, as the client declared it
	Data []byte
}

// pictureKinds are the formats a picture may come in, by the type sniffed
// from its bytes.
var pictureKinds = map[string]string{"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP"}

// declaredKinds maps file name extensions and declared types to a format.
var declaredKinds = map[string]string{".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".gif": "GIF",
	".webp": "WebP", "image/jpeg": "JPEG", "image/pjpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WebP"}

// prepared is an upload checked, decoded, turned upright and re-encoded:
// nothing of the original file but its pixels survives.
type prepared struct {
	data, thumb []byte
	contentType string
	width       int
	height      int
	sha256      []byte
	md5         []byte
	pdq         pdq.Hash // of the upright picture, before re-encoding
	quality     int
}

// preparePicture checks up (size, real type, pixel count: all before
// decoding; then its end, so a file with something after its picture or
// missing its end is refused) and re-encodes it upright. Errors: Invalid on
// field "picture", naming the problem.
func preparePicture(up Upload) (*prepared, error) {
	kind, err := checkPicture(up)
	if err != nil {
		return nil, err
	}
	var img image.Image
	switch kind {
	case "JPEG":
		img, err = jpeg.Decode(bytes.NewReader(up.Data))
	case "PNG":
		img, err = png.Decode(bytes.NewReader(up.Data))
	case "GIF":
		img, err = gif.Decode(bytes.NewReader(up.Data)) // the first frame only
	case "WebP":
		img, err = webp.Decode(bytes.NewReader(up.Data))
	}
	if err != nil {
		return nil, fieldError("picture", "picture.damaged", kind)
	}
	if kind == "JPEG" {
		img = upright(img, exifOrientation(up.Data))
	}
	p := &prepared{width: img.Bounds().Dx(), height: img.Bounds().Dy()}
	p.pdq, p.quality = pdq.FromImage(img)
	if p.data, p.contentType, err = encodePicture(img, kind == "JPEG"); err != nil {
		return nil, err
	}
	if p.thumb, _, err = encodePicture(scaleDown(img, ThumbSize), kind == "JPEG"); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(p.data)
	m := md5.Sum(p.data)
	p.sha256, p.md5 = sum[:], m[:]
	return p, nil
}

// checkPicture returns up's format, or the problem with it, reading only
// its header and its end.
func checkPicture(up Upload) (string, error) {
	data := up.Data
	switch {
	case len(data) == 0:
		return "", fieldError("picture", "picture.empty")
	case len(data) > MaxPictureBytes:
		return "", fieldError("picture", "picture.too_large", MaxPictureBytes>>20)
	}
	kind, ok := pictureKinds[http.DetectContentType(data)]
	if !ok {
		head := strings.ToLower(string(data[:min(len(data), 1024)]))
		if strings.Contains(head, "<svg") || strings.HasSuffix(strings.ToLower(up.Name), ".svg") {
			return "", fieldError("picture", "picture.svg")
		}
		return "", fieldError("picture", "picture.not_a_picture")
	}
	for _, said := range []string{strings.ToLower(path.Ext(up.Name)), strings.ToLower(strings.TrimSpace(strings.Split(up.Type, ";")[0]))} {
		if k, ok := declaredKinds[said]; ok && k != kind {
			return "", fieldError("picture", "picture.type_lie", k, kind)
		}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", fieldError("picture", "picture.truncated", kind)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPicturePixels {
		return "", fieldError("picture", "picture.too_many_pixels", cfg.Width, cfg.Height, MaxPicturePixels/1_000_000)
	}
	switch end := pictureEnd(kind, data); {
	case end < 0:
		return "", fieldError("picture", "picture.truncated", kind)
	case end < len(data) || hidesOtherFile(data):
		return "", fieldError("picture", "picture.polyglot", kind)
	}
	return kind, nil
}

// pictureEnd is where the picture in data ends by its format's own marks
// (JPEG's end-of-image, PNG's IEND chunk, GIF's trailer, WebP's RIFF size),
// or -1 when the mark is missing: the file was cut short. Padding with zero
// bytes after a JPEG, as some cameras write, counts as the picture's.
func pictureEnd(kind string, data []byte) int {
	switch kind {
	case "JPEG":
		t := bytes.TrimRight(data, "\x00")
		if !bytes.HasSuffix(t, []byte{0xff, 0xd9}) {
			if i := bytes.LastIndex(data, []byte{0xff, 0xd9}); i >= 0 && i+2 < len(data) && looksLikeFile(data[i+2:]) {
				return i + 2
			}
			return -1
		}
		return len(data)
	case "PNG":
		i := bytes.Index(data, []byte("IEND\xae\x42\x60\x82"))
		if i < 0 {
			return -1
		}
		return i + 8
	case "GIF":
		if data[len(data)-1] != 0x3b {
			if i := bytes.LastIndexByte(data, 0x3b); i >= 0 && looksLikeFile(data[i+1:]) {
				return i + 1
			}
			return -1
		}
		return len(data)
	case "WebP":
		if len(data) < 12 {
			return -1
		}
		n := int(binary.LittleEndian.Uint32(data[4:8])) + 8
		if n > len(data) {
			return -1
		}
		return n
	}
	return -1
}

// fileMarks are the starts of files that a picture can be made to carry as a
// second meaning (a polyglot): an archive, a script, a page, a PDF.
var fileMarks = []string{"pk\x03\x04", "<script", "<html", "<?php", "%pdf-", "<!doctype", "<svg", "<?xml"}

// looksLikeFile reports whether b starts like another kind of file.
func looksLikeFile(b []byte) bool {
	head := strings.ToLower(string(bytes.TrimLeft(b[:min(len(b), 64)], " \t\r\n\x00")))
	for _, m := range fileMarks {
		if strings.HasPrefix(head, m) {
			return true
		}
	}
	return false
}

// hidesOtherFile reports whether data carries markup or an archive inside
// it (in a comment or metadata block), which a picture never needs.
func hidesOtherFile(data []byte) bool {
	lower := bytes.ToLower(data)
	for _, m := range fileMarks {
		if m != "<?xml" && bytes.Contains(lower, []byte(m)) { // XMP metadata is XML
			return true
		}
	}
	return false
}

// encodePicture writes img as JPEG (photos) or PNG (everything else, which
// may have sharp edges or transparency): no metadata of any kind.
func encodePicture(img image.Image, photo bool) ([]byte, string, error) {
	var buf bytes.Buffer
	if photo {
		err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88})
		return buf.Bytes(), "image/jpeg", err
	}
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img)
	return buf.Bytes(), "image/png", err
}

// scaleDown returns img shrunk so that its longest side is at most size.
func scaleDown(img image.Image, size int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= size && h <= size {
		return img
	}
	if w >= h {
		w, h = size, max(1, h*size/w)
	} else {
		w, h = max(1, w*size/h), size
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

// Blur levels of an evidence picture shown to staff before they reveal it.
const (
	BlurStrong = "strong"
	BlurLight  = "light"
)

// blurred returns a greyscale rendition of the picture in data, blurred so
// that no detail survives: shrunk to a few pixels across (strong: 12, light:
// 40) and grown back smoothly. It is made on the server, so the unblurred
// bytes never reach a browser that has not revealed them.
func blurred(data []byte, level string) ([]byte, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	across := 12
	if level == BlurLight {
		across = 40
	}
	b := img.Bounds()
	small := scaleDown(img, across)
	grey := image.NewGray(small.Bounds())
	draw.Draw(grey, grey.Bounds(), small, small.Bounds().Min, draw.Src)
	w, h := b.Dx(), b.Dy()
	if w > ThumbSize*2 || h > ThumbSize*2 {
		w, h = scaledSize(w, h, ThumbSize*2)
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(out, out.Bounds(), grey, grey.Bounds(), xdraw.Src, nil)
	var buf bytes.Buffer
	err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 70})
	return buf.Bytes(), err
}

func scaledSize(w, h, size int) (int, int) {
	if w >= h {
		return size, max(1, h*size/w)
	}
	return max(1, w*size/h), size
}

// exifOrientation reads the EXIF orientation (1 to 8) of a JPEG, 1 when it
// has none or it cannot be read.
func exifOrientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		if marker == 0xda || marker == 0xd9 { // image data starts: no EXIF before it
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && len(seg) > 14 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

func tiffOrientation(t []byte) int {
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	off := int(bo.Uint32(t[4:8]))
	if off+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[off:]))
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}

// upright returns img turned as its EXIF orientation o says, so that the
// re-encoded picture, which carries no orientation, shows the same way.
func upright(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src) // one fast conversion, then plain copies
	ow, oh := w, h
	if o >= 5 {
		ow, oh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := range h {
		row := src.Pix[y*src.Stride : y*src.Stride+w*4]
		for x := range w {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			i := dy*dst.Stride + dx*4
			copy(dst.Pix[i:i+4], row[x*4:x*4+4])
		}
	}
	return dst
}
