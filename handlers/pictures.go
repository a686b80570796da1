package handlers

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"talksafe/models"
	"talksafe/views"
)

// pictureRoutes are the page routes whose form may carry a picture, and so
// may be sent as multipart/form-data (every other page route takes only a
// URL-encoded form).
var pictureRoutes = []string{"/chats/:id/messages", "/openchat/:id/posts", "/posts/:id/comments"}

// pictureForm reports whether c is a multipart POST to a route that takes a
// picture.
func pictureForm(c echo.Context) bool {
	r := c.Request()
	return r.Method == http.MethodPost && slices.Contains(pictureRoutes, c.Path()) && mediaType(r) == echo.MIMEMultipartForm
}

// pictureBodyLimit is a picture form's largest body: the largest picture and
// room for the form's text fields.
var pictureBodyLimit = strconv.Itoa(models.MaxPictureBytes>>20+1) + "M"

// bodyLimit refuses a body larger than limit (a picture form's: larger
// than pictureBodyLimit) with a 413, before it is read; Verify's streamed
// upload checks its own.
func bodyLimit(limit string) echo.MiddlewareFunc {
	small := middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: limit,
		Skipper: func(c echo.Context) bool { return streamedUpload(c) || pictureForm(c) }})
	large := middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: pictureBodyLimit,
		Skipper: func(c echo.Context) bool { return !pictureForm(c) }})
	return func(next echo.HandlerFunc) echo.HandlerFunc { return small(large(next)) }
}

// checkPictureParts parses a picture form's multipart body (the CSRF check
// may have already) and refuses any file but one in the field "picture".
// Its text fields then go through checkText like any form's.
func checkPictureParts(r *http.Request) error {
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
		if name != "picture" || len(files) > 1 {
			return models.Coded(models.Invalid, "picture.one_only")
		}
	}
	return nil
}

// pictureUpload reads the form's picture, checked and re-encoded
// (models.PreparePicture); nil when the form carries none. Errors: the
// picture's problem, Invalid on field "picture".
func (a *App) pictureUpload(c echo.Context) (*models.NewPicture, error) {
	r := c.Request()
	if r.MultipartForm == nil || len(r.MultipartForm.File["picture"]) == 0 {
		return nil, nil
	}
	fh := r.MultipartForm.File["picture"][0]
	if fh.Filename == "" && fh.Size == 0 { // the file box left empty
		return nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, models.MaxPictureBytes+1))
	if err != nil {
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
