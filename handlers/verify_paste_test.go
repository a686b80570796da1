package handlers_test

import (
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/handlers"
)

// TestVerifyPastedToolOutput: the whole output of the tools the Verify page
// names, pasted as they print it, verifies; anything else is refused with a
// sentence that says what is wrong.
func TestVerifyPastedToolOutput(t *testing.T) {
	t.Parallel()
	f := newExportFixture(t, handlers.Config{VerifyLimit: 4096})
	sum := hex.EncodeToString(sha256Of([]byte(f.download(t, "text").body)))
	var pairs []string
	for i := 0; i < len(sum); i += 2 {
		pairs = append(pairs, sum[i:i+2])
	}
	anon := f.en.client()
	t.Run("OK", func(t *testing.T) {
		for name, pasted := range map[string]string{
			"certutil": "SHA256 hash of C:\\Users\\minji\\Downloads\\chat_export7.txt:\r\n" + sum +
				"\r\nCertUtil: -hashfile command completed successfully.\r\n",
			"older certutil": "SHA256 hash of file chat.txt:\r\n" + strings.Join(pairs, " ") +
				"\r\nCertUtil: -hashfile command completed successfully.",
			"certutil in a one-line box": "SHA256 hash of chat.txt:" + strings.ToUpper(sum) +
				"CertUtil: -hashfile command completed successfully.",
			"sha256sum":             sum + "  chat export (1).txt\n",
			"sha256sum binary mode": sum + " *chat.txt",
		} {
			r := anon.submit("/verify", url.Values{"sha256": {pasted}})
			if v := verdictOf(t, r); v != "match" {
				t.Errorf("%s: %s", name, v)
			}
		}
	})
	t.Run("ErrNotAFingerprint", func(t *testing.T) {
		for pasted, want := range map[string]string{
			"CertUtil: -hashfile command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)":                   "certutil printed no fingerprint",
			"MD5 hash of chat.txt:\r\n" + sum[:32] + "\r\nCertUtil: -hashfile command completed successfully.": "64 digits; this one has 32",
			sum + "\n" + sum:       "64 digits; this one has 128",
			"the hash is:\n" + sum: "0-9 and the letters a-f",
		} {
			r := anon.submit("/verify", url.Values{"sha256": {pasted}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if msg := r.doc.Find(`[data-testid="error-sha256"]`).Text(); !strings.Contains(msg, want) {
				t.Errorf("%q: %q, want %q\n%s", pasted, msg, want, r.text())
			}
		}
	})
}
