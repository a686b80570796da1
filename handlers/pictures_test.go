package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/models/blob"
	"talksafe/models/picturetest"
	"talksafe/views"
)

// submitPicture posts form and one file in the field "picture" as
// multipart/form-data, with the CSRF token, as a browser's form would.
func (c *client) submitPicture(path string, form url.Values, name, ctype string, data []byte) *response {
	c.en.t.Helper()
	return c.submitFile(path, form, "picture", name, ctype, data)
}

// submitFile posts form with one file in field as multipart/form-data, the
// way a browser sends a form with a file box.
func (c *client) submitFile(path string, form url.Values, field, name, ctype string, data []byte) *response {
	c.en.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", c.csrf())
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, field, name))
	h.Set("Content-Type", ctype)
	part, _ := w.CreatePart(h)
	_, _ = part.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.en.srv.URL+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

// lastPicture is the id of the newest picture.
func (en *env) lastPicture() int64 {
	en.t.Helper()
	var id int64
	en.db.Raw("SELECT coalesce(max(id), 0) FROM pictures").Scan(&id)
	return id
}

// TestPictureInChat: bob sends alice a picture; she sees it (a thumbnail
// with its sender and time as its name, served privately, unsniffed,
// inline); nobody else can fetch it, by the query itself.
func TestPictureInChat(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("pic_bob", models.RoleUser)
	en.user("pic_alice", models.RoleUser)
	en.user("pic_carol", models.RoleUser)
	en.user("pic_mod", models.RoleModerator)
	en.user("pic_admin", models.RoleAdmin)
	en.user("pic_support", models.RoleSupport)
	bob, alice := en.login("pic_bob"), en.login("pic_alice")
	room, _ := bob.startChat("pic_alice")
	r := bob.submitPicture(room+"/messages", url.Values{"body": {""}}, "beach.jpg", "image/jpeg", picturetest.JPEG(640, 480, 30))
	wantStatus(t, r, http.StatusSeeOther)
	id := en.lastPicture()
	if id == 0 {
		t.Fatal("no picture stored")
	}
	_, aliceRoom := alice.startChat("pic_bob")
	page := alice.get(fmt.Sprintf("/chats/%d", aliceRoom))
	img := page.doc.Find(`[data-testid="message"] [data-testid="picture"] img`)
	if img.Length() != 1 || img.AttrOr("src", "") != views.PictureThumbPath(id) {
		t.Fatalf("alice's room shows no thumbnail of picture %d:\n%s", id, page.body)
	}
	if alt := img.AttrOr("alt", ""); !strings.Contains(alt, "pic_bob") || strings.Contains(alt, "beach") {
		t.Errorf("alt = %q: want the sender and time, never the file name or content", alt)
	}
	for _, path := range []string{views.PicturePath(id), views.PictureThumbPath(id)} {
		got := alice.get(path)
		wantStatus(t, got, http.StatusOK)
		for k, want := range map[string]string{"Content-Type": "image/jpeg", "Cache-Control": "private, max-age=300",
			"X-Content-Type-Options": "nosniff", "Content-Disposition": "inline"} {
			if got.header.Get(k) != want {
				t.Errorf("%s %s = %q, want %q", path, k, got.header.Get(k), want)
			}
		}
		if _, _, err := image.Decode(strings.NewReader(got.body)); err != nil {
			t.Errorf("%s: not a picture: %v", path, err)
		}
	}
	wantStatus(t, bob.get(views.PicturePath(id)), http.StatusOK)
	for _, name := range []string{"pic_carol", "pic_mod", "pic_admin", "pic_support"} {
		c := en.login(name)
		for _, path := range []string{views.PicturePath(id), views.PictureThumbPath(id)} {
			if got := c.get(path); got.status != http.StatusNotFound {
				t.Errorf("%s GET %s: %d, want 404", name, path, got.status)
			}
		}
	}
	if got := en.client().get(views.PicturePath(id)); got.status != http.StatusSeeOther {
		t.Errorf("anonymous: %d, want a redirect to log in", got.status)
	}

	t.Run("BlockedSenderNeverShows", func(t *testing.T) {
		wantStatus(t, alice.submit(fmt.Sprintf("/friends/%d/block", en.userID("pic_bob")), url.Values{}), http.StatusSeeOther)
		r := bob.submitPicture(room+"/messages", url.Values{}, "again.png", "image/png", picturetest.PNG(100, 80, 200))
		wantStatus(t, r, http.StatusSeeOther)
		hidden := en.lastPicture()
		if hidden == id {
			t.Fatal("the second picture was not stored for its sender")
		}
		wantStatus(t, bob.get(views.PicturePath(hidden)), http.StatusOK)
		wantStatus(t, alice.get(views.PicturePath(hidden)), http.StatusNotFound)
		if strings.Contains(alice.get(fmt.Sprintf("/chats/%d", aliceRoom)).body, views.PictureThumbPath(hidden)) {
			t.Error("alice's room shows the blocked sender's picture")
		}
	})
}

