package handlers_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"talksafe/handlers"
	"talksafe/models"
)

// uploadFile posts content as the file of Verify an export, the CSRF token
// first as a browser sends the form's fields in order; token "" sends none.
func (c *client) uploadFile(token, name string, content []byte, header http.Header) *response {
	c.en.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if token != "" {
		mw.WriteField("_csrf", token)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.en.srv.URL+"/verify", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range header {
		req.Header[k] = v
	}
	return c.do(req)
}

// verify uploads content with a valid token.
func (c *client) verify(content []byte) *response {
	c.en.t.Helper()
	return c.uploadFile(c.csrf(), "chat.txt", content, nil)
}

func verdictOf(t *testing.T, r *response) string {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	v, ok := r.doc.Find(`[data-testid="verdict"]`).Attr("data-result")
	if !ok {
		t.Fatalf("no verdict on the page:\n%s", r.text())
	}
	return v
}

// exportFixture is alice's chat with mallory, exported by alice.
type exportFixture struct {
	en      *env
	alice   *client
	roomURL string
	roomID  int64
}

func newExportFixture(t *testing.T, cfg handlers.Config) *exportFixture {
	cfg.SessionSecret = []byte(testSecret)
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://talksafe.example"
	}
	en := newEnvConfig(t, cfg)
	en.user("alice", models.RoleUser)
	en.user("mallory", models.RoleUser)
	en.db.Exec("UPDATE users SET display_name = 'Mallory Secretname' WHERE name = 'mallory'")
	alice, mal := en.login("alice"), en.login("mallory")
	roomURL, roomID := mal.startChat("alice")
	mal.submit(roomURL+"/messages", url.Values{"body": {"the secret plan is at dawn"}})
	alice.submit(roomURL+"/messages", url.Values{"body": {"=HYPERLINK(\"http://evil.example\")"}})
	en.db.Exec(`UPDATE chat_messages SET created_at = timestamptz '2026-10-01 10:00:00+09' WHERE body LIKE 'the secret%'`)
	en.db.Exec(`UPDATE chat_messages SET created_at = timestamptz '2026-11-21 14:00:00+09' WHERE body LIKE '=HYPER%'`)
	return &exportFixture{en: en, alice: alice, roomURL: roomURL, roomID: roomID}
}

func (f *exportFixture) download(t *testing.T, format string) *response {
	t.Helper()
	r := f.alice.get(f.roomURL + "/export/download?format=" + format)
	wantStatus(t, r, http.StatusOK)
	return r
}

