// Command talksafe runs the trust-and-safety portal.
//
//	talksafe [serve]            serve the portal (the default)
//	talksafe migrate            apply pending database migrations
//	talksafe seed --demo        fill an empty database with the demo world
//	talksafe seed --scale       fill an empty database with generated data at
//	                            benchmark scale (100,000 users, 1,000,000
//	                            messages, 1,000,000 reports in 300,000 cases,
//	                            a text bank of 10,000 entries)
//	talksafe user create --role=moderator --name=minji [--display-name=...]
//	                            create an account; the password is read from
//	                            TALKSAFE_PASSWORD or from standard input
//	talksafe worker             work the background jobs (serve does too)
//	talksafe retention [--dry-run]
//	                            purge what is past its retention period now,
//	                            the audit log too when run as the schema's
//	                            owner; --dry-run prints what would go
//	talksafe hash FILE…         print each picture's PDQ hash, quality and
//	                            name (hash,quality,filename), as Meta's
//	                            reference pdq-photo-hasher does
//
// Configuration comes from the environment, and flags where given:
// DATABASE_URL, MIGRATE_DATABASE_URL, LISTEN_ADDR, BASE_URL, SESSION_SECRET,
// SECURE_COOKIES, TRUST_PROXY, LOG_LEVEL, TALKSAFE_DEV, MESSENGER_NAME,
// MESSENGER_NAME_KO, METRICS_ADDR and the retention periods
// (RETENTION_*_DAYS); see the README.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"

	"talksafe/handlers"
	"talksafe/handlers/metrics"
	"talksafe/models"
	"talksafe/models/blob"
	"talksafe/models/jobs"
	"talksafe/views/chatexport"
	"talksafe/views/components"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "talksafe:", err)
		os.Exit(1)
	}
}

// config is the program's settings, from the environment and flags.
type config struct {
	databaseURL   string // the server's: a role that reads and writes rows
	migrateURL    string // the schema owner's, for migrations; "" is databaseURL
	listenAddr    string
	baseURL       string
	sessionSecret string
	secureCookies bool
	trustProxy    bool
	logLevel      string
	dev           bool
	metricsAddr   string // "": no metrics
}

func envBool(name string, def bool) bool {
	v, err := strconv.ParseBool(os.Getenv(name))
	if err != nil {
		return def
	}
	return v
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// flags registers the settings shared by every subcommand on fs.
func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.databaseURL, "database-url", envOr("DATABASE_URL", models.DefaultServingURL), "PostgreSQL URL the server connects as (env DATABASE_URL)")
	fs.StringVar(&c.migrateURL, "migrate-database-url", os.Getenv("MIGRATE_DATABASE_URL"),
		"PostgreSQL URL of the schema's owner, for migrations (env MIGRATE_DATABASE_URL; default: the local postgres user with the default DATABASE_URL, else DATABASE_URL)")
	fs.StringVar(&c.logLevel, "log-level", envOr("LOG_LEVEL", "info"), "debug, info, warn or error (env LOG_LEVEL)")
	fs.BoolVar(&c.dev, "dev", envBool("TALKSAFE_DEV", false), "development mode (env TALKSAFE_DEV)")
	fs.StringVar(&c.metricsAddr, "metrics-addr", os.Getenv("METRICS_ADDR"),
		"address to serve Prometheus metrics on, /metrics, apart from the site (env METRICS_ADDR; default: none)")
}

// serveFlags registers the settings of serve on fs.
func (c *config) serveFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.listenAddr, "addr", envOr("LISTEN_ADDR", "localhost:8080"), "address to listen on (env LISTEN_ADDR)")
	fs.StringVar(&c.baseURL, "base-url", os.Getenv("BASE_URL"),
		"the site's address as people reach it, such as https://talksafe.example (env BASE_URL; required outside dev mode)")
}

// blobURL is BLOB_URL, where the pictures' bytes are kept: a folder
// (file:///path) or an S3 bucket (s3://bucket?endpoint=host:port). Its
// default is the folder .build/blobs in dev mode, else
// /var/lib/talksafe/blobs.
func (c config) blobURL() string {
	if v := os.Getenv("BLOB_URL"); v != "" {
		return v
	}
	if c.dev {
		if dir, err := filepath.Abs(filepath.Join(".build", "blobs")); err == nil {
			return "file://" + filepath.ToSlash(dir)
		}
	}
	return "file:///var/lib/talksafe/blobs"
}