// TestPictureUploadRefused sends each bad upload through the chat form: a
// 422 whose words name the problem beside the picture box, and nothing
// stored.
func TestPictureUploadRefused(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("bad_bob", models.RoleUser)
	en.user("bad_alice", models.RoleUser)
	bob := en.login("bad_bob")
	room, _ := bob.startChat("bad_alice")
	jpg := picturetest.JPEG(64, 48, 30)
	bomb := picturetest.GIF(2, 2, 0)
	bomb[6], bomb[7], bomb[8], bomb[9] = 0x40, 0x1f, 0x40, 0x1f
	for _, tc := range []struct {
		name, file, ctype string
		data              []byte
		words             string
	}{
		{"ErrTooLarge", "big.jpg", "image/jpeg", append(append([]byte{}, jpg...), make([]byte, models.MaxPictureBytes)...), "larger than 10 MB"},
		{"ErrTooManyPixels", "bomb.gif", "image/gif", bomb, "8000 × 8000 pixels"},
		{"ErrTypeLie", "photo.png", "image/png", jpg, "says it is PNG, but its contents are JPEG"},
		{"ErrSVG", "logo.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "SVG"},
		{"ErrTruncated", "cut.jpg", "image/jpeg", jpg[:len(jpg)*2/3], "cut short"},
		{"ErrPolyglot", "two.jpg", "image/jpeg", append(append([]byte{}, jpg...), []byte("PK\x03\x04\x14\x00payload.html")...), "another file"},
		{"ErrNotAPicture", "notes.jpg", "image/jpeg", []byte("just some text, not a picture"), "not a picture"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := bob.submitPicture(room+"/messages", url.Values{"body": {"look"}}, tc.file, tc.ctype, tc.data)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.doc.Find(`[data-testid="error-picture"]`).Text(); !strings.Contains(got, tc.words) {
				t.Errorf("error beside the picture = %q, want %q", got, tc.words)
			}
		})
	}
	var n int64
	en.db.Raw("SELECT count(*) FROM pictures").Scan(&n)
	if n != 0 {
		t.Fatalf("%d pictures stored after refused uploads", n)
	}
	en.db.Raw("SELECT count(*) FROM chat_messages").Scan(&n)
	if n != 0 {
		t.Fatalf("%d messages stored after refused uploads", n)
	}

	t.Run("ErrNoCSRF", func(t *testing.T) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		_ = w.WriteField("body", "hi")
		_ = w.Close()
		req, _ := http.NewRequest(http.MethodPost, en.srv.URL+room+"/messages", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		wantStatus(t, bob.do(req), http.StatusForbidden)
	})
	t.Run("ErrMultipartElsewhere", func(t *testing.T) {
		r := bob.submitPicture("/chats", url.Values{"name": {"bad_alice"}}, "a.jpg", "image/jpeg", jpg)
		wantStatus(t, r, http.StatusUnsupportedMediaType)
	})
	t.Run("ErrBadTextField", func(t *testing.T) {
		r := bob.submitPicture(room+"/messages", url.Values{"body": {"bad \x00 byte"}}, "a.jpg", "image/jpeg", jpg)
		wantStatus(t, r, http.StatusUnprocessableEntity)
	})
}

