// Package picturetest makes pictures for tests and the demo world in code:
// no binary files in the repository.
package picturetest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
)

// Scene draws a w×h picture: a sky-to-ground gradient with a sun, coloured
// by hue (0 to 359), so different pictures look different.
func Scene(w, h, hue int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r, g, b := hueRGB(hue)
	for y := range h {
		for x := range w {
			t := float64(y) / float64(max(h-1, 1))
			c := color.RGBA{uint8(float64(r) * (1 - t/2)), uint8(float64(g) * (1 - t/3)), uint8(float64(b)*(1-t) + 40*t), 255}
			dx, dy := x-w*3/4, y-h/4
			if dx*dx+dy*dy < (h/8)*(h/8) {
				c = color.RGBA{255, 230, 120, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

func hueRGB(hue int) (uint8, uint8, uint8) {
	switch (hue / 60) % 6 {
	case 0:
		return 230, uint8(hue % 60 * 4), 60
	case 1:
		return uint8(230 - hue%60*3), 220, 60
	case 2:
		return 60, 220, uint8(hue % 60 * 4)
	case 3:
		return 60, uint8(220 - hue%60*3), 230
	case 4:
		return uint8(hue % 60 * 4), 60, 230
	}
	return 230, 60, uint8(230 - hue%60*3)
}

// JPEG encodes a Scene as a JPEG.
func JPEG(w, h, hue int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, Scene(w, h, hue), &jpeg.Options{Quality: 85}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// PNG encodes a Scene as a PNG.
func PNG(w, h, hue int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, Scene(w, h, hue)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// GIF encodes two frames, a Scene and a black one, as an animated GIF.
func GIF(w, h, hue int) []byte {
	pal := color.Palette{color.Black, color.White, color.RGBA{230, 60, 60, 255}, color.RGBA{60, 60, 230, 255}}
	first := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for y := range h {
		for x := range w {
			first.SetColorIndex(x, y, uint8(2+(x*2/w)))
		}
	}
	second := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{first, second}, Delay: []int{10, 10}}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// WebP is a 1×1 lossless WebP (Go has no WebP encoder).
var WebP, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

// Marker strings written into the EXIF of JPEGWithEXIF: none may survive an
// upload.
const (
	CameraSerial = "SN-4417-TALKSAFE-TEST"
	GPSLatRef    = "N"
)

// JPEGWithEXIF is a w×h Scene JPEG with an EXIF block carrying the
// orientation o (1 to 8: 6 means the camera was turned a quarter right, so
// the picture shows h×w), a camera serial number (CameraSerial) and a GPS
// position (37°33'N 126°58'E, Seoul).
func JPEGWithEXIF(w, h, o int) []byte {
	plain := JPEG(w, h, 200)
	exif := exifBlock(o)
	seg := make([]byte, 4, 4+len(exif))
	seg[0], seg[1] = 0xff, 0xe1
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	seg = append(seg, exif...)
	out := append([]byte{}, plain[:2]...) // SOI
	out = append(out, seg...)
	return append(out, plain[2:]...)
}

// exifBlock is "Exif\0\0" and a little-endian TIFF with IFD0 (orientation,
// serial in tag 0xA431 BodySerialNumber written in IFD0 for simplicity, and
// a pointer to the GPS IFD) and the GPS IFD (latitude, longitude).
func exifBlock(o int) []byte {
	le := binary.LittleEndian
	var t []byte
	t = append(t, 'I', 'I', 42, 0, 8, 0, 0, 0)
	serial := append([]byte(CameraSerial), 0)
	// IFD0 at 8: 3 entries (12 bytes each), next-IFD 0.
	ifd0 := 8
	gpsIFD := ifd0 + 2 + 3*12 + 4
	gpsData := gpsIFD + 2 + 4*12 + 4
	serialAt := gpsData + 2*24
	entry := func(tag, typ uint16, count, value uint32) []byte {
		e := make([]byte, 12)
		le.PutUint16(e, tag)
		le.PutUint16(e[2:], typ)
		le.PutUint32(e[4:], count)
		le.PutUint32(e[8:], value)
		return e
	}
	t = le.AppendUint16(t, 3)
	t = append(t, entry(0x0112, 3, 1, uint32(o))...)                          // Orientation, SHORT
	t = append(t, entry(0xa431, 2, uint32(len(serial)), uint32(serialAt))...) // BodySerialNumber, ASCII
	t = append(t, entry(0x8825, 4, 1, uint32(gpsIFD))...)                     // GPS IFD pointer
	t = le.AppendUint32(t, 0)
	t = le.AppendUint16(t, 4)
	t = append(t, entry(0x0001, 2, 2, uint32(GPSLatRef[0]))...) // GPSLatitudeRef "N"
	t = append(t, entry(0x0002, 5, 3, uint32(gpsData))...)      // GPSLatitude, 3 RATIONAL
	t = append(t, entry(0x0003, 2, 2, uint32('E'))...)          // GPSLongitudeRef "E"
	t = append(t, entry(0x0004, 5, 3, uint32(gpsData+24))...)   // GPSLongitude
	t = le.AppendUint32(t, 0)
	for _, v := range []uint32{37, 1, 33, 1, 0, 1, 126, 1, 58, 1, 0, 1} {
		t = le.AppendUint32(t, v)
	}
	t = append(t, serial...)
	return append([]byte("Exif\x00\x00"), t...)
}
