// Package static embeds the portal's CSS, JavaScript and images and serves
// them under content-hashed names, so they can be cached for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed css js img
var files embed.FS

type asset struct {
	name string // path inside files
	body []byte
	mime string
}

var (
	hashed = map[string]string{} // "css/app.css" -> "css/app.1a2b3c4d5e.css"
	assets = map[string]asset{}  // "css/app.1a2b3c4d5e.css" -> asset
)

func init() {
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		hashed[p] = name
		assets[name] = asset{name: p, body: body, mime: mime.TypeByExtension(ext)}
		return nil
	})
	if err != nil {
		panic(err)
	}
}

// Path returns the URL of the named file ("css/app.css"), with its content
// hash in the name. It panics on an unknown name: a typo shows at once.
func Path(name string) string {
	h, ok := hashed[name]
	if !ok {
		panic("static: no file " + name)
	}
	return "/static/" + h
}

// Handler serves hashed names under /static/ with a year-long, immutable
// cache; any other name is a 404.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := assets[strings.TrimPrefix(r.URL.Path, "/static/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", a.mime)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(a.body)
	})
}
