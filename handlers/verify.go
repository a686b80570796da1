package handlers

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

func (a *App) showVerify(c echo.Context) error {
	return a.render(c, http.StatusOK, views.VerifyPage(components.Form{}, nil))
}

// createVerification checks an uploaded file, hashed as it streams in and
// never stored, or a pasted SHA-256 against the export records.
func (a *App) createVerification(c echo.Context) error {
	req := models.VerifyRequest{Address: c.RealIP(), Via: models.VerifyByHash}
	if u := currentUser(c); u != nil {
		req.ActorID = &u.ID
	}
	values := map[string]string{}
	tooLarge := false
	var sum func() ([]byte, error)
	if streamedUpload(c) {
		a.uploadPageToken(c)
		part, err := a.uploadedFile(c)
		if err != nil {
			return err
		}
		req.Via = models.VerifyByFile
		sum = func() ([]byte, error) {
			b, big, err := a.hashUpload(c, part)
			tooLarge = big
			return b, err
		}
	} else {
		values["sha256"] = c.FormValue("sha256")
		sum = func() ([]byte, error) { return models.ParseFingerprint(values["sha256"]) }
	}
	v, err := models.VerifyExport(c.Request().Context(), a.db, req, sum)
	if f, ok := failed(err, values); ok {
		if tooLarge {
			f.status = http.StatusRequestEntityTooLarge
		}
		if errors.Is(err, errUploadBrokeOff) {
			// The body stopped short (the client stopped sending, or the read
			// timed out), which also cancels the request's context: answer
			// anyway, for a client still waiting.
			f.status = http.StatusBadRequest
			c.SetRequest(c.Request().WithContext(context.WithoutCancel(c.Request().Context())))
		}
		return a.render(c, f.status, views.VerifyPage(f.form, nil))
	}
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.VerifyPage(components.Form{Values: values}, v))
}

// streamedUpload reports whether c is a file upload to Verify an export,
// which its handler reads as a stream: the body limit and the CSRF
// middleware leave its body alone (so that nothing parses it into memory
// or a temporary file), and the handler checks the CSRF token itself, from
// the form's first part.
func streamedUpload(c echo.Context) bool {
	return c.Request().Method == http.MethodPost && c.Path() == views.VerifyPath &&
		strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
}

// uploadPageToken gives the page that answers a streamed upload the CSRF
// token the middleware gives every other page (it skipped this request):
// the cookie's, else a new one, so that its forms can be sent again.
func (a *App) uploadPageToken(c echo.Context) {
	if cookie, err := c.Cookie(csrfCookie); err == nil && cookie.Value != "" {
		c.Set("csrf", cookie.Value)
		return
	}
	c.Set("csrf", "")
	a.rotateCSRF(c)
}

var errUploadCSRF = echo.NewHTTPError(http.StatusForbidden, models.NewMsg("error.verify.form_expired"))

// uploadedFile checks the upload's CSRF token (the form's first part, or
// the browser's Sec-Fetch-Site) and returns the part that holds the file,
// unread.
func (a *App) uploadedFile(c echo.Context) (*multipart.Part, error) {
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest, models.NewMsg("error.verify.upload_unreadable"))
	}
	part, err := mr.NextPart()
	token := ""
	if err == nil && part.FormName() == "_csrf" {
		b, _ := io.ReadAll(io.LimitReader(part, 256))
		token = string(b)
		part, err = mr.NextPart()
	}
	if !uploadCSRFOK(c, token) {
		return nil, errUploadCSRF
	}
	for err == nil && part.FormName() != "file" {
		part, err = mr.NextPart()
	}
	if err != nil {
		return nil, echo.NewHTTPError(http.StatusBadRequest, models.NewMsg("error.verify.upload_no_file"))
	}
	// A large file may take longer to arrive than a form post.
	_ = http.NewResponseController(c.Response()).SetReadDeadline(time.Now().Add(30 * time.Minute))
	return part, nil
}

// uploadCSRFOK is the CSRF middleware's rule for a streamed upload: a
// browser's same-origin Sec-Fetch-Site, or else the form's token matching
// the cookie.
func uploadCSRFOK(c echo.Context, token string) bool {
	switch c.Request().Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
		cookie, err := c.Cookie(csrfCookie)
		return err == nil && token != "" && subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(token)) == 1
	}
	return false
}

// errUploadBrokeOff: the upload's body stopped before its end.
var errUploadBrokeOff = models.Coded(models.Invalid, "verify.upload_broke_off").On("file")

// hashUpload reads the file part to its end, up to the verify limit, into
// SHA-256 only; tooLarge says the file is over the limit.
// Errors: Invalid on the field file.
func (a *App) hashUpload(c echo.Context, part *multipart.Part) (sum []byte, tooLarge bool, err error) {
	limit := a.cfg.VerifyLimit
	fileErr := func(key string, args ...any) error { return models.Coded(models.Invalid, key, args...).On("file") }
	tooLargeErr := fileErr("verify.file_too_large", strconv.FormatInt(limit>>20, 10))
	if c.Request().ContentLength > limit+64<<10 {
		return nil, true, tooLargeErr
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(part, limit+1))
	switch {
	case err != nil && !errors.Is(err, io.EOF):
		return nil, false, errUploadBrokeOff
	case n > limit:
		return nil, true, tooLargeErr
	case n == 0 && part.FileName() == "":
		return nil, false, fileErr("verify.file_missing")
	case n == 0:
		return nil, false, fileErr("verify.file_empty")
	}
	return h.Sum(nil), false, nil
}

func (a *App) showMyExports(c echo.Context) error {
	exports, next, err := models.MyExports(c.Request().Context(), a.db, currentUser(c).ID, cursorParam(c, "before"), 20)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.MyExportsPage(exports, views.OlderMyExportsPath(next)))
}

func (a *App) showExportCertificate(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	e, err := models.ExportFor(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.CertificatePage(e, a.cfg.BaseURL+views.VerifyPath))
}