// TestPictureOnBoard: a post and a comment carry pictures; members see
// them, a non-member gets a 404 for both.
func TestPictureOnBoard(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	ctx := context.Background()
	ids := map[string]int64{}
	for _, n := range []string{"brd_bob", "brd_alice", "brd_out"} {
		ids[n] = en.user(n, models.RoleUser).ID
	}
	var roomID int64
	en.db.Raw("INSERT INTO open_chat_rooms (name) VALUES ('Pictures room') RETURNING id").Scan(&roomID)
	for _, n := range []string{"brd_bob", "brd_alice"} {
		if _, _, err := models.JoinOpenChat(ctx, en.db, ids[n], roomID); err != nil {
			t.Fatal(err)
		}
	}
	bob, alice, out := en.login("brd_bob"), en.login("brd_alice"), en.login("brd_out")
	r := bob.submitPicture(views.CreatePostPath(roomID), url.Values{"title": {"Sunset"}, "body": {"From the river"}}, "sunset.png", "image/png", picturetest.PNG(400, 300, 20))
	wantStatus(t, r, http.StatusSeeOther)
	postPic := en.lastPicture()
	post := r.header.Get("Location")
	r = alice.submitPicture(post+"/comments", url.Values{"body": {"Mine too"}}, "mine.webp", "image/webp", picturetest.WebP)
	wantStatus(t, r, http.StatusSeeOther)
	commentPic := en.lastPicture()
	if postPic == 0 || commentPic == postPic {
		t.Fatalf("pictures %d, %d", postPic, commentPic)
	}
	page := alice.get(post)
	if page.doc.Find(`[data-testid="picture"]`).Length() != 2 {
		t.Fatalf("the post page shows %d pictures, want 2", page.doc.Find(`[data-testid="picture"]`).Length())
	}
	if board := alice.get(views.OpenChatPath(roomID)); !strings.Contains(board.body, views.PictureThumbPath(postPic)) {
		t.Error("the board's list has no thumbnail of the post's picture")
	}
	for _, id := range []int64{postPic, commentPic} {
		wantStatus(t, alice.get(views.PicturePath(id)), http.StatusOK)
		wantStatus(t, bob.get(views.PictureThumbPath(id)), http.StatusOK)
		wantStatus(t, out.get(views.PicturePath(id)), http.StatusNotFound)
	}
}

// greyscale reports whether every pixel of the picture in data is grey.
func greyscale(t *testing.T, data []byte) bool {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a picture: %v", err)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r != g || g != bl {
				return false
			}
		}
	}
	return true
}

