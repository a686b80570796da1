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
	w := chatexport.New(&buf, f, lang, seoul)
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
	room := chatexport.Room{ID: 1, Title: "bob"}
	if got := string(export(t, chatexport.Text, "en", room, nil)); got != "bob with talksafe Chats\nDate Saved : 2026-11-23 14:03:28\n\n" {
		t.Errorf("text: %q", got)
	}
	if got := string(export(t, chatexport.CSV, "en", room, nil)); got != "Date,User,Message\r\n" {
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
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
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
	if !strings.HasPrefix(s, "Date,User,Message\r\n") {
		t.Fatalf("header: %q", s[:min(len(s), 40)])
	}
	s = strings.TrimPrefix(s, "Date,User,Message\r\n")
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
		if !strings.HasPrefix(s, "\r\n") {
			t.Fatalf("row does not end in CRLF: %q", s[:min(len(s), 20)])
		}
		s = s[2:]
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
		if got[i].Sender != want[i].Sender || got[i].Body != want[i].Body || !got[i].At.Equal(want[i].At.Truncate(precision)) {
			t.Fatalf("%s message %d: read back %+v, want %+v", what, i, got[i], want[i])
		}
	}
}

func TestRoundTrip(t *testing.T) {
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
