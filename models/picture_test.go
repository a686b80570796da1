package models_test

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/models/blob"
	"talksafe/models/picturetest"
	"talksafe/models/testdb"
)

// bombGIF is a tiny GIF whose header claims 8000×8000 pixels: decoding it
// would take 64 million pixels' memory.
func bombGIF() []byte {
	g := picturetest.GIF(2, 2, 0)
	g[6], g[7], g[8], g[9] = 0x40, 0x1f, 0x40, 0x1f // 8000 × 8000, little-endian
	return g
}

// TestPreparePictureRefuses sends each kind of bad upload: each is refused
// on the picture field with the words for its problem, and nothing reaches
// the store.
func TestPreparePictureRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store, err := blob.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	jpg := picturetest.JPEG(64, 48, 30)
	png := picturetest.PNG(64, 48, 90)
	withComment := append(append([]byte{}, jpg[:2]...), append([]byte{0xff, 0xfe, 0, 20}, []byte("<script>alert(1)</s")...)...)
	withComment = append(withComment, jpg[2:]...)
	for _, tc := range []struct {
		name string
		up   models.Upload
		key  string
	}{
		{"ErrEmpty", models.Upload{Name: "a.jpg"}, "picture.empty"},
		{"ErrTooLarge", models.Upload{Name: "a.jpg", Data: append(append([]byte{}, jpg...), make([]byte, models.MaxPictureBytes)...)}, "picture.too_large"},
		{"ErrTooManyPixels", models.Upload{Name: "bomb.gif", Data: bombGIF()}, "picture.too_many_pixels"},
		{"ErrTypeLieByName", models.Upload{Name: "photo.jpg", Data: png}, "picture.type_lie"},
		{"ErrTypeLieByType", models.Upload{Name: "photo", Type: "image/gif", Data: jpg}, "picture.type_lie"},
		{"ErrNotAPicture", models.Upload{Name: "photo.jpg", Data: []byte("#!/bin/sh\necho hello\n")}, "picture.not_a_picture"},
		{"ErrSVG", models.Upload{Name: "logo.svg", Type: "image/svg+xml", Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}, "picture.svg"},
		{"ErrTruncated", models.Upload{Name: "a.jpg", Data: jpg[:len(jpg)/2]}, "picture.truncated"},
		{"ErrTruncatedPNG", models.Upload{Name: "a.png", Data: png[:len(png)-20]}, "picture.truncated"},
		{"ErrPolyglotZip", models.Upload{Name: "a.png", Data: append(append([]byte{}, png...), []byte("PK\x03\x04\x14\x00\x00\x00evil.php")...)}, "picture.polyglot"},
		{"ErrPolyglotScript", models.Upload{Name: "a.jpg", Data: withComment}, "picture.polyglot"},
		{"ErrPolyglotHTMLAfterEnd", models.Upload{Name: "a.jpg", Data: append(append([]byte{}, jpg...), []byte("<html><script>x</script>")...)}, "picture.polyglot"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := models.PreparePicture(store, tc.up)
			e := models.AsError(err)
			if e == nil || e.Code != models.Invalid || e.Fields["picture"].Key != "error."+tc.key {
				t.Fatalf("err = %#v, want %s on the picture field", err, tc.key)
			}
		})
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 0 {
		t.Errorf("the store holds %v after refused uploads", files)
	}
}

