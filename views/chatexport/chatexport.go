// Package chatexport writes a chat's history in the layouts people already
// use for KakaoTalk exports: the PC text layout (English or Korean), the Mac
// CSV layout and a Telegram-like JSON object. Writers stream: they hold one
// message at a time, whatever the chat's length.
package chatexport

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Format is an export format.
type Format string

// The formats.
const (
	Text Format = "text"
	CSV  Format = "csv"
	JSON Format = "json"
	// Pictures is the chat's pictures as a ZIP file, offered beside the
	// text (written by the handler, not by New).
	Pictures Format = "pictures"
)

// Valid reports whether f is a known format.
func (f Format) Valid() bool { return f == Text || f == CSV || f == JSON || f == Pictures }

// Ext is the file name extension of f.
func (f Format) Ext() string {
	switch f {
	case CSV:
		return "csv"
	case JSON:
		return "json"
	case Pictures:
		return "zip"
	}
	return "txt"
}

// ContentType is the media type of f.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case JSON:
		return "application/json; charset=utf-8"
	case Pictures:
		return "application/zip"
	}
	return "text/plain; charset=utf-8"
}

// Room is what an export says about the chat.
type Room struct {
	ID       int64
	Title    string // the other person's name, as the room shows it
	ExportID int64  // the export's record, named by the JSON object and the file name (0: none)
}

// Messenger is the messenger's name as the text layout's title line writes
// it, in English and in Korean.
type Messenger struct{ English, Korean string }

// DefaultMessenger is talksafe's own name.
var DefaultMessenger = Messenger{English: "talksafe", Korean: "talksafe"}

// MessengerNamed returns the messenger called name (talksafe when empty).
// Its Korean name is korean when given; else KakaoTalk's is 카카오톡, as
// genuine KakaoTalk exports write it (`<room> 님과 카카오톡 대화`, the line
// that tools reading them look for), and any other name is written as is.
func MessengerNamed(name, korean string) Messenger {
	name = strings.TrimSpace(oneLine(name))
	korean = strings.TrimSpace(oneLine(korean))
	if name == "" {
		name = DefaultMessenger.English
	}
	if korean == "" {
		korean = name
		if strings.EqualFold(strings.ReplaceAll(name, " ", ""), "KakaoTalk") {
			korean = "카카오톡"
		}
	}
	return Messenger{English: name, Korean: korean}
}

// Options are how one export is written.
type Options struct {
	Lang      string         // "en" or "ko": the text layout's language
	Loc       *time.Location // the time zone of every time written
	Messenger Messenger      // zero: DefaultMessenger
}

// Message is one message as exported.
type Message struct {
	ID       int64
	SenderID int64
	Sender   string
	Body     string
	At       time.Time
	// Picture is the message's picture, if any: the Text export writes
	// KakaoTalk's photo line for it, CSV and JSON name its id and SHA-256,
	// and the Pictures export packs it as PictureName.
	Picture *Picture
}

// Picture is a message's picture as an export names it.
type Picture struct {
	ID     int64
	SHA256 string // hex
	Ext    string // "jpg" or "png"
}

// PictureName is the picture's file name inside the Pictures export, and
// the JSON export's "photo" (Telegram's field for a message's picture).
func (p *Picture) PictureName() string {
	return "pictures/" + strconv.FormatInt(p.ID, 10) + "." + p.Ext
}

// Writer writes one export: Begin once, Message for each message oldest
// first, End once.
type Writer interface {
	Begin(room Room, saved time.Time) error
	Message(m Message) error
	End() error
}

// New returns a writer of format f with options o, writing to w.
func New(w io.Writer, f Format, o Options) Writer {
	bw := bufio.NewWriterSize(w, 64<<10)
	loc := o.Loc
	if loc == nil {
		loc = time.UTC
	}
	switch f {
	case CSV:
		return &csvWriter{w: bw, loc: loc}
	case JSON:
		return &jsonWriter{w: bw, loc: loc}
	}
	m := o.Messenger
	if m == (Messenger{}) {
		m = DefaultMessenger
	}
	if o.Lang == "ko" {
		return &textWriter{w: bw, loc: loc, l: korean, name: m.Korean}
	}
	return &textWriter{w: bw, loc: loc, l: english, name: m.English}
}

// layout is the wording of the text layout in one language.
type layout struct {
	title func(room, messenger string) string
	saved string
	photo string // the line KakaoTalk writes for a picture
	day   func(t time.Time) string
	clock func(b []byte, t time.Time) []byte // appends the time of day
}

var english = layout{
	title: func(room, messenger string) string { return room + " with " + messenger + " Chats" },
	saved: "Date Saved : ",
	photo: "Photo",
	day:   func(t time.Time) string { return t.Format("Monday, January 2, 2006") },
	clock: func(b []byte, t time.Time) []byte {
		h, m, _ := t.Clock()
		b = appendClock12(b, h, m)
		if h >= 12 {
			return append(b, " PM"...)
		}
		return append(b, " AM"...)
	},
}

