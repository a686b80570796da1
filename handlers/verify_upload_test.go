package handlers_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/handlers"
)

// TestVerifyUploadCutShort: an upload that stops before its declared length
// gets a 400 that says so, not an empty 200; the form shown again after
// a refused upload carries valid CSRF tokens, so the next submit works.
func TestVerifyUploadCutShort(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{VerifyLimit: 4096})
	anon := f.en.client()
	token := anon.csrf()
	u, _ := url.Parse(f.en.srv.URL)
	var cookies []string
	for _, c := range anon.http.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", token)
	fw, _ := mw.CreateFormFile("file", "chat.txt")
	fw.Write(bytes.Repeat([]byte("line of a chat\r\n"), 100))
	mw.Close()
	sent := body.Bytes()[:body.Len()/2]

	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /verify HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nCookie: %s\r\n\r\n",
		u.Host, mw.FormDataContentType(), body.Len(), strings.Join(cookies, "; "))
	conn.Write(sent)
	conn.(*net.TCPConn).CloseWrite() // the client stops sending, the answer still expected
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v\nserver log:\n%s", err, f.en.logs.String())
	}
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusRequestTimeout {
		t.Fatalf("status %d, want 400 or 408\n%s\nserver log:\n%s", res.StatusCode, b, f.en.logs.String())
	}
	doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if msg := doc.Find(`[data-testid="error-file"]`).Text(); !strings.Contains(msg, "broke off") {
		t.Errorf("the page does not say the upload broke off: %q", msg)
	}
}

// TestVerifyRefusedUploadKeepsToken: the Verify page shown again after a
// refused upload carries the visitor's CSRF token in its forms, and posting
// one of them works.
func TestVerifyRefusedUploadKeepsToken(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{VerifyLimit: 4096})
	text := []byte(f.download(t, "text").body)
	anon := f.en.client()
	r := anon.verify(nil)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	tokens := r.doc.Find(`input[name="_csrf"]`)
	if tokens.Length() == 0 {
		t.Fatal("no form on the page shown again")
	}
	var token string
	tokens.Each(func(_ int, s *goquery.Selection) {
		if v, _ := s.Attr("value"); v == "" {
			t.Errorf("an empty CSRF token in %s", goquery.NodeName(s.Parent()))
		} else {
			token = v
		}
	})
	if v, _ := r.doc.Find(`meta[name="csrf-token"]`).Attr("content"); v == "" {
		t.Error("an empty CSRF token for htmx")
	}
	if v := verdictOf(t, anon.uploadFile(token, "chat.txt", text, nil)); v != "match" {
		t.Errorf("the next upload with the page's token: %s", v)
	}
	if v := verdictOf(t, anon.post("/verify", url.Values{"_csrf": {token}, "sha256": {fmt.Sprintf("%x", sha256Of(text))}})); v != "match" {
		t.Errorf("the next pasted fingerprint with the page's token: %s", v)
	}
}
