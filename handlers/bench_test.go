package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"talksafe/models"
	"talksafe/models/testdb"
)

// BenchmarkHomeLoggedIn measures one logged-in page through the real router
// (no network): session lookup, user lookup, CSRF and render.
func BenchmarkHomeLoggedIn(b *testing.B) {
	en := newEnv(b)
	en.user("bench", models.RoleUser)
	c := en.login("bench")
	cookies := c.http.Jar.Cookies(mustURL(en.srv.URL))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			for _, ck := range cookies {
				req.AddCookie(ck)
			}
			rec := httptest.NewRecorder()
			en.e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

// BenchmarkChatRoom opens the newest page of a room and older pages by
// cursor, in a room of 100 messages and in one of 1,000,000: keyset paging
// makes every page cost the same whatever the room's size.
func BenchmarkChatRoom(b *testing.B) {
	en := newEnv(b)
	a := en.user("big.talker", models.RoleUser)
	for _, n := range []string{"small.room", "big.room"} {
		en.user(n, models.RoleUser)
	}
	c := en.login("big.talker")
	rooms := map[string]int64{}
	for _, tc := range []struct {
		name, other string
		n           int
	}{{"100", "small.room", 100}, {"1M", "big.room", 1_000_000}} {
		_, id := c.startChat(tc.other)
		err := en.db.Exec(`INSERT INTO chat_messages (room_id, sender_id, body, created_at)
			SELECT ?, ?, 'message number ' || g, now() - (? - g) * interval '1 second' FROM generate_series(1, ?) g`,
			id, a.ID, tc.n, tc.n).Error
		if err != nil {
			b.Fatal(err)
		}
		rooms[tc.name] = id
	}
	en.db.Exec("ANALYZE chat_messages")
	cookies := c.http.Jar.Cookies(mustURL(en.srv.URL))
	get := func(b *testing.B, path string) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		en.e.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "message number") {
			b.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	for _, size := range []string{"100", "1M"} {
		id := rooms[size]
		var minID, maxID int64
		en.db.Raw("SELECT min(id), max(id) FROM chat_messages WHERE room_id = ?", id).Row().Scan(&minID, &maxID)
		pages := map[string]string{
			"newest": fmt.Sprintf("/chats/%d", id),
			"middle": fmt.Sprintf("/chats/%d?before=%d", id, (minID+maxID)/2),
			"oldest": fmt.Sprintf("/chats/%d?before=%d", id, minID+51),
		}
		for _, page := range []string{"newest", "middle", "oldest"} {
			b.Run(size+"/"+page, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					get(b, pages[page])
				}
			})
		}
	}
}