// TestPreparePictureFormats takes a JPEG, a PNG, a WebP and an animated
// GIF (its first frame).
func TestPreparePictureFormats(t *testing.T) {
	t.Parallel()
	store, err := blob.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		w, h int
	}{
		{"a.jpg", picturetest.JPEG(64, 48, 30), 64, 48},
		{"a.png", picturetest.PNG(50, 70, 90), 50, 70},
		{"a.webp", picturetest.WebP, 1, 1},
		{"a.gif", picturetest.GIF(30, 20, 0), 30, 20},
	} {
		if _, err := models.PreparePicture(store, models.Upload{Name: tc.name, Data: tc.data}); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestPictureLosesEXIF sends a photo with GPS tags, a camera serial and an
// orientation: what is stored and what is served carries none of them,
// and the picture stands upright (orientation 6: turned a quarter).
func TestPictureLosesEXIF(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t)
	dir := t.TempDir()
	store, err := blob.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ids := newUsers(t, db, "exif_bob", "exif_alice")
	roomID, err := models.StartChat(ctx, db, ids[0], "exif_alice", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	photo := picturetest.JPEGWithEXIF(80, 40, 6)
	if !bytes.Contains(photo, []byte(picturetest.CameraSerial)) || !bytes.Contains(photo, []byte("Exif")) {
		t.Fatal("the test photo has no EXIF to lose")
	}
	pic, err := models.PreparePicture(store, models.Upload{Name: "IMG_2041 at home.jpg", Type: "image/jpeg", Data: photo})
	if err != nil {
		t.Fatal(err)
	}
	msg, err := models.SendPicture(ctx, db, ids[0], roomID, "", pic)
	if err != nil {
		t.Fatal(err)
	}
	if msg.PictureID == nil {
		t.Fatal("the message carries no picture")
	}
	var stored []byte
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			stored = append(stored, b...)
			if strings.Contains(p, "IMG_2041") {
				t.Errorf("the stored file is named after the upload: %s", p)
			}
		}
		return nil
	})
	alice := &models.User{ID: ids[1], Role: models.RoleUser}
	served, err := models.ShowPicture(ctx, db, store, alice, *msg.PictureID, false)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"stored": stored, "served": served.Data} {
		for _, mark := range []string{"Exif", picturetest.CameraSerial, "IMG_2041"} {
			if bytes.Contains(b, []byte(mark)) {
				t.Errorf("%s bytes still carry %q", name, mark)
			}
		}
	}
	img, _, err := image.Decode(bytes.NewReader(served.Data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 80 {
		t.Errorf("served picture is %d×%d, want 40×80 (turned upright)", b.Dx(), b.Dy())
	}
	var p models.Picture
	if err := db.First(&p, *msg.PictureID).Error; err != nil {
		t.Fatal(err)
	}
	if p.Width != 40 || p.Height != 80 || len(p.SHA256) != 32 || len(p.MD5) != 16 || len(p.PDQ) != 32 || p.PDQQuality == nil || p.ContentType != "image/jpeg" {
		t.Errorf("picture row = %+v", p)
	}
}

// TestSeedDemoPictures: the demo world gets its pictures once, one of them
// reported with its picture in the evidence, one matched by the demo bank
// and hidden.
func TestSeedDemoPictures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t)
	store, err := blob.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.SeedDemo(ctx, db); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := models.SeedDemoPictures(ctx, db, store); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, "SELECT count(*) FROM pictures"); n != 6 {
		t.Errorf("%d demo pictures, want 6", n)
	}
	if n := count(t, db, "SELECT count(*) FROM evidence_snapshots WHERE picture_id IS NOT NULL AND report_id IS NOT NULL"); n != 1 {
		t.Errorf("%d reported pictures, want 1", n)
	}
	// The bank's match kept its own copy of the post it opened a case on.
	if n := count(t, db, "SELECT count(*) FROM evidence_snapshots WHERE picture_id IS NOT NULL AND case_id IS NOT NULL"); n != 1 {
		t.Errorf("%d pictures kept by automation, want 1", n)
	}
	if n := count(t, db, "SELECT count(*) FROM board_posts WHERE picture_id IS NOT NULL") + count(t, db, "SELECT count(*) FROM board_comments WHERE picture_id IS NOT NULL"); n != 3 {
		t.Errorf("%d board pictures, want 3", n)
	}
	// rupert's picture is in the demo bank: matched, hidden, its case open.
	if n := count(t, db, `SELECT count(*) FROM hidden_content h JOIN board_posts p ON h.subject_type = 'post' AND p.id = h.subject_id
		JOIN hash_matches m ON m.subject_type = 'post' AND m.subject_id = p.id AND m.case_id = h.case_id
		WHERE h.source = 'hash_bank' AND h.ended_at IS NULL AND p.title = 'Look what I found'`); n == 0 {
		t.Error("the demo's matching upload is not hidden")
	}
	if n := count(t, db, "SELECT count(*) FROM hidden_content WHERE source = 'hash_bank'"); n != 1 {
		t.Errorf("%d demo pictures hidden by the bank, want 1", n)
	}
}

// TestPurgePictures: a picture goes, from the table and the store, once
// nothing holds it; one held by evidence stays.
func TestPurgePictures(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.New(t)
	store, err := blob.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ids := newUsers(t, db, "purge_bob", "purge_alice")
	roomID, err := models.StartChat(ctx, db, ids[0], "purge_alice", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	var msgs []*models.ChatMessage
	for i := range 2 {
		pic, err := models.PreparePicture(store, models.Upload{Name: "a.png", Data: picturetest.PNG(30, 30, i*90)})
		if err != nil {
			t.Fatal(err)
		}
		m, err := models.SendPicture(ctx, db, ids[0], roomID, "", pic)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, m)
	}
	var keys []string
	db.Raw("SELECT blob_key FROM pictures WHERE id = ?", *msgs[0].PictureID).Scan(&keys)
	if n, err := models.PurgePictures(ctx, db, store); err != nil || n != 0 {
		t.Fatalf("purged %d (%v) while messages hold them", n, err)
	}
	// The second picture is also in a (hand-made) snapshot; then the room goes.
	var reportID int64
	mustExec(t, db, `INSERT INTO cases (subject_type, subject_id, reported_user_id, severity, reporter_count) VALUES ('message', ?, ?, 2, 1)`, msgs[1].ID, ids[0])
	db.Raw(`INSERT INTO reports (reporter_id, reported_user_id, subject_type, subject_id, case_id, reasons)
		SELECT ?, ?, 'message', ?, id, '{harassment}' FROM cases RETURNING id`, ids[1], ids[0], msgs[1].ID).Scan(&reportID)
	mustExec(t, db, "INSERT INTO evidence_snapshots (report_id, subject_type, picture_id) VALUES (?, 'message', ?)", reportID, *msgs[1].PictureID)
	mustExec(t, db, "DELETE FROM chat_rooms WHERE id = ?", roomID)
	if n, err := models.PurgePictures(ctx, db, store); err != nil || n != 1 {
		t.Fatalf("purged %d (%v), want 1", n, err)
	}
	if _, err := store.Get(ctx, keys[0]); err != blob.ErrNotFound {
		t.Errorf("the purged picture's bytes are still stored: %v", err)
	}
	if count(t, db, "SELECT count(*) FROM pictures") != 1 {
		t.Error("want the evidence's picture kept")
	}
}

// BenchmarkPreparePicture checks, decodes, turns and re-encodes a 12
// megapixel photo with a thumbnail: the work of one upload.
func BenchmarkPreparePicture(b *testing.B) {
	store, err := blob.OpenDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	photo := picturetest.JPEGWithEXIF(4000, 3000, 6)
	b.ReportAllocs()
	b.SetBytes(int64(len(photo)))
	for b.Loop() {
		if _, err := models.PreparePicture(store, models.Upload{Name: "p.jpg", Data: photo}); err != nil {
			b.Fatal(err)
		}
	}
}
