//go:build soak

// The soak test: `make soak`. It starts its own PostgreSQL cluster on a
// free loopback port and the real server (serve, as the serving role, the
// migrations as the owner), puts SOAK_CLIENTS (200) logged-in clients on it
// for SOAK_DURATION (60 s) sending chat messages, filing reports, paging
// chats and downloading exports, and restarts the cluster in the middle as
// a crash would (immediate stop). Then it checks that every answered write
// is in the database exactly once, nothing is duplicated, 5xx happened only
// inside the outage, /readyz said 503 during it and 200 after, and the same
// server process serves again; and it prints the figures.
package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	osuser "os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"talksafe/models"
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// cluster is a private PostgreSQL cluster for the test.
type cluster struct {
	t          *testing.T
	bin, data  string
	port       int
	asPostgres []string // the command prefix to run as the postgres user when root
}

func (c *cluster) run(prog string, args ...string) {
	c.t.Helper()
	cmd := append(slices.Clone(c.asPostgres), filepath.Join(c.bin, prog))
	out, err := exec.Command(cmd[0], append(cmd[1:], args...)...).CombinedOutput()
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
}

func (c *cluster) start() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data, "-l", c.data+"/log", "-w", "-t", "60", "start",
		"-o", fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c max_connections=100", c.port, c.data))
}