// heapPeak samples the live heap every few milliseconds until stop is
// closed and returns the highest reading.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// BenchmarkExport downloads a room of 1,000,000 messages in each format over
// real HTTP, each download right after PostgreSQL's own COPY of the same
// rows (pgx CopyTo to io.Discard: the ceiling), so that every ratio is taken
// from two runs side by side on the same machine at the same moment. It
// reports both rates in rows/s, the format's ratio to COPY, the same ratio
// of the machine's busy CPU time (cpu-ratio-to-copy: every process,
// PostgreSQL's included, without the time a shared machine's other tenants
// took, steal-%), the peak heap growth while downloading and the
// allocations per message (the whole process's: server, HTTP client and
// database driver).
func BenchmarkExport(b *testing.B) {
	const messages = 1_000_000
	en := newEnv(b)
	a := en.user("exporter", models.RoleUser)
	en.user("talker", models.RoleUser)
	c := en.login("exporter")
	_, roomID := c.startChat("talker")
	other := en.userID("talker")
	err := en.db.Exec(`INSERT INTO chat_messages (room_id, sender_id, body, created_at)
		SELECT ?::bigint, CASE WHEN g % 3 = 0 THEN ?::bigint ELSE ?::bigint END,
			CASE WHEN g % 10 = 0 THEN E'a message, with "quotes"\nand a second line 🌙' ELSE '메시지 number ' || g || ' of the export benchmark' END,
			now() - (? - g) * interval '20 seconds'
		FROM generate_series(1, ?) g`, roomID, a.ID, other, messages, messages).Error
	if err != nil {
		b.Fatal(err)
	}
	en.db.Exec("VACUUM ANALYZE chat_messages")
	sqlDB, _ := en.db.DB()
	copyRows := func(b *testing.B) time.Duration {
		conn, err := sqlDB.Conn(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close()
		start := time.Now()
		var tag pgconn.CommandTag
		err = conn.Raw(func(dc any) error {
			tag, err = dc.(*stdlib.Conn).Conn().PgConn().CopyTo(b.Context(), io.Discard,
				fmt.Sprintf(`COPY (SELECT id, sender_id, body, created_at FROM chat_messages
					WHERE room_id = %d ORDER BY id) TO STDOUT`, roomID))
			return err
		})
		d := time.Since(start)
		if err != nil || tag.RowsAffected() != messages {
			b.Fatalf("COPY: %v, %d rows", err, tag.RowsAffected())
		}
		return d
	}
	allocs := []metrics.Sample{{Name: "/gc/heap/allocs:objects"}}
	objects := func() uint64 { metrics.Read(allocs); return allocs[0].Value.Uint64() }
	client := c.http
	for _, format := range []string{"text", "csv", "json"} {
		b.Run(format, func(b *testing.B) {
			var peak, objs uint64
			var copying, exporting phase
			runs := 0
			for b.Loop() {
				copying.measure(b, func() time.Duration { return copyRows(b) })
				runtime.GC()
				base := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
				metrics.Read(base)
				stop := make(chan struct{})
				peaks := heapPeak(stop)
				o0 := objects()
				var n int64
				exporting.measure(b, func() time.Duration {
					start := time.Now()
					res, err := client.Get(en.srv.URL + fmt.Sprintf("/chats/%d/export/download?format=%s", roomID, format))
					if err != nil {
						b.Fatal(err)
					}
					n, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if err != nil || res.StatusCode != http.StatusOK || n < 40_000_000 {
						b.Fatalf("status %d, %d bytes, %v", res.StatusCode, n, err)
					}
					return time.Since(start)
				})
				objs += objects() - o0
				close(stop)
				b.SetBytes(n)
				if p := <-peaks; p > base[0].Value.Uint64() {
					peak = max(peak, p-base[0].Value.Uint64())
				}
				runs++
			}
			rows := float64(messages * runs)
			b.ReportMetric(rows/copying.wall.Seconds(), "copy-rows/s")
			b.ReportMetric(rows/exporting.wall.Seconds(), "rows/s")
			b.ReportMetric(copying.wall.Seconds()/exporting.wall.Seconds(), "ratio-to-copy")
			b.ReportMetric(copying.busy.Seconds()/exporting.busy.Seconds(), "cpu-ratio-to-copy")
			b.ReportMetric(100*(copying.steal+exporting.steal).Seconds()/(float64(runtime.NumCPU())*(copying.all+exporting.all).Seconds()), "steal-%")
			b.ReportMetric(float64(objs)/rows, "allocs/msg")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-growth-MB")
		})
	}
}

// BenchmarkFileChatReports files chat-message reports through the real
// router over HTTP from 8 concurrent clients, in a database of 100,000
// users and 1,000,000 messages. Each round files 2,000 reports, each by a
// reporter (1,000 of them, ten rooms each, within the hourly limit) in a
// room of its own, and reports reports/s and the p50 and p99 latency.
// pgbench sends the same statements (testdata/report.pgbench) for as many
// reports from 8 clients over the same database, in rooms of their own,
// taking turns with the HTTP clients chunk by chunk (1,000 reports each), so
// that both meet the machine as it is at that moment: sql-tps is that
// ceiling and ratio-to-sql the HTTP path's share of it. A shared machine's
// other tenants take CPU time from both (steal-%, from /proc/stat); the
// machine's busy CPU time per report (cpu-ms/report, sql-cpu-ms/report:
// every process, PostgreSQL's included, not counting stolen time) does not
// depend on them, and cpu-ratio-to-sql is the rate the HTTP path would keep
// of its SQL's on a machine of its own.
func BenchmarkFileChatReports(b *testing.B) { fileChatReports(b, false) }

// machineCPU is the machine's CPU time so far, from /proc/stat: busy (user,
// nice, system, irq and softirq, every CPU) and stolen by the hypervisor
// for other tenants.
func machineCPU(b *testing.B) (busy, steal time.Duration) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		b.Fatal(err)
	}
	f := strings.Fields(strings.SplitN(string(data), "\n", 2)[0]) // cpu user nice system idle iowait irq softirq steal ...
	if len(f) < 9 || f[0] != "cpu" {
		b.Fatalf("/proc/stat: %q", f)
	}
	tick := func(i int) time.Duration {
		n, err := strconv.ParseInt(f[i], 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		return time.Duration(n) * time.Second / 100 // USER_HZ
	}
	return tick(1) + tick(2) + tick(3) + tick(6) + tick(7), tick(8)
}