var koreanWeekdays = [...]string{"일요일", "월요일", "화요일", "수요일", "목요일", "금요일", "토요일"}

var korean = layout{
	title: func(room, messenger string) string { return room + " 님과 " + messenger + " 대화" },
	saved: "저장한 날짜 : ",
	photo: "사진",
	day: func(t time.Time) string {
		return fmt.Sprintf("%d년 %d월 %d일 %s", t.Year(), int(t.Month()), t.Day(), koreanWeekdays[t.Weekday()])
	},
	clock: func(b []byte, t time.Time) []byte {
		h, m, _ := t.Clock()
		if h >= 12 {
			b = append(b, "오후 "...)
		} else {
			b = append(b, "오전 "...)
		}
		return appendClock12(b, h, m)
	},
}

// appendClock12 appends the time of day h:m on a 12-hour clock, as
// time.Format's "3:04" writes it.
func appendClock12(b []byte, h, m int) []byte {
	if h %= 12; h == 0 {
		h = 12
	}
	if h >= 10 {
		b = append(b, '1')
	}
	return append(b, byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

// appendDateTime appends t as time.Format's "2006-01-02 15:04:05" writes
// it, with sep between the date and the time ('T' for "2006-01-02T15:04:05").
func appendDateTime(b []byte, t time.Time, sep byte) []byte {
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, "2006-01-02"+string(sep)+"15:04:05")
	}
	h, mi, s := t.Clock()
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), sep,
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
}

// crlf ends every line of the text layout: genuine PC exports do, and the
// tools that read them split on "\r\n".
const crlf = "\r\n"