func TestVerifyExport(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{VerifyLimit: 4096})
	en := f.en
	text := []byte(f.download(t, "text").body)
	anon := en.client()

	t.Run("OK", func(t *testing.T) {
		var rec models.ChatExport
		en.db.Where("sha256 = ?", sha256Of(text)).First(&rec)
		if rec.ID == 0 || rec.Size != int64(len(text)) || rec.MessageCount != 2 || rec.Format != "text" || rec.RoomID != f.roomID {
			t.Fatalf("record %+v for a %d-byte download", rec, len(text))
		}
		r := anon.verify(text)
		if verdictOf(t, r) != "match" {
			t.Fatalf("the exported file does not verify:\n%s", r.text())
		}
		want := "This file is an unchanged talksafe export of a 1:1 chat, made on " +
			rec.CreatedAt.In(seoul).Format("2006-01-02 15:04") + " (Asia/Seoul), 2 messages from 2026-10-01 to 2026-11-21."
		if got := r.doc.Find(`[data-testid="verdict"] p`).First().Text(); got != want {
			t.Errorf("verdict %q, want %q", got, want)
		}
		for _, secret := range []string{"alice", "mallory", "Mallory Secretname", "secret plan", "HYPERLINK", fmt.Sprint(f.roomID) + "/"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("the verification reveals %q", secret)
			}
		}
	})
	t.Run("OKHash", func(t *testing.T) {
		sum := hex.EncodeToString(sha256Of(text))
		for _, pasted := range []string{sum, strings.ToUpper(sum), "  " + sum + "  chat.txt\n"} {
			if v := verdictOf(t, anon.submit("/verify", url.Values{"sha256": {pasted}})); v != "match" {
				t.Errorf("pasted %q: %s", pasted, v)
			}
		}
	})
	t.Run("OKEveryFormat", func(t *testing.T) {
		for _, format := range []string{"csv", "json"} {
			r := f.download(t, format)
			var id int64
			en.db.Raw("SELECT max(id) FROM chat_exports").Scan(&id)
			if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, fmt.Sprintf("_export%d.%s", id, format)) {
				t.Errorf("%s: the file name does not name export %d: %q", format, id, cd)
			}
			if format == "json" {
				var v struct {
					ExportID int64 `json:"export_id"`
				}
				if err := json.Unmarshal([]byte(r.body), &v); err != nil || v.ExportID != id {
					t.Errorf("json export_id %d, want %d (%v)", v.ExportID, id, err)
				}
			}
			if v := verdictOf(t, anon.verify([]byte(r.body))); v != "match" {
				t.Errorf("%s export: %s", format, v)
			}
		}
	})
	t.Run("ErrChanged", func(t *testing.T) {
		oneByte := bytes.Clone(text)
		i := bytes.Index(oneByte, []byte("dawn"))
		oneByte[i] = 'D'
		for name, changed := range map[string][]byte{
			"one byte":    oneByte,
			"LF not CRLF": bytes.ReplaceAll(text, []byte("\r\n"), []byte("\n")),
			"cut short":   text[:len(text)-2],
			"longer":      append(bytes.Clone(text), '\r', '\n'),
		} {
			r := anon.verify(changed)
			if v := verdictOf(t, r); v != "no-match" {
				t.Errorf("%s: %s", name, v)
			}
			if !strings.Contains(r.text(), "Not a talksafe export, or changed after export") {
				t.Errorf("%s: %s", name, r.text())
			}
		}
	})
	t.Run("ErrBadInput", func(t *testing.T) {
		r := anon.verify(nil)
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if msg := r.doc.Find(`[data-testid="error-file"]`).Text(); !strings.Contains(msg, "empty") {
			t.Errorf("empty file: %q", msg)
		}
		r = anon.verify(bytes.Repeat([]byte("x"), 4097))
		wantStatus(t, r, http.StatusRequestEntityTooLarge)
		if msg := r.doc.Find(`[data-testid="error-file"]`).Text(); !strings.Contains(msg, "paste its SHA-256") {
			t.Errorf("too large: %q", msg)
		}
		for pasted, want := range map[string]string{
			"":                       "Paste the file",
			"not a hash":             "0-9 and the letters a-f",
			strings.Repeat("a", 63):  "64 digits; this one has 63",
			strings.Repeat("ab", 33): "64 digits; this one has 66",
		} {
			r := anon.submit("/verify", url.Values{"sha256": {pasted}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if msg := r.doc.Find(`[data-testid="error-sha256"]`).Text(); !strings.Contains(msg, want) {
				t.Errorf("%q: %q, want %q", pasted, msg, want)
			}
			if v, _ := r.doc.Find(`input[name="sha256"]`).Attr("value"); v != pasted {
				t.Errorf("the pasted %q is not kept: %q", pasted, v)
			}
		}
	})
	t.Run("ErrCSRF", func(t *testing.T) {
		wantStatus(t, anon.uploadFile("", "chat.txt", text, nil), http.StatusForbidden)
		wantStatus(t, anon.uploadFile("forged", "chat.txt", text, nil), http.StatusForbidden)
		wantStatus(t, anon.uploadFile("", "chat.txt", text, http.Header{"Sec-Fetch-Site": {"cross-site"}}), http.StatusForbidden)
		if v := verdictOf(t, anon.uploadFile("", "chat.txt", text, http.Header{"Sec-Fetch-Site": {"same-origin"}})); v != "match" {
			t.Errorf("a same-origin browser upload: %s", v)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		var events []models.AuditEvent
		en.db.Where("action = 'export.verify'").Order("id").Find(&events)
		if len(events) < 10 {
			t.Fatalf("%d verifications in the audit log", len(events))
		}
		var detail map[string]string
		json.Unmarshal(events[0].Detail, &detail)
		if detail["sha256_prefix"] != hex.EncodeToString(sha256Of(text))[:8] || detail["result"] != "match" || detail["via"] != "file" ||
			events[0].ActorID != nil || events[0].SubjectID == nil {
			t.Errorf("first event %+v %v", events[0], detail)
		}
	})
}

func TestVerifyThrottle(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	c := en.client()
	sum := strings.Repeat("0", 64)
	en.db.Exec("INSERT INTO verify_throttles (key, count, window_start) VALUES ('ip:127.0.0.1', ?, now() - interval '10 minutes')", models.VerifyPolicy.Limit-1)
	if v := verdictOf(t, c.submit("/verify", url.Values{"sha256": {sum}})); v != "no-match" {
		t.Fatal(v)
	}
	r := c.submit("/verify", url.Values{"sha256": {sum}})
	wantStatus(t, r, http.StatusTooManyRequests)
	if !strings.Contains(r.text(), "Too many verifications from your address. Try again in 50 minutes.") {
		t.Errorf("message: %s", r.text())
	}
	// The window passes.
	en.db.Exec("UPDATE verify_throttles SET window_start = now() - interval '61 minutes'")
	verdictOf(t, c.submit("/verify", url.Values{"sha256": {sum}}))
	var n int64
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'export.verify'").Scan(&n)
	if n != 2 {
		t.Errorf("%d verifications audited, want the 2 answered", n)
	}
}

func TestMyExports(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{})
	en := f.en
	empty := f.alice.get("/settings/exports")
	wantStatus(t, empty, http.StatusOK)
	if empty.doc.Find(`[data-testid="exports-empty"]`).Length() != 1 {
		t.Fatal("no empty state before any export")
	}
	body := f.download(t, "csv").body
	if !strings.Contains(body, `"'=HYPERLINK(""http://evil.example"")"`) {
		t.Errorf("the CSV cell that starts a formula is not neutralised:\n%s", body)
	}
	sum := hex.EncodeToString(sha256Of([]byte(body)))
	if f.alice.get("/settings").doc.Find(`a[href="/settings/exports"]`).Length() == 0 {
		t.Error("Settings does not link to My exports")
	}
	page := f.alice.get("/settings/exports")
	rows := page.doc.Find(`[data-testid="export"]`)
	if rows.Length() != 1 || rows.Find(`[data-testid="fingerprint"]`).Text() != sum || !strings.Contains(rows.Text(), "Mallory Secretname") ||
		!strings.Contains(rows.Text(), "CSV") {
		t.Fatalf("My exports:\n%s", page.text())
	}
	href, _ := rows.Find(`a:contains("Certificate")`).Attr("href")
	cert := f.alice.get(href)
	wantStatus(t, cert, http.StatusOK)
	if cert.doc.Find(`[data-testid="certificate"] [data-testid="fingerprint"]`).Text() != sum ||
		!strings.Contains(cert.text(), "https://talksafe.example/verify") || !strings.Contains(cert.text(), fmt.Sprintf("%d bytes", len(body))) {
		t.Fatalf("certificate:\n%s", cert.text())
	}
	t.Run("ErrOtherUsers", func(t *testing.T) {
		en.user("bob", models.RoleUser)
		bob := en.login("bob")
		wantStatus(t, bob.get(href), http.StatusNotFound)
		if bob.get("/settings/exports").doc.Find(`[data-testid="export"]`).Length() != 0 {
			t.Error("bob sees alice's exports")
		}
	})
	t.Run("Paging", func(t *testing.T) {
		var rec models.ChatExport
		en.db.First(&rec)
		for range 25 {
			rec.ID = 0
			en.db.Create(&rec)
		}
		first := f.alice.get("/settings/exports")
		older, ok := first.doc.Find(`a:contains("Older exports")`).Attr("href")
		if first.doc.Find(`[data-testid="export"]`).Length() != 20 || !ok {
			t.Fatalf("first page: %d rows, older %q", first.doc.Find(`[data-testid="export"]`).Length(), older)
		}
		if n := f.alice.get(older).doc.Find(`[data-testid="export"]`).Length(); n != 6 {
			t.Fatalf("second page: %d rows, want 6", n)
		}
	})
}

var seoul, _ = time.LoadLocation("Asia/Seoul")

func sha256Of(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

// A file larger than the 1 MB body limit of forms still reaches the hash:
// the upload streams past the limit, to Verify's own.
func TestVerifyLargeUpload(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	big := make([]byte, 3<<20)
	rand.Read(big)
	if v := verdictOf(t, en.client().verify(big)); v != "no-match" {
		t.Fatalf("a 3 MB file: %s", v)
	}
	if v := verdictOf(t, en.client().verify(bytes.Repeat([]byte("x"), 10))); v != "no-match" {
		t.Fatalf("a small file: %s", v)
	}
}