// crash stops the cluster as a power cut would: no checkpoint, recovery
// from the WAL at the next start.
func (c *cluster) crash() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if p, err := exec.LookPath("initdb"); err == nil {
		bins = append(bins, p)
	}
	if len(bins) == 0 {
		t.Fatal("PostgreSQL's programs (initdb, pg_ctl) are not installed: the soak test runs its own cluster")
	}
	slices.Sort(bins)
	c := &cluster{t: t, bin: filepath.Dir(bins[len(bins)-1])}
	dir, err := os.MkdirTemp("", "talksafe-soak-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c.data = filepath.Join(dir, "pg")
	if err := os.Mkdir(c.data, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 { // PostgreSQL refuses to run as root
		pg, err := osuser.Lookup("postgres")
		if err != nil {
			t.Fatal("running as root and there is no postgres user to run the cluster as")
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		for _, p := range []string{dir, c.data} {
			if err := os.Chown(p, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		c.asPostgres = []string{"runuser", "-u", "postgres", "--"}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	c.run("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
	c.start()
	t.Cleanup(func() {
		cmd := append(slices.Clone(c.asPostgres), filepath.Join(c.bin, "pg_ctl"), "-D", c.data, "-m", "immediate", "stop")
		_ = exec.Command(cmd[0], cmd[1:]...).Run()
	})
	return c
}

// outcome of one request.
type outcome struct {
	kind       string
	start, end time.Time
	status     int    // 0 for a transport error
	err        string // the transport error
}

// soakClient is one logged-in person.
type soakClient struct {
	http  *http.Client
	base  string
	room  int64
	posts []int64
	out   []outcome
	sent  map[string]bool // message token -> answered with success
	filed map[string]bool // report token -> answered with success
}

func (c *soakClient) do(kind, method, path string, form url.Values, header map[string]string) (int, string) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	o := outcome{kind: kind, start: time.Now()}
	res, err := c.http.Do(req)
	var text string
	if err != nil {
		o.err = err.Error()
	} else {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		o.status, text = res.StatusCode, string(b)
	}
	o.end = time.Now()
	c.out = append(c.out, o)
	return o.status, text
}

func (c *soakClient) csrf() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "talksafe_csrf" {
			return ck.Value
		}
	}
	return ""
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (c *soakClient) login(name string) error {
	_, page := c.do("login", http.MethodGet, "/login", nil, nil)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("no CSRF token on the log-in page")
	}
	status, _ := c.do("login", http.MethodPost, "/login", url.Values{"_csrf": {m[1]}, "name": {name}, "password": {soakPassword}}, nil)
	if status != http.StatusSeeOther {
		return fmt.Errorf("log in as %s: %d", name, status)
	}
	return nil
}

const soakPassword = "soak test password"

func (c *soakClient) work(ctx context.Context, id int, rng *rand.Rand) {
	seq := 0
	for ctx.Err() == nil {
		token := map[string]string{"X-CSRF-Token": c.csrf()}
		switch p := rng.IntN(100); {
		case p < 60:
			seq++
			body := fmt.Sprintf("soak %d-%d", id, seq)
			token["HX-Request"] = "true"
			status, _ := c.do("send", http.MethodPost, fmt.Sprintf("/chats/%d/messages", c.room), url.Values{"body": {body}}, token)
			c.sent[body] = status == http.StatusOK
		case p < 75:
			c.do("chats", http.MethodGet, "/chats", nil, nil)
		case p < 87:
			c.do("room", http.MethodGet, fmt.Sprintf("/chats/%d", c.room), nil, nil)
		case p < 95:
			c.do("export", http.MethodGet, fmt.Sprintf("/chats/%d/export/download?format=csv", c.room), nil, nil)
		default:
			if len(c.posts) == 0 {
				continue
			}
			post := c.posts[0]
			c.posts = c.posts[1:]
			detail := fmt.Sprintf("soak report %d-%d", id, post)
			status, _ := c.do("report", http.MethodPost, fmt.Sprintf("/report/post/%d", post),
				url.Values{"reasons": {"spam"}, "detail": {detail}}, token)
			c.filed[detail] = status == http.StatusSeeOther
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(50+rng.IntN(100)) * time.Millisecond):
		}
	}
}

func TestSoak(t *testing.T) {
	clients := envInt("SOAK_CLIENTS", 200)
	duration := time.Duration(envInt("SOAK_SECONDS", 60)) * time.Second
	const postsPerClient = 4

	pg := newCluster(t)
	ownerURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/talksafe?sslmode=disable", pg.port)
	servingURL := fmt.Sprintf("postgres://%s@127.0.0.1:%d/talksafe?sslmode=disable", models.DefaultServingRole, pg.port)
	t.Setenv("MIGRATE_DATABASE_URL", ownerURL)
	t.Setenv("DATABASE_URL", servingURL)
	t.Setenv("SESSION_SECRET", "soak-test-session-secret-0123456789abcdef")
	t.Setenv("BASE_URL", "http://localhost")
	t.Setenv("SECURE_COOKIES", "false")
	t.Setenv("TALKSAFE_DEV", "false")
	t.Setenv("LOG_LEVEL", "error")
	models.HashParams = models.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

	// The server's log goes to a file: the outage fills it.
	logFile, err := os.CreateTemp("", "talksafe-soak-*.log")
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = logFile
	t.Cleanup(func() {
		os.Stderr = stderr
		logFile.Close()
		if !t.Failed() {
			os.Remove(logFile.Name())
		}
	})

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	out := &syncBuffer{}
	served := make(chan error, 1)
	go func() { served <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), out) }()
	addr := regexp.MustCompile(`serving on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(60 * time.Second); base == ""; {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = strings.Replace(m[1], "localhost", "127.0.0.1", 1)
		} else if time.Now().After(deadline) {
			t.Fatalf("the server did not start:\n%s", out.String())
		}
		select {
		case err := <-served:
			t.Fatalf("the server stopped: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
	}

	// The world: each client a user with a chat room, and posts to report.
	owner, err := models.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(owner)
	mk := func(name string) int64 {
		u, err := models.CreateUser(ctx, owner, models.SignUp{Name: name, Password: soakPassword, Confirm: soakPassword})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	author := mk("soak.author")
	room := models.OpenChatRoom{Name: "Soak room", Description: "Posts to report."}
	if err := owner.Create(&room).Error; err != nil {
		t.Fatal(err)
	}
	if _, _, err := models.JoinOpenChat(ctx, owner, author, room.ID); err != nil {
		t.Fatal(err)
	}
	if err := owner.Exec(`INSERT INTO board_posts (room_id, author_id, title, body)
		SELECT ?, ?, 'Post ' || n, 'Buy cheap followers now ' || n FROM generate_series(1, ?) n`,
		room.ID, author, clients*postsPerClient).Error; err != nil {
		t.Fatal(err)
	}
	var posts []int64
	owner.Raw("SELECT id FROM board_posts ORDER BY id").Scan(&posts)
	transport := &http.Transport{MaxIdleConnsPerHost: clients + 10, MaxIdleConns: clients + 10}
	cs := make([]*soakClient, clients)
	for i := range cs {
		uid := mk(fmt.Sprintf("soak%04d", i))
		mk(fmt.Sprintf("pal%04d", i))
		roomID, err := models.StartChat(ctx, owner, uid, fmt.Sprintf("pal%04d", i), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := models.JoinOpenChat(ctx, owner, uid, room.ID); err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		cs[i] = &soakClient{base: base, room: roomID, posts: posts[i*postsPerClient : (i+1)*postsPerClient],
			sent: map[string]bool{}, filed: map[string]bool{},
			http: &http.Client{Jar: jar, Transport: transport, Timeout: 15 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
		if err := cs[i].login(fmt.Sprintf("soak%04d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cs {
		c.out = nil // the log-ins were set-up, not load
	}

	// /readyz every 100 ms, from start to end.
	type probe struct {
		at     time.Time
		status int
	}
	var probes []probe
	var probesMu sync.Mutex
	probeCtx, stopProbes := context.WithCancel(ctx)
	probesDone := make(chan struct{})
	go func() {
		defer close(probesDone)
		hc := &http.Client{Timeout: 5 * time.Second}
		for probeCtx.Err() == nil {
			status := 0
			if res, err := hc.Get(base + "/readyz"); err == nil {
				res.Body.Close()
				status = res.StatusCode
			}
			probesMu.Lock()
			probes = append(probes, probe{time.Now(), status})
			probesMu.Unlock()
			select {
			case <-probeCtx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()

	// The load, and the outage in its middle.
	began := time.Now()
	loadCtx, stopLoad := context.WithTimeout(ctx, duration)
	defer stopLoad()
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.work(loadCtx, i, rand.New(rand.NewPCG(uint64(i), 7)))
		}()
	}
	time.Sleep(duration / 3)
	crashAt := time.Now()
	pg.crash()
	crashed := time.Now()
	time.Sleep(duration / 8)
	restartAt := time.Now()
	pg.start()
	restarted := time.Now()
	wg.Wait()
	ended := time.Now()
	// Let the probes see the recovery if the load ended first.
	for deadline := time.Now().Add(30 * time.Second); ; {
		probesMu.Lock()
		last := probes[len(probes)-1]
		probesMu.Unlock()
		if last.at.After(restarted) && last.status == http.StatusOK || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	stopProbes()
	<-probesDone

	// Readiness: 503 while the database was down, 200 after.
	var recovered time.Time
	var downOK, downWrong int
	for _, p := range probes {
		switch {
		case p.at.After(crashed) && p.at.Before(restartAt):
			if p.status == http.StatusServiceUnavailable {
				downOK++
			} else {
				downWrong++
			}
		case p.at.After(restarted) && p.status == http.StatusOK && recovered.IsZero():
			recovered = p.at
		}
	}
	if downOK == 0 || downWrong > 0 {
		t.Errorf("/readyz during the outage: %d x 503, %d x something else", downOK, downWrong)
	}
	if recovered.IsZero() || probes[len(probes)-1].status != http.StatusOK {
		t.Errorf("/readyz never said 200 again after the restart")
	}

	// The answers: 5xx only for requests that overlapped the outage.
	windowEnd := recovered
	if windowEnd.IsZero() {
		windowEnd = ended
	}
	var all []outcome
	for _, c := range cs {
		all = append(all, c.out...)
	}
	byKind := map[string]int{}
	var latencies []time.Duration
	var successes, fiveInside, fiveOutside int
	for _, o := range all {
		label := strconv.Itoa(o.status)
		if o.status == 0 {
			label = "transport error"
		}
		byKind[o.kind+" "+label]++
		latencies = append(latencies, o.end.Sub(o.start))
		if o.status > 0 && o.status < 400 {
			successes++
		}
		if o.status == 0 || o.status >= 500 {
			if o.end.Before(crashAt) || o.start.After(windowEnd) {
				fiveOutside++
				if fiveOutside <= 5 {
					t.Errorf("%s answered %d (%s) outside the outage, at %s", o.kind, o.status, o.err, o.start.Sub(began).Round(time.Millisecond))
				}
			} else {
				fiveInside++
			}
		}
	}
	if fiveOutside > 0 {
		t.Errorf("%d server errors outside the outage", fiveOutside)
	}

	// The writes: each answered one exactly once, none twice.
	check, err := models.Open(context.Background(), ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(check)
	verify := func(what, query string, ledger func(*soakClient) map[string]bool) (answered, unanswered int) {
		var rows []struct {
			Token string
			N     int
		}
		if err := check.Raw(query).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		stored := map[string]int{}
		for _, r := range rows {
			stored[r.Token] = r.N
		}
		lost, dup, stray := 0, 0, 0
		known := map[string]bool{}
		for _, c := range cs {
			for tok, ok := range ledger(c) {
				known[tok] = true
				switch {
				case stored[tok] > 1:
					dup++
				case ok && stored[tok] == 0:
					lost++
					if lost <= 5 {
						t.Errorf("%s %q was answered with success but is not stored", what, tok)
					}
				}
				if ok {
					answered++
				} else {
					unanswered++
				}
			}
		}
		for tok, n := range stored {
			if !known[tok] {
				stray += n
			}
		}
		if lost > 0 || dup > 0 || stray > 0 {
			t.Errorf("%s: %d lost, %d duplicated, %d stored that no client sent", what, lost, dup, stray)
		}
		return answered, unanswered
	}
	msgsOK, msgsFailed := verify("message", `SELECT body AS token, count(*) AS n FROM chat_messages WHERE body LIKE 'soak %' GROUP BY body`,
		func(c *soakClient) map[string]bool { return c.sent })
	reportsOK, reportsFailed := verify("report", `SELECT detail AS token, count(*) AS n FROM reports WHERE detail LIKE 'soak report %' GROUP BY detail`,
		func(c *soakClient) map[string]bool { return c.filed })

	// The same server process serves again.
	if status, _ := cs[0].do("after", http.MethodGet, "/chats", nil, nil); status != http.StatusOK {
		t.Errorf("after the restart, /chats answers %d", status)
	}
	select {
	case err := <-served:
		t.Fatalf("the server stopped during the test: %v", err)
	default:
	}

	slices.Sort(latencies)
	pct := func(p float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Round(time.Millisecond)
	}
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	var report strings.Builder
	fmt.Fprintf(&report, "soak: %d clients for %s against one server and a private PostgreSQL (%s)\n", clients, ended.Sub(began).Round(time.Second), pg.bin)
	fmt.Fprintf(&report, "  requests %d, successes (2xx/3xx) %d, %.0f req/s\n", len(all), successes, float64(len(all))/ended.Sub(began).Seconds())
	fmt.Fprintf(&report, "  latency p50 %s, p99 %s, max %s\n", pct(0.50), pct(0.99), pct(1))
	fmt.Fprintf(&report, "  database down at %s for %s (crash to restarted); /readyz 503 x %d while down; 200 again %s after the restart (%s after the crash)\n",
		crashAt.Sub(began).Round(time.Millisecond), restarted.Sub(crashAt).Round(time.Millisecond), downOK,
		recovered.Sub(restarted).Round(time.Millisecond), recovered.Sub(crashAt).Round(time.Millisecond))
	fmt.Fprintf(&report, "  5xx or transport errors: %d inside the outage, %d outside\n", fiveInside, fiveOutside)
	fmt.Fprintf(&report, "  messages answered 200: %d, all stored once; not answered with success: %d (stored at most once)\n", msgsOK, msgsFailed)
	fmt.Fprintf(&report, "  reports answered 303: %d, all stored once; not answered with success: %d (stored at most once)\n", reportsOK, reportsFailed)
	fmt.Fprintf(&report, "  answers by kind:\n")
	for _, k := range kinds {
		fmt.Fprintf(&report, "    %-28s %d\n", k, byKind[k])
	}
	if t.Failed() {
		fmt.Fprintf(&report, "  server log: %s\n", logFile.Name())
	}
	t.Log("\n" + report.String())
}