// appendLines appends s with every line break (CRLF, CR or LF) as CRLF.
func appendLines(b []byte, s string) []byte {
	for {
		i := indexEither(s, '\r', '\n')
		if i < 0 {
			return append(b, s...)
		}
		b = append(b, s[:i]...)
		b = append(b, crlf...)
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
}

// indexEither is the index of the first a or b in s (-1: neither), as
// strings.IndexAny(s, "ab") finds it, at IndexByte's speed: most messages
// hold neither, and IndexAny reads them a byte at a time.
func indexEither(s string, a, b byte) int {
	i := strings.IndexByte(s, a)
	if i < 0 {
		return strings.IndexByte(s, b)
	}
	if j := strings.IndexByte(s[:i], b); j >= 0 {
		return j
	}
	return i
}

type textWriter struct {
	w       *bufio.Writer
	loc     *time.Location
	l       layout
	name    string // the messenger's, in the title line
	y, m, d int
	buf     []byte
}

func (t *textWriter) Begin(room Room, saved time.Time) error {
	t.w.WriteString(t.l.title(oneLine(room.Title), t.name) + crlf)
	t.w.WriteString(t.l.saved + saved.In(t.loc).Format("2006-01-02 15:04:05") + crlf + crlf)
	return nil
}

func (t *textWriter) Message(m Message) error {
	at := m.At.In(t.loc)
	if y, mo, d := at.Date(); y != t.y || int(mo) != t.m || d != t.d {
		t.y, t.m, t.d = y, int(mo), d
		t.w.WriteString("--------------- " + t.l.day(at) + " ---------------" + crlf)
	}
	b := t.buf[:0]
	if m.Picture != nil { // KakaoTalk writes a picture as a line of its own
		b = t.line(b, m.Sender, at, t.l.photo)
	}
	if m.Body != "" || m.Picture == nil {
		b = t.line(b, m.Sender, at, m.Body)
	}
	t.buf = b
	_, err := t.w.Write(b)
	return err
}

// line appends one message line: [sender] [time] text.
func (t *textWriter) line(b []byte, sender string, at time.Time, text string) []byte {
	b = append(b, '[')
	b = append(b, oneLine(sender)...)
	b = append(b, "] ["...)
	b = t.l.clock(b, at)
	b = append(b, "] "...)
	b = appendLines(b, text)
	return append(b, crlf...)
}

func (t *textWriter) End() error { return t.w.Flush() }

// oneLine keeps a name or a title on its line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

type csvWriter struct {
	w   *bufio.Writer
	loc *time.Location
	buf []byte
}

func (c *csvWriter) Begin(Room, time.Time) error {
	_, err := c.w.WriteString("Date,User,Message\n")
	return err
}

func (c *csvWriter) Message(m Message) error {
	b := appendDateTime(c.buf[:0], m.At.In(c.loc), ' ')
	b = append(b, ',')
	b = appendQuoted(b, m.Sender)
	b = append(b, ',')
	b = appendQuoted(b, csvBody(m))
	b = append(b, '\n')
	c.buf = b
	_, err := c.w.Write(b)
	return err
}

// csvBody is a message's cell: its text, and for a picture KakaoTalk's
// photo line naming the picture's id and SHA-256 (the Pictures export's
// file of that name holds it).
func csvBody(m Message) string {
	if m.Picture == nil {
		return m.Body
	}
	line := "Photo " + m.Picture.PictureName() + " sha256:" + m.Picture.SHA256
	if m.Body == "" {
		return line
	}
	return line + "\n" + m.Body
}

// appendQuoted appends s as an RFC 4180 quoted field: quotes doubled,
// every line break (CRLF, CR or LF) written as LF, every other byte (commas
// included) kept as it is. Rows end in LF as in KakaoTalk's Mac CSV, and a
// CSV holds no CR at all: readers of those files split on LF and would keep
// a CR as part of the message. A cell that a spreadsheet would take for a
// formula (it starts with =, +, -, @, tab or CR) gets a leading ', as OWASP
// advises for CSV injection: the CSV is for spreadsheets; the Text and JSON
// exports keep every message exactly.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		b = append(b, '\'')
	}
	for {
		i := indexEither(s, '"', '\r')
		if i < 0 {
			break
		}
		if s[i] == '"' {
			b = append(b, s[:i+1]...)
			b = append(b, '"')
		} else {
			b = append(b, s[:i]...)
			b = append(b, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		}
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// formulaStart holds the first characters that make a spreadsheet cell a
// formula.
const formulaStart = "=+-@\t\r"

func (c *csvWriter) End() error { return c.w.Flush() }

type jsonWriter struct {
	w     *bufio.Writer
	loc   *time.Location
	count int
	buf   []byte
}

// A message of the JSON export, after Telegram's layout, is the object
// {"id":…,"type":"message","date":…,"date_unixtime":…,"from":…,"from_id":…,"text":…}
// byte for byte as encoding/json writes it with HTML escaping off
// (appendJSONString).

func (j *jsonWriter) Begin(room Room, saved time.Time) error {
	name, _ := json.Marshal(room.Title)
	fmt.Fprintf(j.w, "{\n \"name\": %s,\n \"type\": \"personal_chat\",\n \"id\": %d,\n \"saved\": %q,\n",
		name, room.ID, saved.In(j.loc).Format(time.RFC3339))
	if room.ExportID > 0 {
		fmt.Fprintf(j.w, " \"export_id\": %d,\n", room.ExportID)
	}
	j.w.WriteString(" \"messages\": [")
	return nil
}

func (j *jsonWriter) Message(m Message) error {
	b := j.buf[:0]
	if j.count > 0 {
		b = append(b, ',')
	}
	j.count++
	b = append(b, "\n  {\"id\":"...)
	b = strconv.AppendInt(b, m.ID, 10)
	b = append(b, `,"type":"message","date":"`...)
	b = appendDateTime(b, m.At.In(j.loc), 'T')
	b = append(b, `","date_unixtime":"`...)
	b = strconv.AppendInt(b, m.At.Unix(), 10)
	b = append(b, `","from":`...)
	b = appendJSONString(b, m.Sender)
	b = append(b, `,"from_id":"user`...)
	b = strconv.AppendInt(b, m.SenderID, 10)
	b = append(b, `","text":`...)
	b = appendJSONString(b, m.Body)
	if p := m.Picture; p != nil {
		b = append(b, `,"photo":`...)
		b = appendJSONString(b, p.PictureName())
		b = append(b, `,"picture_id":`...)
		b = strconv.AppendInt(b, p.ID, 10)
		b = append(b, `,"picture_sha256":"`...)
		b = append(b, p.SHA256...)
		b = append(b, '"')
	}
	b = append(b, '}')
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it with SetEscapeHTML(false): '"' and '\\' escaped, control
// characters as \b, \f, \n, \r, \t or \u00XX, invalid UTF-8 as \ufffd,
// and U+2028 and U+2029 escaped; everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func (j *jsonWriter) End() error {
	if j.count > 0 {
		j.w.WriteString("\n ")
	}
	j.w.WriteString("]\n}\n")
	return j.w.Flush()
}

// FileName is a safe file name for an export of room saved at saved, ending
// in the export's id when it has one:
// letters, digits, '-' and '_' only, in ASCII for every browser
// (unicode false) or with the letters of any script (unicode true, for the
// header's filename* form).
func FileName(room Room, f Format, saved time.Time, unicode bool) string {
	var b strings.Builder
	b.WriteString("talksafe_chat_")
	underscore := true // the prefix ends in one
	for _, r := range room.Title {
		ok := (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '-'
		if unicode && r > 127 {
			ok = isLetterOrDigit(r)
		}
		if ok {
			b.WriteRune(r)
			underscore = false
		} else if !underscore {
			b.WriteByte('_')
			underscore = true
		}
	}
	name := strings.TrimRight(b.String(), "_") + "_" + saved.Format("20060102_150405")
	if room.ExportID > 0 {
		name += "_export" + strconv.FormatInt(room.ExportID, 10)
	}
	return name + "." + f.Ext()
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