// TestPictureEvidence: alice reports bob's picture; the moderator sees it
// blurred and greyscale (the server sends nothing else) with the
// neighbouring message's picture as a thumbnail only, reveals it (audited,
// counted as exposure), then removes it under the severity-5 reason: its
// bytes leave the store at once, its hashes stay, and the case page says so.
func TestPictureEvidence(t *testing.T) {
	t.Parallel()
	store, err := blob.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	en := newEnvConfig(t, handlers.Config{SessionSecret: []byte(testSecret), Blobs: store})
	en.user("ev_bob", models.RoleUser)
	en.user("ev_alice", models.RoleUser)
	modUser := en.user("ev_mod", models.RoleModerator)
	bob, alice := en.login("ev_bob"), en.login("ev_alice")
	room, _ := bob.startChat("ev_alice")
	wantStatus(t, bob.submitPicture(room+"/messages", url.Values{"body": {"earlier"}}, "a.png", "image/png", picturetest.PNG(300, 200, 120)), http.StatusSeeOther)
	neighbour := en.lastPicture()
	wantStatus(t, bob.submitPicture(room+"/messages", url.Values{}, "b.jpg", "image/jpeg", picturetest.JPEG(800, 600, 10)), http.StatusSeeOther)
	reported := en.lastPicture()
	var msgID int64
	en.db.Raw("SELECT id FROM chat_messages WHERE picture_id = ?", reported).Scan(&msgID)
	r := alice.submit(views.ReportPath(models.SubjectMessage, msgID), url.Values{"reasons": {"sexual_exploitation"}})
	wantStatus(t, r, http.StatusSeeOther)
	var caseID int64
	en.db.Raw("SELECT case_id FROM reports WHERE subject_id = ?", msgID).Scan(&caseID)
	var snap struct{ Subject, Context int64 }
	en.db.Raw(`SELECT (SELECT count(*) FROM evidence_snapshots WHERE picture_id = ?) AS subject,
		(SELECT count(*) FROM evidence_messages WHERE picture_id = ?) AS context`, reported, neighbour).Scan(&snap)
	if snap.Subject != 1 || snap.Context != 1 {
		t.Fatalf("snapshot holds %+v pictures, want the reported one and its neighbour's", snap)
	}
	mod := en.login("ev_mod")
	wantStatus(t, mod.submit(views.ModRevealPath(caseID), url.Values{}), http.StatusSeeOther) // the severe case's evidence
	page := mod.get(views.ModCasePath(caseID))
	figs := page.doc.Find(`[data-testid="evidence-picture"].blurred`)
	if figs.Length() != 2 {
		t.Fatalf("%d blurred evidence pictures on the case page, want 2:\n%s", figs.Length(), page.text())
	}
	if page.doc.Find(`[data-testid="reveal-picture"]`).Length() != 1 {
		t.Fatal("want one Reveal button: the reported picture's, not the neighbour's")
	}
	for _, path := range []string{views.PicturePath(reported), views.PictureThumbPath(reported), views.PictureThumbPath(neighbour)} {
		got := mod.get(path)
		wantStatus(t, got, http.StatusOK)
		if !greyscale(t, []byte(got.body)) || got.header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("%s before reveal: not the blurred greyscale rendition (%s)", path, got.header.Get("Cache-Control"))
		}
	}
	wantStatus(t, mod.get(views.PicturePath(neighbour)), http.StatusNotFound) // a neighbour's: a thumbnail only

	t.Run("RevealOneAtATime", func(t *testing.T) {
		wantStatus(t, mod.submit(views.ModPictureRevealPath(caseID, neighbour), url.Values{}), http.StatusNotFound)
		r := mod.post(views.ModPictureRevealPath(caseID, reported), url.Values{})
		wantStatus(t, r, http.StatusForbidden) // no CSRF token
		wantStatus(t, mod.submit(views.ModPictureRevealPath(caseID, reported), url.Values{}), http.StatusSeeOther)
		var audits int64
		en.db.Raw("SELECT count(*) FROM audit_events WHERE actor_id = ? AND action = ? AND subject_type = 'picture' AND subject_id = ?",
			modUser.ID, models.AuditEvidenceReveal, reported).Scan(&audits)
		if audits != 1 {
			t.Fatalf("%d reveal events, want 1", audits)
		}
		got := mod.get(views.PicturePath(reported))
		wantStatus(t, got, http.StatusOK)
		var row struct{ SHA256 []byte }
		en.db.Raw("SELECT sha256 FROM pictures WHERE id = ?", reported).Scan(&row)
		if h := sha256.Sum256([]byte(got.body)); !bytes.Equal(h[:], row.SHA256) || greyscale(t, []byte(got.body)) {
			t.Errorf("the revealed picture is not the stored one: %d bytes, %s", len(got.body), got.header.Get("Content-Type"))
		}
		if !greyscale(t, []byte(mod.get(views.PictureThumbPath(neighbour)).body)) {
			t.Error("revealing one picture revealed its neighbour too")
		}
		stats := mod.get(views.ModStatsPath)
		wantStatus(t, stats, http.StatusOK)
	})

	t.Run("SevereRemovalDeletesBytes", func(t *testing.T) {
		var keys struct{ BlobKey, ThumbKey string }
		en.db.Raw("SELECT blob_key, thumb_key FROM pictures WHERE id = ?", reported).Scan(&keys)
		if _, err := store.Get(context.Background(), keys.BlobKey); err != nil {
			t.Fatal(err)
		}
		r := mod.submit(views.ModDecidePath(caseID), url.Values{"kind": {"remove"}, "policy": {"sexual_exploitation"}})
		wantStatus(t, r, http.StatusSeeOther)
		for _, k := range []string{keys.BlobKey, keys.ThumbKey} {
			if _, err := store.Get(context.Background(), k); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("%s is still in the store (%v)", k, err)
			}
		}
		var row struct {
			Deleted, Purged bool
			Hash            []byte
		}
		en.db.Raw("SELECT bytes_deleted_at IS NOT NULL AS deleted, bytes_purged_at IS NOT NULL AS purged, sha256 AS hash FROM pictures WHERE id = ?", reported).Scan(&row)
		if !row.Deleted || !row.Purged || len(row.Hash) != 32 {
			t.Errorf("picture row after removal: %+v", row)
		}
		wantStatus(t, mod.get(views.PicturePath(reported)), http.StatusNotFound)
		page := mod.get(views.ModCasePath(caseID))
		if !strings.Contains(page.doc.Find(`[data-testid="picture-bytes-deleted"]`).Text(), "bytes were deleted") {
			t.Errorf("the case page does not say the bytes are gone:\n%s", page.text())
		}
		wantStatus(t, bob.get(views.PicturePath(reported)), http.StatusNotFound)
	})
}