// phase is what one side of the comparison used: wall time, the machine's
// busy CPU time and the time stolen from it.
type phase struct{ wall, busy, steal, all time.Duration }

func (p *phase) measure(b *testing.B, run func() time.Duration) {
	busy0, steal0 := machineCPU(b)
	start := time.Now()
	wall := run()
	all := time.Since(start)
	busy1, steal1 := machineCPU(b)
	p.wall += wall
	p.all += all
	p.busy += busy1 - busy0
	p.steal += steal1 - steal0
}

// BenchmarkFileChatReportsWithRules is BenchmarkFileChatReports with the
// 100 rules of `talksafe seed --scale` on or in shadow: each report runs
// them in its transaction.
func BenchmarkFileChatReportsWithRules(b *testing.B) { fileChatReports(b, true) }

func fileChatReports(b *testing.B, withRules bool) {
	const (
		users      = 100_000
		reporters  = 1_000
		roomsEach  = 10
		perRoom    = 20
		clients    = 8
		roundSize  = 2_000
		fillerMsgs = 1_000_000 - reporters*roomsEach*perRoom
	)
	en := newEnv(b)
	hash, err := models.HashPassword("bench password")
	if err != nil {
		b.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO users (name, display_name, password_hash) SELECT 'bench' || g, 'Bench ' || g, '` + hash + `' FROM generate_series(1, 100000) g`,
		// Report rooms: reporter r (users 1..1000) with senders 1001 + r*10 + k.
		`INSERT INTO chat_rooms (user_low, user_high) SELECT r, 1001 + (r - 1) * 10 + k FROM generate_series(1, 1000) r, generate_series(0, 9) k`,
		// Filler rooms between the other users, 20 messages each.
		`INSERT INTO chat_rooms (user_low, user_high) SELECT 20000 + g, 60000 + g FROM generate_series(1, 40000) g`,
		`INSERT INTO chat_members (room_id, user_id, other_id) SELECT id, user_low, user_high FROM chat_rooms
		 UNION ALL SELECT id, user_high, user_low FROM chat_rooms`,
		`INSERT INTO chat_messages (room_id, sender_id, body, created_at)
		 SELECT c.id, CASE WHEN i % 2 = 0 THEN c.user_high ELSE c.user_low END, 'message ' || i || ' in room ' || c.id,
		        now() - (20 - i) * interval '1 minute'
		 FROM chat_rooms c, generate_series(1, 20) i ORDER BY c.id, i`,
		// pgbench's reporters (the filler rooms' first users) and their sessions.
		`INSERT INTO sessions (id_hash, user_id, data, expires_at)
		 SELECT sha256(convert_to('pgbench-' || user_low, 'UTF8')), user_low, '', now() + interval '1 day'
		 FROM chat_rooms WHERE user_low > 20000`,
		`ANALYZE`,
	} {
		if err := en.db.Exec(stmt).Error; err != nil {
			b.Fatalf("%.60s: %v", stmt, err)
		}
	}
	var n int64
	en.db.Raw("SELECT count(*) FROM chat_messages").Scan(&n)
	if n != 1_000_000 {
		b.Fatalf("%d messages", n)
	}
	_ = fillerMsgs
	// The numbering testdata/report.pgbench counts on.
	en.db.Raw(`SELECT count(*) FROM chat_rooms c JOIN chat_messages m ON m.room_id = c.id
		WHERE c.id > 10000 AND c.user_low = 10000 + c.id AND c.user_high = 50000 + c.id
		AND m.id = 200000 + (c.id - 10001) * 20 + 10 AND m.sender_id = c.user_high AND m.body LIKE 'message 10 %'`).Scan(&n)
	if n != 40_000 {
		b.Fatalf("%d filler rooms numbered as report.pgbench expects, want 40000", n)
	}
	if withRules {
		if err := models.AddScaleRules(context.Background(), en.db); err != nil {
			b.Fatal(err)
		}
	}
	var dbName string
	en.db.Raw("SELECT current_database()").Scan(&dbName)
	pgbenchDone := 0 // reports pgbench filed, per client
	pgbench := func(b *testing.B, reports int) time.Duration {
		perClient := reports / clients
		if pgbenchDone+perClient > 5000 {
			b.Fatalf("pgbench is out of prepared reports after %d each", pgbenchDone)
		}
		out, err := exec.Command("pgbench", "-n", "-M", "prepared", "-c", strconv.Itoa(clients), "-j", "2",
			"-t", strconv.Itoa(perClient), "-D", fmt.Sprintf("n=%d", pgbenchDone),
			"-f", "testdata/report.pgbench", testdb.ServingURLFor(dbName)).CombinedOutput()
		pgbenchDone += perClient
		m := regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`).FindSubmatch(out)
		if err != nil || m == nil || bytes.Contains(out, []byte("aborted")) {
			b.Fatalf("pgbench: %v\n%s", err, out)
		}
		tps, _ := strconv.ParseFloat(string(m[1]), 64)
		return time.Duration(float64(reports) / tps * float64(time.Second))
	}

	// One logged-in client per reporter, and the jobs: the sender's 10th message of each room.
	type job struct {
		c   *client
		msg int64
	}
	sessions := make([]*client, reporters)
	for i := range sessions {
		c := en.client()
		r := c.submit("/login", url.Values{"name": {fmt.Sprintf("bench%d", i+1)}, "password": {"bench password"}})
		if r.status != http.StatusSeeOther {
			b.Fatalf("log in: %d", r.status)
		}
		sessions[i] = c
	}
	// Ordered so that neighbouring jobs are by different reporters.
	var jobs []job
	rows, err := en.db.Raw(`SELECT c.user_low, m.id FROM chat_rooms c JOIN chat_messages m ON m.room_id = c.id
		WHERE c.user_low <= 1000 AND m.sender_id = c.user_high AND m.body LIKE 'message 10 %'
		ORDER BY (c.user_high - 1001) % 10, c.user_low`).Rows()
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var reporter, msg int64
		rows.Scan(&reporter, &msg)
		jobs = append(jobs, job{sessions[reporter-1], msg})
	}
	rows.Close()

	// overHTTP files the reports of jobs from the 8 clients and returns how long it took.
	var lat []time.Duration
	overHTTP := func(b *testing.B, jobs []job) time.Duration {
		work := make(chan job)
		durs := make(chan time.Duration, len(jobs))
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range work {
					req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/report/message/%d", en.srv.URL, j.msg),
						strings.NewReader("reasons=spam&reasons=harassment"))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Sec-Fetch-Site", "same-origin") // as a browser sends it
					t0 := time.Now()
					res, err := j.c.http.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					durs <- time.Since(t0)
					if res.StatusCode != http.StatusSeeOther {
						b.Errorf("report: status %d", res.StatusCode)
					}
				}
			}()
		}
		for _, j := range jobs {
			work <- j
		}
		close(work)
		wg.Wait()
		elapsed := time.Since(start)
		close(durs)
		for d := range durs {
			lat = append(lat, d)
		}
		return elapsed
	}

	const chunk = 1_000 // reports per turn
	// A running service's report tables are not empty: pgbench files one
	// chunk first and the tables are analysed, so that neither side plans
	// its statements (and PostgreSQL its foreign-key checks, once per
	// connection) for empty tables.
	pgbench(b, chunk)
	if err := en.db.Exec("ANALYZE").Error; err != nil {
		b.Fatal(err)
	}
	var web, sql phase
	filed := 0
	b.ResetTimer()
	for b.Loop() {
		if filed+roundSize > len(jobs) {
			b.Fatalf("out of prepared reports after %d (run with -benchtime=%dx at most)", filed, len(jobs)/roundSize)
		}
		for range roundSize / chunk {
			web.measure(b, func() time.Duration { return overHTTP(b, jobs[filed:filed+chunk]) })
			filed += chunk
			sql.measure(b, func() time.Duration { return pgbench(b, chunk) })
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		n := float64(len(lat))
		b.ReportMetric(n/web.wall.Seconds(), "reports/s")
		b.ReportMetric(n/sql.wall.Seconds(), "sql-tps")
		b.ReportMetric(sql.wall.Seconds()/web.wall.Seconds(), "ratio-to-sql")
		b.ReportMetric(float64(web.busy.Microseconds())/1000/n, "cpu-ms/report")
		b.ReportMetric(float64(sql.busy.Microseconds())/1000/n, "sql-cpu-ms/report")
		b.ReportMetric(sql.busy.Seconds()/web.busy.Seconds(), "cpu-ratio-to-sql")
		cores := float64(runtime.NumCPU())
		b.ReportMetric(100*(web.steal+sql.steal).Seconds()/(cores*(web.all+sql.all).Seconds()), "steal-%")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	}
	en.db.Raw("SELECT count(*) FROM reports").Scan(&n)
	if int(n) != 2*filed+chunk {
		b.Fatalf("%d reports stored, %d filed over HTTP, as many by pgbench and %d before", n, filed, chunk)
	}
}