// siteURL is BASE_URL (--base-url), the site's address as people reach it,
// without a trailing slash: a scheme (http or https) and a host, nothing
// else. It is required outside dev mode; dev mode defaults it to the listen
// address (localhost for a loopback or unspecified host).
func (c config) siteURL() (string, error) {
	if c.baseURL == "" {
		if !c.dev {
			return "", errors.New("BASE_URL is not set: give the address people reach talksafe at, such as https://talksafe.example (it is printed on export certificates), or run with --dev (TALKSAFE_DEV=1) for development")
		}
		return "http://" + displayHostPort(c.listenAddr), nil
	}
	u, err := url.Parse(c.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return "", fmt.Errorf("BASE_URL %q is not a site's address: give a scheme and a host only, such as https://talksafe.example", c.baseURL)
	}
	return strings.TrimRight(c.baseURL, "/"), nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout)
	case "migrate":
		return migrate(ctx, args)
	case "seed":
		return seed(ctx, args, stdout)
	case "user":
		return user(ctx, args, stdin, stdout)
	case "worker":
		return worker(ctx, args, stdout)
	case "retention":
		return retention(ctx, args, stdout)
	case "hash":
		return hashFiles(args, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, "usage: talksafe [serve|migrate|seed --demo|seed --scale|user create --role=ROLE --name=NAME|worker|retention [--dry-run]|hash FILE…]")
		return nil
	}
	return fmt.Errorf("unknown command %q: use serve, migrate, seed, user, worker, retention or hash", cmd)
}

func newLogger(level string, dev bool) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("LOG_LEVEL %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	if dev {
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
}

// ownerURL is the URL migrations run as: MIGRATE_DATABASE_URL; else, with
// the default DATABASE_URL, the local server's postgres user; else
// DATABASE_URL itself (one role for both, as a single-role database must).
func (c config) ownerURL() string {
	switch {
	case c.migrateURL != "":
		return c.migrateURL
	case c.databaseURL == models.DefaultServingURL:
		return models.DefaultOwnerURL
	}
	return c.databaseURL
}

// open connects and migrates, the first steps of every subcommand: the
// migrations run as the schema's owner, which then grants the serving role
// its rows; the connection returned is the serving role's.
func open(ctx context.Context, c config) (*gorm.DB, *slog.Logger, error) {
	log, err := newLogger(c.logLevel, c.dev)
	if err != nil {
		return nil, nil, err
	}
	slog.SetDefault(log)
	owner, err := models.Open(ctx, c.ownerURL())
	if err != nil {
		return nil, nil, err
	}
	err = models.Migrate(ctx, owner)
	if err == nil && c.ownerURL() != c.databaseURL {
		var role string
		if role, err = models.RoleOf(c.databaseURL); err == nil {
			err = models.GrantServing(ctx, owner, role)
		}
	}
	if err != nil || c.ownerURL() == c.databaseURL {
		if err != nil {
			models.Close(owner)
			return nil, nil, err
		}
		warnPrivileges(ctx, owner, log)
		return owner, log, nil
	}
	models.Close(owner)
	db, err := models.Open(ctx, c.databaseURL)
	if err != nil {
		return nil, nil, err
	}
	warnPrivileges(ctx, db, log)
	return db, log, nil
}

func warnPrivileges(ctx context.Context, db *gorm.DB, log *slog.Logger) {
	if err := models.CheckServingPrivileges(ctx, db); err != nil {
		log.Warn("the database role can change the schema and the audit log: set MIGRATE_DATABASE_URL to the schema's owner and DATABASE_URL to a role of its own (see the README)",
			"reason", err.Error())
	}
}

func migrate(ctx context.Context, args []string) error {
	var c config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	c.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, _, err := open(ctx, c)
	if err != nil {
		return err
	}
	models.Close(db)
	return nil
}

func seed(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	c.flags(fs)
	demo := fs.Bool("demo", false, "the demo world: accounts, friends, chats and boards")
	scale := fs.Bool("scale", false, "generated data at benchmark scale, written with COPY")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *demo == *scale {
		return errors.New("seed what? use: talksafe seed --demo, or talksafe seed --scale")
	}
	db, _, err := open(ctx, c)
	if err != nil {
		return err
	}
	defer models.Close(db)
	if *scale {
		start := time.Now()
		password := envOr("TALKSAFE_PASSWORD", models.DemoPassword)
		if err := models.SeedScale(ctx, db, models.FullScale, password); err != nil {
			return err
		}
		if err := db.WithContext(ctx).Exec("VACUUM ANALYZE").Error; err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Scale data written in %s: %d users, %d messages, %d reports in %d cases, a text bank of %d entries.\n"+
			"Staff accounts scale.mod and scale.admin have the password %q.\n", time.Since(start).Round(time.Second),
			models.FullScale.Users, models.FullScale.Messages, models.FullScale.Reports, models.FullScale.Cases,
			models.FullScale.BankEntries, password)
		return nil
	}
	res, err := models.SeedDemo(ctx, db)
	if err != nil {
		return err
	}
	blobs, err := blob.Open(ctx, c.blobURL())
	if err != nil {
		return err
	}
	if err := models.SeedDemoPictures(ctx, db, blobs); err != nil {
		return err
	}
	if res == models.AlreadySeeded {
		fmt.Fprintln(stdout, "Demo world already present: nothing changed.")
	} else {
		fmt.Fprintln(stdout, "Demo world created.")
	}
	printDemoAccounts(stdout)
	return nil
}

