//go:build soak

// The soak test: `make soak`. It runs talksafe as production would run it,
// scaled out: its own PostgreSQL cluster on a free loopback port, three
// `talksafe serve` processes (the binary built from this tree, each on its
// own loopback port, the same SESSION_SECRET, TRUST_PROXY on) and HAProxy
// in front of them (round robin, health check on /readyz). SOAK_CLIENTS
// (200) clients, each logged in and coming from an address of its own, work
// through HAProxy for SOAK_SECONDS (60): people sending chat messages,
// paging chats, downloading exports and filing reports, and SOAK_MODERATORS
// (10) of them moderators who press Start reviewing and decide the case they
// are handed. Along the way:
//
//   - at 10 s a burst of 30 wrong-password log-ins for one account, spread
//     over the three instances directly;
//   - at 20 s the cluster crashes (immediate stop) and starts again 7.5 s later;
//   - at 35 s one instance is killed (SIGKILL) and started again 3 s later.
//
// It then checks that every acknowledged message, report and decision is
// stored exactly once (and nothing unacknowledged twice); that Start
// reviewing never handed one case to two moderators; that the log-in burst
// was limited as one throttle, not three; that each periodic job was
// inserted once, and that a batch of 90 jobs is worked by all three
// instances, each job once; that no session was lost moving
// between instances; that 5xx answers came only during the two outages and
// were all 503 with Retry-After and a page that says to try again (none
// 500), and so did any request left without an answer (a connection cut
// mid-answer; a POST is sent again, as browsers do, only when the kept-alive
// connection it reused closed before any answer); that /readyz said 503 while the database was down; and that all
// three instances serve at the end. It prints the figures, phase by phase.
package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
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
	"talksafe/models/jobs"
)

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// freePort is a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
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
		"-o", fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c max_connections=200", c.port, c.data))
}

// crash stops the cluster as a power cut would: no checkpoint, recovery
// from the WAL at the next start.
func (c *cluster) crash() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop")
}

func newCluster(t *testing.T, dir string) *cluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if p, err := exec.LookPath("initdb"); err == nil {
		bins = append(bins, p)
	}
	if len(bins) == 0 {
		t.Fatal("PostgreSQL's programs (initdb, pg_ctl) are not installed: the soak test runs its own cluster (.dev/ensure-tools soak)")
	}
	slices.Sort(bins)
	c := &cluster{t: t, bin: filepath.Dir(bins[len(bins)-1]), port: freePort(t)}
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
	c.run("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
	c.start()
	t.Cleanup(func() {
		cmd := append(slices.Clone(c.asPostgres), filepath.Join(c.bin, "pg_ctl"), "-D", c.data, "-m", "immediate", "stop")
		_ = exec.Command(cmd[0], cmd[1:]...).Run()
	})
	return c
}

