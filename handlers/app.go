// Package handlers is talksafe's web layer: the routes, the middleware, and
// one file per feature area. A handler binds and checks input, calls one
// models function, and renders or redirects.
package handlers

import (
	"database/sql"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"gorm.io/gorm"

	"talksafe/handlers/metrics"
	"talksafe/models"
	"talksafe/models/blob"

	"talksafe/views/chatexport"
)

// Config is what the web layer needs from the outside.
type Config struct {
	SessionSecret []byte
	SecureCookies bool
	TrustProxy    bool // take the client address from X-Forwarded-For
	BodyLimit     string
	// Messenger names the messenger in the Text export's title line
	// (MESSENGER_NAME; zero: talksafe).
	Messenger chatexport.Messenger
	// VerifyLimit is the largest file Verify an export hashes, in bytes
	// (0: DefaultVerifyLimit).
	VerifyLimit int64
	// BaseURL is the site's address as people reach it, scheme and host
	// ("https://talksafe.example"; BASE_URL), for addresses printed for use
	// outside the site, such as the certificate's Verify address; never
	// taken from a request's Host header (zero: DefaultBaseURL).
	BaseURL string
	// Metrics counts requests by route pattern and status (nil: no
	// figures; METRICS_ADDR serves them).
	Metrics *metrics.Metrics
	// Blobs stores the pictures' bytes (BLOB_URL: a folder or an S3
	// bucket).
	Blobs blob.Store
	// Retention is the retention periods in force, for the schedule's page
	// (zero: the defaults).
	Retention models.RetentionPeriods
}

// DefaultBaseURL is the site's address in development.
const DefaultBaseURL = "http://localhost:8080"

// DefaultVerifyLimit is the largest upload Verify an export takes: 1 GiB,
// more than a chat of ten million messages. Larger files are verified by
// their pasted SHA-256.
const DefaultVerifyLimit = 1 << 30

// App holds the dependencies the handlers share.
type App struct {
	db       *gorm.DB
	sessions *sessionStore
	flashes  *sessions.CookieStore
	log      *slog.Logger
	cfg      Config
	// jobs reads and retries the background jobs (River, over db's pool);
	// it works none: jobs.Start does.
	jobs *river.Client[*sql.Tx]
}

// New returns the portal's router with every route and middleware in place.
func New(db *gorm.DB, log *slog.Logger, cfg Config) *echo.Echo {
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if cfg.VerifyLimit <= 0 {
		cfg.VerifyLimit = DefaultVerifyLimit
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	if cfg.Messenger == (chatexport.Messenger{}) {
		cfg.Messenger = chatexport.DefaultMessenger
	}
	if cfg.Retention == nil {
		cfg.Retention = models.DefaultRetentionPeriods()
	}
	var jobsClient *river.Client[*sql.Tx]
	if db != nil { // nil: a router built to list its routes
		sqlDB, err := db.DB()
		if err != nil {
			panic(err) // gorm over database/sql always has one
		}
		if jobsClient, err = river.NewClient(riverdatabasesql.New(sqlDB), &river.Config{}); err != nil {
			panic(err) // only a configuration without workers: none to refuse
		}
	}
	flashes := sessions.NewCookieStore(cfg.SessionSecret)
	flashes.Options = &sessions.Options{Path: "/", MaxAge: 300, HttpOnly: true, Secure: cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
	a := &App{
		db:       db,
		sessions: newSessionStore(db, cfg.SessionSecret, cfg.SecureCookies),
		flashes:  flashes,
		log:      log,
		cfg:      cfg,
		jobs:     jobsClient,
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = a.handleError
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	a.routes(e)
	return e
}
