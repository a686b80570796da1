package handlers

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"talksafe/models"
	"talksafe/views"
)

// uploadRoutes are the page routes whose form may carry a file, and so may
// be sent as multipart/form-data (every other page route takes only a
// URL-encoded form): the file's field and the largest body.
var uploadRoutes = map[string]upload{
	"/chats/:id/messages":          {"picture", pictureBodyLimit},
	"/openchat/:id/posts":          {"picture", pictureBodyLimit},
	"/posts/:id/comments":          {"picture", pictureBodyLimit},
	"/admin/hash-banks/:id/import": {"file", hashListBodyLimit},
}

// upload is what a route's multipart form may carry: one file in field,
// in a body of at most limit.
type upload struct{ field, limit string }

// uploadForm returns the upload c's route takes when c is a multipart POST
// to a route that takes a file.
func uploadForm(c echo.Context) (upload, bool) {
	r := c.Request()
	u, ok := uploadRoutes[c.Path()]
	return u, ok && r.Method == http.MethodPost && mediaType(r) == echo.MIMEMultipartForm
}

// pictureBodyLimit is a picture form's largest body: the largest picture and
// room for the form's text fields; hashListBodyLimit a hash list file's.
var (
	pictureBodyLimit  = strconv.Itoa(models.MaxPictureBytes>>20+1) + "M"
	hashListBodyLimit = strconv.Itoa(models.MaxHashListBytes>>20+1) + "M"
)

// bodyLimit refuses a body larger than limit (an upload form's: larger
// than its route's) with a 413, before it is read; Verify's streamed
// upload checks its own.
func bodyLimit(limit string) echo.MiddlewareFunc {
	chain := []echo.MiddlewareFunc{middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: limit,
		Skipper: func(c echo.Context) bool {
			_, up := uploadForm(c)
			return streamedUpload(c) || up
		}})}
	for _, l := range []string{pictureBodyLimit, hashListBodyLimit} {
		chain = append(chain, middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: l,
			Skipper: func(c echo.Context) bool {
				u, up := uploadForm(c)
				return !up || u.limit != l
			}}))
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		for i := len(chain) - 1; i >= 0; i-- {
			next = chain[i](next)
		}
		return next
	}
}

// checkUploadParts parses an upload form's multipart body (the CSRF check
// may have already) and refuses any file but one in the route's field.
// Its text fields then go through checkText like any form's.
func checkUploadParts(r *http.Request, u upload) error {
	if r.MultipartForm == nil {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) { // the body limit
				return he
			}
			return echo.NewHTTPError(http.StatusBadRequest, models.NewMsg("error.http.bad_form"))
		}
	}
	for name, files := range r.MultipartForm.File {
		if name != u.field || len(files) > 1 {
			if u.field == "picture" {
				return models.Coded(models.Invalid, "picture.one_only")
			}
			return models.Coded(models.Invalid, "upload.one_file")
		}
	}
	return nil
}

// formFile reads the form's file in field, at most limit+1 bytes of it (so
// that a caller can tell a file over limit); nil when the form carries
// none (not multipart, or the file box left empty).
func formFile(c echo.Context, field string, limit int) (*multipart.FileHeader, []byte, error) {
	r := c.Request()
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return nil, nil, nil
	}
	fh := r.MultipartForm.File[field][0]
	if fh.Filename == "" && fh.Size == 0 {
		return nil, nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, nil, err
	}
	return fh, data, nil
}

// pictureUpload reads the form's picture, checked and re-encoded
// (models.PreparePicture); nil when the form carries none. Errors: the
// picture's problem, Invalid on field "picture".
func (a *App) pictureUpload(c echo.Context) (*models.NewPicture, error) {
	fh, data, err := formFile(c, "picture", models.MaxPictureBytes)
	if fh == nil || err != nil {
		return nil, err
	}
	return models.PreparePicture(a.cfg.Blobs, models.Upload{Name: fh.Filename, Type: fh.Header.Get(echo.HeaderContentType), Data: data})
}

func (a *App) showPicture(c echo.Context) error { return a.servePicture(c, false) }

func (a *App) showPictureThumb(c echo.Context) error { return a.servePicture(c, true) }

// servePicture sends the picture of the :id parameter as the current user
// may see it (models.ShowPicture): private to them, never sniffed as
// anything but the image it is, shown inline.
func (a *App) servePicture(c echo.Context, thumb bool) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	pic, err := models.ShowPicture(c.Request().Context(), a.db, a.cfg.Blobs, currentUser(c), id, thumb)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderCacheControl, "private, max-age=300")
	if pic.Blurred {
		h.Set(echo.HeaderCacheControl, "private, no-store") // a reveal must show the picture itself at once
	}
	h.Set(echo.HeaderXContentTypeOptions, "nosniff")
	h.Set(echo.HeaderContentDisposition, "inline")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	return c.Blob(http.StatusOK, pic.ContentType, pic.Data)
}

// revealModPicture shows a moderator one evidence picture of a case
// unblurred (audited, counted in the day's exposure).
func (a *App) revealModPicture(c echo.Context) error {
	caseID, err := paramID(c, "id")
	if err != nil {
		return err
	}
	picID, err := paramID(c, "picture")
	if err != nil {
		return err
	}
	if err := models.RevealPicture(c.Request().Context(), a.db, currentUser(c), caseID, picID); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.ModCasePath(caseID)+"#picture-"+strconv.FormatInt(picID, 10))
}

// purgePictureBytes deletes from the store, right after a decision, the
// bytes of pictures it removed under severity 5 (models.PurgePictureBytes).
// The decision stands either way: nothing serves those bytes any more, and
// the retention job deletes any that a failure here left.
func (a *App) purgePictureBytes(c echo.Context) {
	if _, err := models.PurgePictureBytes(c.Request().Context(), a.db, a.cfg.Blobs); err != nil {
		a.log.Error("deleting removed pictures' bytes", "err", err)
	}
}