// instance is one `talksafe serve` process.
type instance struct {
	name string
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

func (in *instance) url() string { return fmt.Sprintf("http://127.0.0.1:%d", in.port) }

// startInstance starts in's process and waits until its /readyz says 200.
func startInstance(t *testing.T, bin, dir string, env []string, in *instance) {
	t.Helper()
	logf, err := os.OpenFile(filepath.Join(dir, in.name+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", in.port))
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in.cmd, in.done = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(in.done) }()
	hc := &http.Client{Timeout: 2 * time.Second}
	for deadline := time.Now().Add(60 * time.Second); ; {
		if res, err := hc.Get(in.url() + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-in.done:
			t.Fatalf("instance %s stopped at start; its log is in %s", in.name, dir)
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("instance %s did not become ready; its log is in %s", in.name, dir)
		}
	}
}

// kill ends in's process as a crash would.
func (in *instance) kill() {
	_ = in.cmd.Process.Kill()
	<-in.done
}

// haproxyConfig is the load balancer in front of the instances: round
// robin per request, an instance out of rotation after two failed /readyz
// checks 500 ms apart and back after two good ones. A request that could
// not connect goes to another instance; a GET whose instance died before
// answering is sent again, a POST never (it may have been done). The
// errors HAProxy itself answers (no instance up, an instance died
// mid-answer, no answer in time) are the 503 page with Retry-After, marked
// X-LB-Error for the figures.
const haproxyConfig = `global
	maxconn 4000
	log stderr format raw local0

defaults
	mode http
	log global
	option httplog
	option dontlog-normal
	timeout connect 1s
	timeout client 30s
	timeout server 12s
	timeout http-request 10s
	timeout http-keep-alive 10s
	timeout check 2s
	option forwardfor
	option redispatch 1
	retries 3
	retry-on conn-failure empty-response response-timeout
	errorfile 502 {{dir}}/502.http
	errorfile 503 {{dir}}/503.http
	errorfile 504 {{dir}}/504.http

frontend web
	bind 127.0.0.1:{{port}}
	default_backend talksafe

backend talksafe
	balance roundrobin
	option httpchk GET /readyz
	http-check expect status 200
	http-request disable-l7-retry unless METH_GET
	http-response set-header X-Instance %[srv_name]
	default-server inter 500ms fall 2 rise 2
{{servers}}
listen stats
	bind 127.0.0.1:{{statsport}}
	stats enable
	stats uri /stats
`

// lbErrorPage is what HAProxy answers for error status: 503, Retry-After,
// and the words of the portal's own 503 page in both languages (HAProxy
// cannot know the reader's).
func lbErrorPage(status int) string {
	body := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Briefly unavailable · talksafe</title></head>` +
		`<body><h1>Briefly unavailable</h1><p>The service is briefly unavailable. Please try again in a few seconds.</p>` +
		`<h1 lang="ko">잠시 이용할 수 없습니다</h1><p lang="ko">서비스를 잠시 이용할 수 없습니다. 몇 초 뒤에 다시 시도하세요.</p></body></html>`
	return "HTTP/1.1 503 Service Unavailable\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n" +
		"Cache-Control: no-store\r\n" +
		"Retry-After: 5\r\n" +
		"X-LB-Error: " + strconv.Itoa(status) + "\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n" +
		"Connection: close\r\n\r\n" + body
}

// lb is the running HAProxy.
type lb struct {
	port, statsPort int
	cmd             *exec.Cmd
}

func startHAProxy(t *testing.T, dir string, instances []*instance) *lb {
	t.Helper()
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		t.Fatal("haproxy is not installed: .dev/ensure-tools soak installs it")
	}
	l := &lb{port: freePort(t), statsPort: freePort(t)}
	var servers strings.Builder
	for _, in := range instances {
		fmt.Fprintf(&servers, "\tserver %s 127.0.0.1:%d check\n", in.name, in.port)
	}
	cfg := strings.NewReplacer("{{dir}}", dir, "{{port}}", strconv.Itoa(l.port), "{{statsport}}", strconv.Itoa(l.statsPort),
		"{{servers}}", servers.String()).Replace(haproxyConfig)
	for _, status := range []int{502, 503, 504} {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d.http", status)), []byte(lbErrorPage(status)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfgPath := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-c", "-f", cfgPath).CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c: %v\n%s", err, out)
	}
	logf, err := os.Create(filepath.Join(dir, "haproxy.log"))
	if err != nil {
		t.Fatal(err)
	}
	l.cmd = exec.Command(bin, "-db", "-f", cfgPath)
	l.cmd.Stdout, l.cmd.Stderr = logf, logf
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.cmd.Process.Kill(); _ = l.cmd.Wait(); logf.Close() })
	for deadline := time.Now().Add(30 * time.Second); ; {
		if l.allUp(len(instances)) {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatalf("haproxy did not see the instances up: %v", l.status())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// allUp reports whether HAProxy has all n instances in rotation.
func (l *lb) allUp(n int) bool {
	up := l.status()
	for _, ok := range up {
		if !ok {
			return false
		}
	}
	return len(up) == n
}

// status is whether HAProxy has each instance in rotation (its stats, CSV).
func (l *lb) status() map[string]bool {
	hc := &http.Client{Timeout: 2 * time.Second}
	res, err := hc.Get(fmt.Sprintf("http://127.0.0.1:%d/stats;csv", l.statsPort))
	if err != nil {
		return nil
	}
	defer res.Body.Close()
	rows, err := csv.NewReader(res.Body).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimPrefix(h, "# ")] = i
	}
	up := map[string]bool{}
	for _, r := range rows[1:] {
		if r[col["pxname"]] == "talksafe" && r[col["svname"]] != "BACKEND" {
			up[r[col["svname"]]] = strings.HasPrefix(r[col["status"]], "UP")
		}
	}
	return up
}

// outcome of one request.
type outcome struct {
	kind       string
	start, end time.Time
	status     int    // 0 for a transport error
	err        string // the transport error
	instance   string // X-Instance: the instance that answered, "" for HAProxy
	lbError    string // X-LB-Error: the error HAProxy answered in place of an instance
	retryAfter bool
	tryAgain   bool // a 503 page that says to try again
	loggedOut  bool // a logged-in page sent to the log-in page
	resent     bool // sent again on a new connection after a reused one closed without an answer
}

// soakClient is one logged-in person.
type soakClient struct {
	http  *http.Client
	base  string
	name  string
	room  int64
	posts []int64
	out   []outcome
	sent  map[string]bool // message token -> answered with success
	filed map[string]bool // report token -> answered with success
	// moderators
	decided map[string]bool  // decision token -> answered with success
	handed  map[int64]bool   // cases Start reviewing handed them
	cases   map[string]int64 // decision token -> its case
	claims  []int64          // in order
}

var tryAgain = regexp.MustCompile(`(?i)try again`)

func (c *soakClient) do(kind, method, path string, form url.Values, header map[string]string) (int, string, http.Header) {
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
	if method == http.MethodPost {
		// A browser sends a request again, once, when the kept-alive
		// connection it reused closes before any answer (HAProxy closes
		// it so when the instance's connection it reused did the same, so
		// that the client may resend). Go's client does that only for a
		// GET, or for a request marked idempotent: a nil Idempotency-Key
		// marks it and sends nothing. Were such a resend unsafe, the
		// exactly-once checks would see the duplicate.
		req.Header["Idempotency-Key"] = nil
	}
	o := outcome{kind: kind, start: time.Now()}
	attempts := 0
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { attempts++ }}))
	res, err := c.http.Do(req)
	o.resent = attempts > 1
	var text string
	var h http.Header
	if err != nil {
		o.err = err.Error()
	} else {
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		o.status, text, h = res.StatusCode, string(b), res.Header
		if err != nil { // the answer was cut short: the client has no answer
			o.status, o.err = 0, fmt.Sprintf("answer %d cut short: %v", res.StatusCode, err)
		}
		o.instance, o.lbError = h.Get("X-Instance"), h.Get("X-LB-Error")
		o.retryAfter = h.Get("Retry-After") != ""
		o.tryAgain = o.status == http.StatusServiceUnavailable && tryAgain.MatchString(text)
		o.loggedOut = o.status == http.StatusSeeOther && strings.HasPrefix(h.Get("Location"), "/login")
	}
	o.end = time.Now()
	c.out = append(c.out, o)
	return o.status, text, h
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

func (c *soakClient) login() error {
	_, page, _ := c.do("login", http.MethodGet, "/login", nil, nil)
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("no CSRF token on the log-in page")
	}
	status, _, _ := c.do("login", http.MethodPost, "/login", url.Values{"_csrf": {m[1]}, "name": {c.name}, "password": {soakPassword}}, nil)
	if status != http.StatusSeeOther {
		return fmt.Errorf("log in as %s: %d", c.name, status)
	}
	return nil
}

const soakPassword = "soak test password"

func pause(ctx context.Context, rng *rand.Rand) {
	select {
	case <-ctx.Done():
	case <-time.After(time.Duration(50+rng.IntN(100)) * time.Millisecond):
	}
}

// work is a person's load: mostly sending messages, then reading chats,
// downloading exports and now and then reporting a post.
func (c *soakClient) work(ctx context.Context, id int, rng *rand.Rand) {
	seq := 0
	for ctx.Err() == nil {
		token := map[string]string{"X-CSRF-Token": c.csrf()}
		switch p := rng.IntN(100); {
		case p < 60:
			seq++
			body := fmt.Sprintf("soak %d-%d", id, seq)
			token["HX-Request"] = "true"
			// The message box's key, new for each message as the box is after
			// a send; a resend of the request carries it again.
			form := url.Values{"body": {body}, "send_key": {models.NewSendKey()}}
			status, _, _ := c.do("send", http.MethodPost, fmt.Sprintf("/chats/%d/messages", c.room), form, token)
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
			status, _, h := c.do("report", http.MethodPost, fmt.Sprintf("/report/post/%d", post),
				url.Values{"reasons": {"spam"}, "detail": {detail}}, token)
			c.filed[detail] = status == http.StatusSeeOther
			c.follow(status, h)
		}
		pause(ctx, rng)
	}
}

// follow gets the page a 303 sends to, as a browser would (it takes the
// flash the answer left).
func (c *soakClient) follow(status int, h http.Header) {
	if to := h.Get("Location"); status == http.StatusSeeOther && strings.HasPrefix(to, "/") {
		c.do("follow", http.MethodGet, to, nil, nil)
	}
}

var reviewPath = regexp.MustCompile(`^/mod/cases/(\d+)\?review=1$`)

// moderate is a moderator's load: Start reviewing, then decide the case
// handed over (no violation, with a note that names the decision).
func (c *soakClient) moderate(ctx context.Context, id int, rng *rand.Rand) {
	seq := 0
	for ctx.Err() == nil {
		token := map[string]string{"X-CSRF-Token": c.csrf()}
		status, _, h := c.do("start", http.MethodPost, "/mod/start", url.Values{}, token)
		m := reviewPath.FindStringSubmatch(h.Get("Location"))
		if status != http.StatusSeeOther || m == nil {
			c.follow(status, h) // the queue, which says it is empty
			pause(ctx, rng)
			continue
		}
		caseID, _ := strconv.ParseInt(m[1], 10, 64)
		c.handed[caseID] = true
		c.claims = append(c.claims, caseID)
		c.follow(status, h) // the case page
		if ctx.Err() != nil {
			break
		}
		seq++
		note := fmt.Sprintf("soak decision %d-%d", id, seq)
		status, _, h = c.do("decide", http.MethodPost, fmt.Sprintf("/mod/cases/%d/decide", caseID),
			url.Values{"kind": {"no_violation"}, "internal_note": {note}}, token)
		c.decided[note] = status == http.StatusSeeOther
		c.cases[note] = caseID
		c.follow(status, h) // the case page again, with the flash that says it is decided
		pause(ctx, rng)
	}
}

// newClient is a client that connects from its own loopback address (so
// that HAProxy's X-Forwarded-For names it, as it would name a person's) and
// keeps its cookies; redirects are not followed.
func newClient(base, name string, from net.IP) *soakClient {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: from}, Timeout: 5 * time.Second}
	jar, _ := cookiejar.New(nil)
	return &soakClient{base: base, name: name, sent: map[string]bool{}, filed: map[string]bool{},
		decided: map[string]bool{}, handed: map[int64]bool{}, cases: map[string]int64{},
		http: &http.Client{Jar: jar, Timeout: 15 * time.Second,
			Transport:     &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// clientIP is client i's loopback address: 127.1.x.y.
func clientIP(i int) net.IP { return net.IPv4(127, 1, byte(i/250), byte(i%250+1)) }

// loginBurst sends n wrong-password log-ins for name at once, spread over
// the instances directly (not through HAProxy, so that each takes its
// share), and returns how many were let through to the password check (not
// 429) and how long the burst took.
func loginBurst(t *testing.T, instances []*instance, name string, n int) (admitted int, statuses map[int]int, took time.Duration) {
	var mu sync.Mutex
	statuses = map[int]int{}
	var wg sync.WaitGroup
	clients := make([]*soakClient, n)
	tokens := make([]string, n)
	for i := range clients {
		clients[i] = newClient(instances[i%len(instances)].url(), name, net.IPv4(127, 2, 0, 1))
		_, page, _ := clients[i].do("burst", http.MethodGet, "/login", nil, nil)
		if m := csrfField.FindStringSubmatch(page); m != nil {
			tokens[i] = m[1]
		}
	}
	began := time.Now()
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _, _ := c.do("burst", http.MethodPost, "/login",
				url.Values{"_csrf": {tokens[i]}, "name": {name}, "password": {"not the password"}}, nil)
			mu.Lock()
			statuses[status]++
			if status != http.StatusTooManyRequests {
				admitted++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return admitted, statuses, time.Since(began)
}

// burstAllowance is how many failed log-ins one throttle (NameLoginPolicy)
// lets through in a burst that lasted took: the free ones and one more,
// then one more for each doubling wait (1 s, 2 s, 4 s, ...) that fits in
// the burst, up to the lock.
func burstAllowance(took time.Duration) int {
	p := models.NameLoginPolicy
	n := p.Free + 1
	for k := 1; n < p.Lock && math.Pow(2, float64(k))-1 <= took.Seconds(); k++ {
		n++
	}
	return n
}

// window is a stretch of the run, from and to measured from its start.
type window struct{ from, to time.Time }

func (w window) holds(o outcome) bool { return !o.end.Before(w.from) && !o.start.After(w.to) }

func TestSoak(t *testing.T) {
	clients := envInt("SOAK_CLIENTS", 200)
	moderators := min(envInt("SOAK_MODERATORS", 10), clients/2)
	people := clients - moderators
	duration := time.Duration(envInt("SOAK_SECONDS", 60)) * time.Second
	const seededPerPerson, postsPerPerson = 4, 4 // reports filed before the load (the moderators' queue), posts to report during it
	const burstSize = 30

	dir, err := os.MkdirTemp("", "talksafe-soak-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() || os.Getenv("SOAK_KEEP") != "" {
			t.Logf("logs of the instances, HAProxy (its abnormal sessions) and PostgreSQL kept in %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "talksafe")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build talksafe: %v\n%s", err, out)
	}

	pg := newCluster(t, dir)
	ownerURL := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/talksafe?sslmode=disable", pg.port)
	servingURL := fmt.Sprintf("postgres://%s@127.0.0.1:%d/talksafe?sslmode=disable&connect_timeout=5", models.DefaultServingRole, pg.port)
	env := append(os.Environ(),
		"MIGRATE_DATABASE_URL="+ownerURL,
		"DATABASE_URL="+servingURL,
		"SESSION_SECRET=soak-test-session-secret-0123456789abcdef",
		"BASE_URL=http://localhost",
		"SECURE_COOKIES=false",
		"TRUST_PROXY=true",
		"TALKSAFE_DEV=false",
		"LOG_LEVEL=error")
	models.HashParams = models.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

	instances := []*instance{{name: "a"}, {name: "b"}, {name: "c"}}
	for _, in := range instances {
		in.port = freePort(t)
	}
	t.Cleanup(func() {
		for _, in := range instances {
			if in.cmd != nil {
				in.kill()
			}
		}
	})
	startInstance(t, bin, dir, env, instances[0]) // migrates first, alone
	for _, in := range instances[1:] {
		startInstance(t, bin, dir, env, in)
	}
	balancer := startHAProxy(t, dir, instances)
	base := fmt.Sprintf("http://127.0.0.1:%d", balancer.port)

	// The world: each person a user with a chat room, posts to report, and
	// reports already filed, one case each, for the moderators.
	ctx := context.Background()
	owner, err := models.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(owner)
	mk := func(name string, role models.Role) int64 {
		in := models.SignUp{Name: name, Password: soakPassword, Confirm: soakPassword}
		var u *models.User
		var err error
		if role == models.RoleUser {
			u, err = models.CreateUser(ctx, owner, in)
		} else {
			u, err = models.CreateStaffFromCommandLine(ctx, owner, models.StaffSignUp{SignUp: in, Role: role})
		}
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	author := mk("soak.author", models.RoleUser)
	mk("soak.burst", models.RoleUser)
	room := models.OpenChatRoom{Name: "Soak room", Description: "Posts to report."}
	if err := owner.Create(&room).Error; err != nil {
		t.Fatal(err)
	}
	if _, _, err := models.JoinOpenChat(ctx, owner, author, room.ID); err != nil {
		t.Fatal(err)
	}
	perPerson := seededPerPerson + postsPerPerson
	if err := owner.Exec(`INSERT INTO board_posts (room_id, author_id, title, body)
		SELECT ?, ?, 'Post ' || n, 'Buy cheap followers now ' || n FROM generate_series(1, ?) n`,
		room.ID, author, people*perPerson).Error; err != nil {
		t.Fatal(err)
	}
	var posts []int64
	owner.Raw("SELECT id FROM board_posts ORDER BY id").Scan(&posts)
	cs := make([]*soakClient, clients)
	var setup sync.WaitGroup
	var setupErr error
	var setupMu sync.Mutex
	fail := func(err error) {
		setupMu.Lock()
		defer setupMu.Unlock()
		if setupErr == nil {
			setupErr = err
		}
	}
	sem := make(chan struct{}, 8)
	for i := range cs {
		setup.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; setup.Done() }()
			if i >= people {
				name := fmt.Sprintf("soak.mod%02d", i-people)
				mk(name, models.RoleModerator)
				cs[i] = newClient(base, name, clientIP(i))
			} else {
				name := fmt.Sprintf("soak%04d", i)
				uid := mk(name, models.RoleUser)
				mk(fmt.Sprintf("pal%04d", i), models.RoleUser)
				roomID, err := models.StartChat(ctx, owner, uid, fmt.Sprintf("pal%04d", i), "")
				if err != nil {
					fail(err)
					return
				}
				if _, _, err := models.JoinOpenChat(ctx, owner, uid, room.ID); err != nil {
					fail(err)
					return
				}
				mine := posts[i*perPerson : (i+1)*perPerson]
				for _, post := range mine[:seededPerPerson] {
					if _, _, err := models.FileReport(ctx, owner, uid, models.ReportInput{Type: models.SubjectPost, ID: post,
						Reasons: []string{"spam"}, Detail: "seeded report"}); err != nil {
						fail(err)
						return
					}
				}
				cs[i] = newClient(base, name, clientIP(i))
				cs[i].room, cs[i].posts = roomID, mine[seededPerPerson:]
			}
			if err := cs[i].login(); err != nil {
				fail(err)
			}
		}()
	}
	setup.Wait()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	for _, c := range cs {
		c.out = nil // the log-ins were set-up, not load
	}

	// Every 100 ms: each instance's /readyz, directly, and HAProxy's view.
	type probe struct {
		at    time.Time
		ready map[string]int // instance -> /readyz status (0: no answer)
		up    map[string]bool
	}
	var probes []probe
	var probesMu sync.Mutex
	probeCtx, stopProbes := context.WithCancel(ctx)
	probesDone := make(chan struct{})
	go func() {
		defer close(probesDone)
		hc := &http.Client{Timeout: 2 * time.Second}
		for probeCtx.Err() == nil {
			p := probe{at: time.Now(), ready: map[string]int{}, up: balancer.status()}
			for _, in := range instances {
				if res, err := hc.Get(in.url() + "/readyz"); err == nil {
					res.Body.Close()
					p.ready[in.name] = res.StatusCode
				}
			}
			probesMu.Lock()
			probes = append(probes, p)
			probesMu.Unlock()
			select {
			case <-probeCtx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	}()

	// The load, and the faults along it.
	began := time.Now()
	// at is a moment of a 60 s run, scaled to the run's duration.
	at := func(d time.Duration) time.Duration { return time.Duration(float64(duration) * d.Seconds() / 60) }
	loadCtx, stopLoad := context.WithTimeout(ctx, duration)
	defer stopLoad()
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			if i >= people {
				c.moderate(loadCtx, i, rng)
			} else {
				c.work(loadCtx, i, rng)
			}
		}()
	}
	sleepUntil := func(d time.Duration) { time.Sleep(time.Until(began.Add(d))) }

	sleepUntil(at(10 * time.Second))
	burstAt := time.Now()
	admitted, burstStatuses, burstTook := loginBurst(t, instances, "soak.burst", burstSize)

	sleepUntil(at(20 * time.Second))
	crashAt := time.Now()
	pg.crash()
	crashed := time.Now()
	time.Sleep(at(7500 * time.Millisecond))
	restartAt := time.Now()
	pg.start()
	restarted := time.Now()

	victim := instances[1]
	sleepUntil(at(35 * time.Second))
	// The two faults apart: the kill waits, if it must, until HAProxy has
	// every instance back after the database's restart.
	allBack := balancer.allUp(len(instances))
	for deadline := time.Now().Add(30 * time.Second); !allBack && time.Now().Before(deadline); allBack = balancer.allUp(len(instances)) {
		time.Sleep(20 * time.Millisecond)
	}
	killAt := time.Now()
	victim.kill()
	time.Sleep(at(3 * time.Second))
	relaunchAt := time.Now()
	startInstance(t, bin, dir, env, victim)
	relaunched := time.Now()

	wg.Wait()
	ended := time.Now()
	// Let the probes see HAProxy take the instance back if the load ended first.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		probesMu.Lock()
		last := probes[len(probes)-1]
		probesMu.Unlock()
		if last.at.After(relaunched) && last.up[victim.name] {
			break
		}
	}
	stopProbes()
	<-probesDone

	// Readiness: every instance said 503 while the database was down;
	// when did all say 200 again, and when did HAProxy have them all?
	var downOK, downWrong int
	var dbReady, dbInRotation, victimOut, victimBack time.Time
	for _, p := range probes {
		allReady, allUp := len(p.ready) == len(instances), len(p.up) == len(instances)
		for _, in := range instances {
			allReady = allReady && p.ready[in.name] == http.StatusOK
			allUp = allUp && p.up[in.name]
		}
		switch {
		case p.at.After(crashed) && p.at.Before(restartAt):
			for _, status := range p.ready {
				if status == http.StatusServiceUnavailable {
					downOK++
				} else {
					downWrong++
				}
			}
		case p.at.After(restarted) && p.at.Before(killAt):
			if allReady && dbReady.IsZero() {
				dbReady = p.at
			}
			if allUp && dbInRotation.IsZero() {
				dbInRotation = p.at
			}
		case p.at.After(killAt):
			if !p.up[victim.name] && victimOut.IsZero() {
				victimOut = p.at
			}
			if p.at.After(relaunched) && p.up[victim.name] && victimBack.IsZero() {
				victimBack = p.at
			}
		}
	}
	if downOK == 0 || downWrong > 0 {
		t.Errorf("/readyz while the database was down: %d x 503, %d x something else", downOK, downWrong)
	}
	if dbInRotation.IsZero() { // HAProxy had them all back after the last probe before the kill
		dbInRotation = killAt
	}
	if !allBack {
		t.Errorf("after the database restarted, HAProxy did not have every instance back before the kill")
	}
	if dbReady.IsZero() { // the probes missed it: HAProxy's checks saw it first
		dbReady = dbInRotation
	}
	if victimBack.IsZero() {
		t.Errorf("HAProxy never took instance %s back after it was started again", victim.name)
		victimBack = ended
	}

	// The outages: from the crash until HAProxy had every instance again;
	// from the kill until HAProxy had the instance again.
	dbDown := window{crashAt, dbInRotation}
	instanceDown := window{killAt, victimBack}
	type phase struct {
		name string
		w    window
	}
	phases := []phase{
		{"steady", window{began, crashAt}},
		{"database down", dbDown},
		{"between", window{dbInRotation, killAt}},
		{"instance down", instanceDown},
		{"after", window{victimBack, ended}},
	}
	phaseOf := func(o outcome) int {
		for i := len(phases) - 1; i >= 0; i-- {
			if !o.start.Before(phases[i].w.from) {
				return i
			}
		}
		return 0
	}

	since := func(t time.Time) string { return t.Sub(began).Round(100 * time.Millisecond).String() }
	var all []outcome
	for _, c := range cs {
		all = append(all, c.out...)
	}
	type figures struct {
		requests, ok, app503, lb503, status500, other5xx, transport int
		acks                                                        int
		latencies                                                   []time.Duration
	}
	per := make([]figures, len(phases))
	var total figures
	byKind := map[string]int{}
	var outside, no503Words, noRetryAfter, loggedOut, resent, resentInside int
	for _, o := range all {
		f := &per[phaseOf(o)]
		for _, f := range []*figures{f, &total} {
			f.requests++
			f.latencies = append(f.latencies, o.end.Sub(o.start))
			switch {
			case o.status == 0:
				f.transport++
			case o.status < 400:
				f.ok++
			case o.status == http.StatusServiceUnavailable && o.lbError != "":
				f.lb503++
			case o.status == http.StatusServiceUnavailable:
				f.app503++
			case o.status == http.StatusInternalServerError:
				f.status500++
			case o.status >= 500:
				f.other5xx++
			}
			if (o.kind == "send" && o.status == http.StatusOK) || (o.kind == "report" || o.kind == "decide") && o.status == http.StatusSeeOther {
				f.acks++
			}
		}
		label := strconv.Itoa(o.status)
		switch {
		case o.status == 0:
			label = "transport error"
		case o.lbError != "":
			label += " from HAProxy (" + o.lbError + ")"
		}
		byKind[o.kind+" "+label]++
		if o.status == 0 || o.status >= 500 {
			if !dbDown.holds(o) && !instanceDown.holds(o) {
				outside++
				if outside <= 5 {
					t.Errorf("%s answered %d %s %s outside the outages, at %s", o.kind, o.status, o.lbError, o.err, o.start.Sub(began).Round(time.Millisecond))
				}
			}
			if o.status != 0 && (o.status != http.StatusServiceUnavailable || !o.retryAfter) {
				noRetryAfter++
			}
			if o.status == http.StatusServiceUnavailable && !o.tryAgain {
				no503Words++
			}
		}
		if o.loggedOut {
			loggedOut++
		}
		if o.resent {
			resent++
			if dbDown.holds(o) || instanceDown.holds(o) {
				resentInside++
			}
		}
	}
	if outside > 0 {
		t.Errorf("%d server errors outside the outages", outside)
	}
	if total.status500 > 0 || total.other5xx > 0 || noRetryAfter > 0 {
		t.Errorf("server errors other than 503 with Retry-After: %d x 500, %d other 5xx, %d without Retry-After",
			total.status500, total.other5xx, noRetryAfter)
	}
	if no503Words > 0 {
		t.Errorf("%d 503 pages do not say to try again", no503Words)
	}

	// Sessions: no one was sent to log in again, and each person's requests
	// went to several instances.
	if loggedOut > 0 {
		t.Errorf("%d requests of logged-in clients were sent to the log-in page: sessions were lost", loggedOut)
	}
	servedByAll := 0
	for _, c := range cs {
		seen := map[string]bool{}
		for _, o := range c.out {
			if o.instance != "" && o.status < 400 {
				seen[o.instance] = true
			}
		}
		if len(seen) == len(instances) {
			servedByAll++
		} else if len(seen) < 2 && len(c.out) >= 10 {
			t.Errorf("client %s was served by %d instance(s) only", c.name, len(seen))
		}
	}
	victimAfter := 0
	for _, o := range all {
		if o.instance == victim.name && o.start.After(relaunched) && o.status < 400 {
			victimAfter++
		}
	}
	if victimAfter == 0 {
		t.Errorf("instance %s, started again, served nothing", victim.name)
	}

	// The throttle: one limit across the instances.
	allowed := burstAllowance(burstTook)
	if admitted > allowed || burstStatuses[http.StatusTooManyRequests] == 0 {
		t.Errorf("log-in burst of %d over %d instances in %s: %d let through (statuses %v); one throttle allows %d",
			burstSize, len(instances), burstTook.Round(time.Millisecond), admitted, burstStatuses, allowed)
	}

	// The writes: each answered one exactly once, none twice.
	check, err := models.Open(ctx, ownerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer models.Close(check)
	var burstFailures int
	check.Raw("SELECT coalesce(sum(failures), 0) FROM login_throttles WHERE key LIKE 'user:%burst%'").Scan(&burstFailures)
	if burstFailures != admitted {
		t.Errorf("the log-in throttle counted %d failures for the burst; %d were let through", burstFailures, admitted)
	}
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
	// A decision is its decisions row: one decision on a spam wave's lead
	// (the seeded posts are one spam, so their reports join one wave) covers
	// every item's case, each case carrying its note.
	decisionsOK, decisionsFailed := verify("decision", `SELECT internal_note AS token, count(*) AS n FROM decisions WHERE internal_note LIKE 'soak decision %' GROUP BY internal_note`,
		func(c *soakClient) map[string]bool { return c.decided })

	// Start reviewing: no case handed to two moderators, by their own
	// account and by the audit log; each decided case decided once, by the
	// moderator it was handed to.
	handedTo := map[int64][]string{}
	claims := 0
	for _, c := range cs {
		for id := range c.handed {
			handedTo[id] = append(handedTo[id], c.name)
		}
		claims += len(c.claims)
	}
	twice := 0
	for id, mods := range handedTo {
		if len(mods) > 1 {
			twice++
			if twice <= 5 {
				t.Errorf("Start reviewing handed case %d to %v", id, mods)
			}
		}
	}
	var auditTwice, decidedTwice, wrongHands int64
	check.Raw(`SELECT count(*) FROM (SELECT subject_id FROM audit_events WHERE action = 'case.claim'
		GROUP BY subject_id HAVING count(DISTINCT actor_id) > 1) x`).Scan(&auditTwice)
	check.Raw(`SELECT count(*) FROM (SELECT subject_id FROM audit_events WHERE action = 'case.decide'
		GROUP BY subject_id HAVING count(*) > 1) x`).Scan(&decidedTwice)
	check.Raw(`SELECT count(*) FROM cases c JOIN audit_events a ON a.action = 'case.claim' AND a.subject_id = c.id
		WHERE c.resolved_by IS NOT NULL AND c.resolved_by <> a.actor_id`).Scan(&wrongHands)
	if twice > 0 || auditTwice > 0 || decidedTwice > 0 || wrongHands > 0 {
		t.Errorf("cases handed to two moderators: %d by the clients, %d by the audit log; decided twice: %d; decided by another than the holder: %d",
			twice, auditTwice, decidedTwice, wrongHands)
	}

	// Jobs: each periodic job was inserted once in each of its periods that
	// the run touched (through the crash and the kill, whichever instance
	// led; a run that crosses a five-minute mark starts the five-minute jobs'
	// next period), and a batch of jobs is worked by every instance, each job
	// once.
	for kind, every := range map[string]time.Duration{jobs.KindCleanup: jobs.CleanupEvery, jobs.KindRetention: jobs.RetentionEvery,
		jobs.KindRestrictionEnd: jobs.RestrictionEndEvery, jobs.KindStatsRollup: jobs.StatsRollupEvery,
		jobs.KindCaseCounts: jobs.CaseCountsEvery, jobs.KindLegalBlockEnd: jobs.LegalBlockEndEvery} {
		var periods []struct{ N int64 }
		owner.Raw(`SELECT count(*) AS n FROM river_job WHERE kind = ?
			GROUP BY date_bin(make_interval(secs => ?), created_at, timestamptz '2000-01-01 00:00+00')`, kind, every.Seconds()).Scan(&periods)
		if len(periods) == 0 || len(periods) > 2 {
			t.Errorf("%s jobs in %d periods of %s, want 1 or 2 (a run of a minute)", kind, len(periods), every)
		}
		for _, p := range periods {
			if p.N != 1 {
				t.Errorf("%d %s jobs in one period of %s, want 1", p.N, kind, every)
			}
		}
	}
	const batch = 90
	if err := owner.Exec(`INSERT INTO river_job (args, kind, max_attempts, priority, queue, state, scheduled_at)
		SELECT '{}', 'restriction_ends', 5, 1, 'default', 'available', now() FROM generate_series(1, ?)`, batch).Error; err != nil {
		t.Fatal(err)
	}
	owner.Exec(`SELECT pg_notify('river_insert', '{"queue": "default"}')`)
	var jobsDone, jobsAgain, jobClients int64
	for deadline := time.Now().Add(60 * time.Second); ; {
		owner.Raw("SELECT count(*) FROM river_job WHERE kind = 'restriction_ends' AND state = 'completed'").Scan(&jobsDone)
		if jobsDone >= batch+1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	owner.Raw("SELECT count(*) FROM river_job WHERE kind = 'restriction_ends' AND attempt <> 1").Scan(&jobsAgain)
	owner.Raw(`SELECT count(DISTINCT attempted_by[array_upper(attempted_by, 1)]) FROM river_job
		WHERE kind = 'restriction_ends' AND created_at > now() - interval '2 minutes'`).Scan(&jobClients)
	if jobsDone < batch+1 || jobsAgain > 0 || jobClients < 3 {
		t.Errorf("jobs: %d of %d done, %d run more than once, worked by %d instances (want all 3)", jobsDone, batch+1, jobsAgain, jobClients)
	}

	// Every instance serves at the end, through HAProxy and directly.
	for _, in := range instances {
		c := newClient(in.url(), cs[0].name, clientIP(0))
		c.http.Jar = cs[0].http.Jar // cookies are the host's, whatever the port
		if status, _, _ := c.do("after", http.MethodGet, "/chats", nil, nil); status != http.StatusOK {
			t.Errorf("after the run, instance %s answers /chats with %d", in.name, status)
		}
	}

	pct := func(l []time.Duration, p float64) time.Duration {
		if len(l) == 0 {
			return 0
		}
		slices.Sort(l)
		return l[min(len(l)-1, int(p*float64(len(l))))].Round(time.Millisecond)
	}
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range byKind {
			if !yield(k) {
				return
			}
		}
	})
	var r strings.Builder
	fmt.Fprintf(&r, "soak: %d clients (%d people, %d moderators) for %s through HAProxy to 3 instances, one private PostgreSQL (%s)\n",
		clients, people, moderators, ended.Sub(began).Round(time.Second), pg.bin)
	fmt.Fprintf(&r, "  requests %d (%.0f/s), successes %d; 503 from the instances %d, 503 from HAProxy %d; 500 %d; other 5xx %d; transport errors %d\n",
		total.requests, float64(total.requests)/ended.Sub(began).Seconds(), total.ok, total.app503, total.lb503, total.status500, total.other5xx, total.transport)
	fmt.Fprintf(&r, "  latency p50 %s, p99 %s, max %s\n", pct(total.latencies, 0.5), pct(total.latencies, 0.99), pct(total.latencies, 1))
	fmt.Fprintf(&r, "  %-14s %-13s %8s %8s %8s %8s %6s %9s %6s %9s %9s\n", "phase", "from-to", "requests", "ok", "503 app", "503 lb", "500", "no answer", "acks", "p50", "p99")
	for i, p := range phases {
		f := per[i]
		fmt.Fprintf(&r, "  %-14s %-13s %8d %8d %8d %8d %6d %9d %6d %9s %9s\n", p.name, since(p.w.from)+"-"+since(p.w.to),
			f.requests, f.ok, f.app503, f.lb503, f.status500, f.transport, f.acks, pct(f.latencies, 0.5), pct(f.latencies, 0.99))
	}
	fmt.Fprintf(&r, "  database: crashed at %s, started again %s-%s; all instances /readyz 200 again at %s, all in HAProxy's rotation at %s; /readyz 503 x %d while down\n",
		since(crashAt), since(restartAt), since(restarted), since(dbReady), since(dbInRotation), downOK)
	fmt.Fprintf(&r, "  instance %s: killed at %s, out of rotation at %s, started again %s-%s, back in rotation at %s; served %d requests after\n",
		victim.name, since(killAt), since(victimOut), since(relaunchAt), since(relaunched), since(victimBack), victimAfter)
	fmt.Fprintf(&r, "  log-in burst at %s: %d wrong passwords over 3 instances in %s, %d let through (one throttle allows %d; three would allow %d), statuses %v\n",
		since(burstAt), burstSize, burstTook.Round(time.Millisecond), admitted, allowed, 3*allowed, burstStatuses)
	fmt.Fprintf(&r, "  messages acknowledged %d, all stored once; unacknowledged %d, stored at most once\n", msgsOK, msgsFailed)
	fmt.Fprintf(&r, "  reports acknowledged %d, all stored once; unacknowledged %d, stored at most once\n", reportsOK, reportsFailed)
	fmt.Fprintf(&r, "  decisions acknowledged %d, all stored once; unacknowledged %d, stored at most once; Start reviewing handed %d cases, none to two moderators\n",
		decisionsOK, decisionsFailed, claims)
	fmt.Fprintf(&r, "  sessions: %d of %d clients served by all 3 instances, %d sent to log in again\n", servedByAll, clients, loggedOut)
	fmt.Fprintf(&r, "  jobs: each periodic job inserted once in each of its periods; %d jobs worked by %d instances, %d run more than once\n", jobsDone, jobClients, jobsAgain)
	fmt.Fprintf(&r, "  sent again by the client after a reused connection closed without an answer, as browsers do: %d (%d of them inside the outages)\n",
		resent, resentInside)
	shown := 0
	for _, o := range all {
		if o.status == 0 && shown < 10 {
			shown++
			fmt.Fprintf(&r, "  no answer: %s at %s: %s\n", o.kind, since(o.start), o.err)
		}
	}
	fmt.Fprintf(&r, "  answers by kind:\n")
	for _, k := range kinds {
		fmt.Fprintf(&r, "    %-40s %d\n", k, byKind[k])
	}
	t.Log("\n" + r.String())
}