// BenchmarkExportClientLeaves: a client that goes away mid-download of a
// room of 300,000 messages ends the export's transaction and its cursor on
// the server, and leaves no export record; a whole download leaves one. It
// reports how long the server takes to let go (ms-to-release).
func BenchmarkExportClientLeaves(b *testing.B) {
	en := newEnv(b)
	a := en.user("leaver", models.RoleUser)
	en.user("friend", models.RoleUser)
	c := en.login("leaver")
	_, roomID := c.startChat("friend")
	if err := en.db.Exec(`INSERT INTO chat_messages (room_id, sender_id, body)
		SELECT ?::bigint, ?::bigint, repeat('x', 200) FROM generate_series(1, 300000)`, roomID, a.ID).Error; err != nil {
		b.Fatal(err)
	}
	var dbName string
	en.db.Raw("SELECT current_database()").Scan(&dbName)
	exporting := func() int64 {
		var n int64
		en.db.Raw(`SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()
			AND (query LIKE '%export_messages%' OR state LIKE 'idle in transaction%')`, dbName).Scan(&n)
		return n
	}
	var released time.Duration
	for b.Loop() {
		res, err := c.http.Get(en.srv.URL + fmt.Sprintf("/chats/%d/export/download?format=csv", roomID))
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 4096)
		if _, err := io.ReadFull(res.Body, buf); err != nil {
			b.Fatal(err)
		}
		if exporting() == 0 {
			b.Fatal("no export running on the server while downloading")
		}
		res.Body.Close() // the client leaves
		left := time.Now()
		for deadline := left.Add(10 * time.Second); exporting() > 0; time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatal("the export's transaction is still open after the client left")
			}
		}
		released = max(released, time.Since(left))
	}
	b.ReportMetric(float64(released.Microseconds())/1000, "ms-to-release")
	// The abandoned downloads left no record; a whole one does.
	var records int64
	en.db.Raw("SELECT count(*) FROM chat_exports").Scan(&records)
	if records != 0 {
		b.Fatalf("abandoned downloads left %d export records", records)
	}
	en.db.Exec("DELETE FROM chat_messages WHERE id > (SELECT min(id) + 10 FROM chat_messages)")
	if r := c.get(fmt.Sprintf("/chats/%d/export/download?format=csv", roomID)); r.status != http.StatusOK {
		b.Fatalf("a complete download: status %d", r.status)
	}
	en.db.Raw("SELECT count(*) FROM chat_exports").Scan(&records)
	if records != 1 {
		b.Fatalf("a complete download left %d export records, want 1", records)
	}
}
