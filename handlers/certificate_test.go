package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"talksafe/handlers"
)

// TestCertificateVerifyAddress: the certificate prints the configured
// address of Verify an export, whatever Host header the request carried.
func TestCertificateVerifyAddress(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{BaseURL: "https://talksafe.example/"})
	f.download(t, "json")
	href, _ := f.alice.get("/settings/exports").doc.Find(`[data-testid="export"] a:contains("Certificate")`).Attr("href")
	req, _ := http.NewRequest(http.MethodGet, f.en.srv.URL+href, nil)
	for _, c := range f.alice.http.Jar.Cookies(req.URL) {
		req.AddCookie(c) // the client's jar would look them up by the forged host
	}
	req.Host = "evil.example"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	if text := strings.Join(strings.Fields(doc.Text()), " "); strings.Contains(text, "evil.example") || !strings.Contains(text, "https://talksafe.example/verify") ||
		strings.Contains(text, "example//verify") {
		t.Fatalf("certificate:\n%s", text)
	}
}