func printDemoAccounts(w io.Writer) {
	var users, staff []string
	for _, a := range models.DemoAccounts {
		if a.Role == models.RoleUser {
			users = append(users, a.Name)
		} else {
			staff = append(staff, a.Name+" ("+string(a.Role)+")")
		}
	}
	fmt.Fprintf(w, "Demo accounts, all with the password %q:\n  users: %s\n  staff: %s\n",
		models.DemoPassword, strings.Join(users, ", "), strings.Join(staff, ", "))
}

func user(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: talksafe user create --role=moderator|support|admin|user --name=NAME [--display-name=NAME]")
	}
	var c config
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	c.flags(fs)
	role := fs.String("role", "", "user, moderator, support or admin")
	name := fs.String("name", "", "the account's user name")
	display := fs.String("display-name", "", "the name shown to others (default: the user name)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	password := os.Getenv("TALKSAFE_PASSWORD")
	if password == "" {
		fmt.Fprint(stdout, "Password: ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password: set TALKSAFE_PASSWORD or type it on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	db, _, err := open(ctx, c)
	if err != nil {
		return err
	}
	defer models.Close(db)
	in := models.SignUp{Name: *name, DisplayName: *display, Password: password, Confirm: password}
	var u *models.User
	if r := models.Role(*role); r == "" || r == models.RoleUser {
		u, err = models.CreateUser(ctx, db, in)
	} else {
		u, err = models.CreateStaffFromCommandLine(ctx, db, models.StaffSignUp{SignUp: in, Role: r})
	}
	if e := models.AsError(err); e != nil {
		msgs := []string{components.ErrorText(e)}
		for field, msg := range e.Fields {
			msgs = append(msgs, "--"+field+": "+components.Text(msg))
		}
		return errors.New(strings.Join(msgs, " "))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Created %s account %q (id %d).\n", u.Role, u.Name, u.ID)
	return nil
}

func serve(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.flags(fs)
	c.serveFlags(fs)
	seedDemo := fs.Bool("seed-demo", false, "create the demo world first when the database is empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	periods, err := models.RetentionPeriodsFrom(os.Getenv)
	if err != nil {
		return err
	}
	c.sessionSecret = os.Getenv("SESSION_SECRET")
	c.secureCookies = envBool("SECURE_COOKIES", !c.dev)
	c.trustProxy = envBool("TRUST_PROXY", false)
	secret, err := sessionSecret(c)
	if err != nil {
		return err
	}
	site, err := c.siteURL()
	if err != nil {
		return err
	}
	blobs, err := blob.Open(ctx, c.blobURL())
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, log, err := open(ctx, c)
	if err != nil {
		return err
	}
	defer models.Close(db)
	if *seedDemo {
		if _, err := models.SeedDemo(ctx, db); err != nil {
			return err
		}
		if err := models.SeedDemoPictures(ctx, db, blobs); err != nil {
			return err
		}
	}
	if c.metricsAddr != "" && c.metricsAddr == c.listenAddr && !strings.HasSuffix(c.listenAddr, ":0") {
		return fmt.Errorf("METRICS_ADDR %s is the site's address: give the metrics an address of their own, never the public one", c.metricsAddr)
	}
	m, stopMetrics, err := startMetrics(c.metricsAddr, db, log, stdout)
	if err != nil {
		return err
	}
	defer stopMetrics()
	runner, err := jobs.Start(ctx, c.databaseURL, db, periods, log, blobs, m.JobDone)
	if err != nil {
		return err
	}
	defer stopJobs(runner, log)

	ln, err := net.Listen("tcp", c.listenAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (set LISTEN_ADDR to a free address)", c.listenAddr, err)
	}
	if c.baseURL == "" { // dev mode: the port the listener took
		site = "http://" + displayAddr(ln.Addr())
	}
	e := handlers.New(db, log, handlers.Config{SessionSecret: secret, SecureCookies: c.secureCookies, TrustProxy: c.trustProxy,
		Messenger: chatexport.MessengerNamed(os.Getenv("MESSENGER_NAME"), os.Getenv("MESSENGER_NAME_KO")), BaseURL: site,
		Retention: periods, Metrics: m, Blobs: blobs})
	srv := &http.Server{Addr: c.listenAddr, Handler: e, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "talksafe is serving on http://%s\n", displayAddr(ln.Addr()))
	if c.dev {
		printDemoAccounts(stdout)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

func displayAddr(a net.Addr) string { return displayHostPort(a.String()) }

// displayHostPort is a listen address as a browser on this machine reaches
// it: localhost for a loopback or unspecified host.
func displayHostPort(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() || ip.IsLoopback() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// devSecretFile keeps dev mode's session secret across restarts; git ignores it.
const devSecretFile = ".session-secret"

// sessionSecret returns SESSION_SECRET; dev mode makes one and keeps it in
// devSecretFile when none is set.
func sessionSecret(c config) ([]byte, error) {
	if c.sessionSecret != "" {
		if len(c.sessionSecret) < 32 {
			return nil, errors.New("SESSION_SECRET must be at least 32 characters: make one with 'openssl rand -hex 32'")
		}
		return []byte(c.sessionSecret), nil
	}
	if !c.dev {
		return nil, errors.New("SESSION_SECRET is not set: make one with 'openssl rand -hex 32', or run with --dev (TALKSAFE_DEV=1) for development")
	}
	if b, err := os.ReadFile(devSecretFile); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(raw)
	if err := os.WriteFile(devSecretFile, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("keep the dev session secret: %w", err)
	}
	return []byte(secret), nil
}

// startMetrics serves the Prometheus metrics on addr at /metrics, when addr
// is set; the Metrics returned is nil otherwise (and counts nothing).
func startMetrics(addr string, db *gorm.DB, log *slog.Logger, stdout io.Writer) (*metrics.Metrics, func(), error) {
	if addr == "" {
		return nil, func() {}, nil
	}
	m, err := metrics.New(db, log)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("listen on %s: %w (set METRICS_ADDR to a free address)", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "error", err)
		}
	}()
	fmt.Fprintf(stdout, "talksafe serves metrics on http://%s/metrics\n", displayAddr(ln.Addr()))
	return m, func() { _ = srv.Close() }, nil
}

// stopJobs stops the job runner, letting running jobs finish for up to 15 s.
func stopJobs(r *jobs.Runner, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := r.Stop(ctx); err != nil {
		log.Warn("stop the job runner", "error", err)
	}
}

// worker works the background jobs, as serve does, without serving pages:
// run as many as needed beside the servers; each job runs once.
func worker(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	c.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	periods, err := models.RetentionPeriodsFrom(os.Getenv)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, log, err := open(ctx, c)
	if err != nil {
		return err
	}
	defer models.Close(db)
	m, stopMetrics, err := startMetrics(c.metricsAddr, db, log, stdout)
	if err != nil {
		return err
	}
	defer stopMetrics()
	blobs, err := blob.Open(ctx, c.blobURL())
	if err != nil {
		return err
	}
	runner, err := jobs.Start(ctx, c.databaseURL, db, periods, log, blobs, m.JobDone)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "talksafe is working the background jobs")
	<-ctx.Done()
	log.Info("shutting down")
	stopJobs(runner, log)
	return nil
}

// retention purges what is past its retention period now, as the schema's
// owner (MIGRATE_DATABASE_URL), who alone may delete from the audit log;
// with --dry-run it prints what would go and deletes nothing.
func retention(ctx context.Context, args []string, stdout io.Writer) error {
	var c config
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	c.flags(fs)
	dryRun := fs.Bool("dry-run", false, "print what would be deleted, delete nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	periods, err := models.RetentionPeriodsFrom(os.Getenv)
	if err != nil {
		return err
	}
	db, _, err := open(ctx, c)
	if err != nil {
		return err
	}
	models.Close(db)
	owner, err := models.Open(ctx, c.ownerURL())
	if err != nil {
		return err
	}
	defer models.Close(owner)
	counts, err := models.PurgeRetention(ctx, owner, periods, models.PurgeOptions{DryRun: *dryRun})
	if *dryRun {
		fmt.Fprintln(stdout, "Dry run: nothing is deleted. Past its retention period:")
	} else {
		fmt.Fprintln(stdout, "Deleted, past its retention period:")
	}
	for _, pc := range counts {
		switch {
		case pc.Skipped:
			fmt.Fprintf(stdout, "  %-14s %-17s skipped: only the schema's owner may delete from the audit log (set MIGRATE_DATABASE_URL)\n", pc.Class, pc.Table)
		default:
			fmt.Fprintf(stdout, "  %-14s %-17s %d\n", pc.Class, pc.Table, pc.Count)
		}
	}
	return err
}