// TestPictureExport: the Text export writes KakaoTalk's photo line (Photo,
// 사진), CSV and JSON name the picture's id and SHA-256, and the Pictures
// export is a ZIP of the pictures under those names, recorded with its
// SHA-256 like every export.
func TestPictureExport(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("exp_bob", models.RoleUser)
	en.user("exp_alice", models.RoleUser)
	bob := en.login("exp_bob")
	room, roomID := bob.startChat("exp_alice")
	wantStatus(t, bob.submit(room+"/messages", url.Values{"body": {"hello"}}), http.StatusSeeOther)
	wantStatus(t, bob.submitPicture(room+"/messages", url.Values{"body": {"the view"}}, "v.jpg", "image/jpeg", picturetest.JPEG(300, 200, 50)), http.StatusSeeOther)
	id := en.lastPicture()
	var row struct{ SHA256 []byte }
	en.db.Raw("SELECT sha256 FROM pictures WHERE id = ?", id).Scan(&row)
	sum := fmt.Sprintf("%x", row.SHA256)
	name := fmt.Sprintf("pictures/%d.jpg", id)

	text := bob.get(views.ChatDownloadPath(roomID, "text", "en")).body
	if !strings.Contains(text, "] Photo\r\n") || !strings.Contains(text, "] the view\r\n") {
		t.Errorf("English text export:\n%s", text)
	}
	if ko := bob.get(views.ChatDownloadPath(roomID, "text", "ko")).body; !strings.Contains(ko, "] 사진\r\n") {
		t.Errorf("Korean text export:\n%s", ko)
	}
	if csv := bob.get(views.ChatDownloadPath(roomID, "csv", "en")).body; !strings.Contains(csv, name) || !strings.Contains(csv, sum) {
		t.Errorf("CSV export names no picture %s %s:\n%s", name, sum, csv)
	}
	js := bob.get(views.ChatDownloadPath(roomID, "json", "en")).body
	if !strings.Contains(js, fmt.Sprintf(`"photo":%q,"picture_id":%d,"picture_sha256":%q`, name, id, sum)) {
		t.Errorf("JSON export:\n%s", js)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("JSON export is not JSON: %v", err)
	}

	r := bob.get(views.ChatDownloadPath(roomID, "pictures", "en"))
	wantStatus(t, r, http.StatusOK)
	if r.header.Get("Content-Type") != "application/zip" || !strings.Contains(r.header.Get("Content-Disposition"), ".zip") {
		t.Errorf("headers %v", r.header)
	}
	zr, err := zip.NewReader(strings.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != name {
		t.Fatalf("ZIP holds %v, want %s", zr.File, name)
	}
	f, _ := zr.File[0].Open()
	data, _ := io.ReadAll(f)
	if h := sha256.Sum256(data); fmt.Sprintf("%x", h) != sum {
		t.Error("the ZIP's picture is not the stored one")
	}
	zipSum := sha256.Sum256([]byte(r.body))
	var n int64
	en.db.Raw("SELECT count(*) FROM chat_exports WHERE format = 'pictures' AND sha256 = ? AND message_count = 1", zipSum[:]).Scan(&n)
	if n != 1 {
		t.Fatal("the ZIP's SHA-256 is not recorded: Verify could not check it")
	}
	if page := bob.get(fmt.Sprintf("/chats/%d/export", roomID)); page.doc.Find(`[data-testid="export-pictures"]`).Length() != 1 {
		t.Error("the export page offers no pictures ZIP")
	}
}

// isPicture reports whether body is a JPEG or PNG file.
func isPicture(body string) bool {
	return strings.HasPrefix(body, "\xff\xd8\xff") || strings.HasPrefix(body, "\x89PNG")
}

// TestPicturesCrawl: every picture of a chat where one message was
// reported, crawled by every role from every page and every picture URL:
// staff reach only the evidence's pictures (the neighbours' only as
// thumbnails), a stranger none, and the other member all of theirs.
func TestPicturesCrawl(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	en := f.en
	en.user("dora", models.RoleUser)
	rin, sol := en.login("alma"), en.login("cato")
	room, _ := rin.startChat("cato")
	wantStatus(t, rin.submit(room+"/messages", url.Values{"body": {"hello"}}), http.StatusSeeOther)
	var pics []int64
	var msgs []int64
	for i := range 16 {
		wantStatus(t, sol.submitPicture(room+"/messages", url.Values{"body": {fmt.Sprint("picture ", i)}}, "p.png", "image/png", picturetest.PNG(40, 30, i*20)), http.StatusSeeOther)
		pics = append(pics, en.lastPicture())
		var id int64
		en.db.Raw("SELECT max(id) FROM chat_messages").Scan(&id)
		msgs = append(msgs, id)
	}
	const reported = 8 // the snapshot holds pictures 3 to 13
	wantStatus(t, rin.submit(fmt.Sprintf("/report/message/%d", msgs[reported]), url.Values{"reasons": {"harassment"}}), http.StatusSeeOther)
	var kase, reportID int64
	en.db.Raw("SELECT case_id FROM reports").Scan(&kase)
	en.db.Raw("SELECT id FROM reports").Scan(&reportID)
	// Support reads the evidence of a report linked to a ticket.
	ticket, err := models.OpenTicket(t.Context(), en.db, f.alma.ID, models.TicketInput{Category: models.TicketOther,
		Description: "He keeps sending pictures.", ReportIDs: []int64{reportID}})
	if err != nil {
		t.Fatal(err)
	}
	if page := en.login("helper").get(views.DeskEvidencePath(ticket.ID, reportID)); page.doc.Find(`[data-testid="evidence-picture"].blurred`).Length() != 11 {
		t.Errorf("support's evidence page shows %d blurred pictures, want 11", page.doc.Find(`[data-testid="evidence-picture"].blurred`).Length())
	}
	ids := append([]int64{kase, ticket.ID}, pics...)
	for _, who := range []string{"mod", "boss", "helper", "dora", "bora"} {
		pages := crawl(t, en, en.login(who), ids, "/", "/mod", casePath(kase, ""))
		for i, id := range pics {
			full, thumb := isPicture(pages[views.PicturePath(id)]), isPicture(pages[views.PictureThumbPath(id)])
			staff := who == "mod" || who == "boss" || who == "helper"
			inSnapshot := i >= reported-5 && i <= reported+5
			if want := staff && inSnapshot; thumb != want {
				t.Errorf("%s: thumbnail of picture %d reachable: %v, want %v", who, i, thumb, want)
			}
			if want := staff && i == reported; full != want {
				t.Errorf("%s: picture %d reachable: %v, want %v", who, i, full, want)
			}
		}
	}
	pages := crawl(t, en, sol, pics, "/")
	for i, id := range pics {
		if !isPicture(pages[views.PicturePath(id)]) {
			t.Errorf("cato cannot reach their own picture %d", i)
		}
	}
}

// TestPictureBlurSetting: a moderator may lower the blur of evidence
// pictures under non-severe reasons on the Account page; severe reasons
// stay strongly blurred, and users have no such setting.
func TestPictureBlurSetting(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("blur_bob", models.RoleUser)
	en.user("blur_alice", models.RoleUser)
	en.user("blur_carol", models.RoleUser)
	en.user("blur_mod", models.RoleModerator)
	bob := en.login("blur_bob")
	var pics []int64
	for i, reason := range []string{"harassment", "sexual_exploitation"} {
		reporter := []string{"blur_alice", "blur_carol"}[i]
		room, _ := bob.startChat(reporter)
		wantStatus(t, bob.submitPicture(room+"/messages", url.Values{}, "p.jpg", "image/jpeg", picturetest.JPEG(400, 300, 60)), http.StatusSeeOther)
		pics = append(pics, en.lastPicture())
		var msg int64
		en.db.Raw("SELECT id FROM chat_messages WHERE picture_id = ?", pics[i]).Scan(&msg)
		wantStatus(t, en.login(reporter).submit(views.ReportPath(models.SubjectMessage, msg), url.Values{"reasons": {reason}}), http.StatusSeeOther)
	}
	mod := en.login("blur_mod")
	strong := []string{mod.get(views.PictureThumbPath(pics[0])).body, mod.get(views.PictureThumbPath(pics[1])).body}
	if mod.get(views.AccountPath).doc.Find(`select[name="picture_blur"]`).Length() != 1 {
		t.Fatal("the moderator's Account page has no blur setting")
	}
	if en.login("blur_bob").get(views.AccountPath).doc.Find(`select[name="picture_blur"]`).Length() != 0 {
		t.Error("a user's Account page has the blur setting")
	}
	wantStatus(t, mod.submit(views.AccountPath, url.Values{"language": {"en"}, "time_zone": {"Asia/Seoul"}, "picture_blur": {"nope"}}), http.StatusUnprocessableEntity)
	wantStatus(t, mod.submit(views.AccountPath, url.Values{"language": {"en"}, "time_zone": {"Asia/Seoul"}, "picture_blur": {"light"}}), http.StatusSeeOther)
	light := mod.get(views.PictureThumbPath(pics[0])).body
	if light == strong[0] || !greyscale(t, []byte(light)) {
		t.Error("the light blur is not a different greyscale rendition")
	}
	if mod.get(views.PictureThumbPath(pics[1])).body != strong[1] {
		t.Error("a severe reason's picture is not strongly blurred whatever the setting")
	}
}

// TestPicturePagesKorean: the demo's pages with pictures, in Korean: no
// English left, each picture named in Korean by its sender and time.
func TestPicturePagesKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	en := d.en
	var ids struct{ Room, Post, Board, Case int64 }
	en.db.Raw(`SELECT (SELECT m.room_id FROM chat_members m JOIN users a ON a.id = m.user_id JOIN users b ON b.id = m.other_id
			WHERE a.name = 'alice' AND b.name = 'bob') AS room,
		(SELECT id FROM board_posts WHERE title = 'Photos from Inwangsan') AS post,
		(SELECT room_id FROM board_posts WHERE title = 'Trail map for Saturday') AS board,
		(SELECT r.case_id FROM reports r JOIN evidence_snapshots s ON s.report_id = r.id WHERE s.picture_id IS NOT NULL) AS case`).Scan(&ids)
	alice := d.login("alice", "ko")
	for _, path := range []string{fmt.Sprintf("/chats/%d", ids.Room), views.PostPath(ids.Post), views.OpenChatPath(ids.Board),
		fmt.Sprintf("/chats/%d/export", ids.Room), views.NewPostPath(ids.Board)} {
		r := alice.get(path)
		wantStatus(t, r, http.StatusOK)
		if left := englishLeft(r, d.allowed...); len(left) > 0 {
			t.Errorf("%s: English left: %v", path, left)
		}
		r.doc.Find(`[data-testid="picture"] img`).Each(func(_ int, s *goquery.Selection) {
			if alt := s.AttrOr("alt", ""); !strings.Contains(alt, "님이 보낸 사진") {
				t.Errorf("%s: picture named %q", path, alt)
			}
		})
	}
	mod := d.login("mod", "ko")
	r := mod.get(views.ModCasePath(ids.Case))
	wantStatus(t, r, http.StatusOK)
	// The form adding its pictures' hashes to a bank: the hashes' and the demo bank's names.
	if left := englishLeft(r, append(latinWord.FindAllString(models.DemoBankName, -1), append(d.allowed, "PDQ", "MD")...)...); len(left) > 0 {
		t.Errorf("case page: English left: %v", left)
	}
	if !strings.Contains(r.text(), "이 사진 공개") {
		t.Errorf("the case page offers no reveal in Korean:\n%s", r.text())
	}
}
