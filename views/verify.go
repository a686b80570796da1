package views

import (
	"strconv"
	"time"

	"talksafe/models"
	"talksafe/views/chatexport"
)

// thousands writes n with commas: 1,024.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// formatLabel is the name an export format has on the export page.
func formatLabel(f string) string {
	switch chatexport.Format(f) {
	case chatexport.CSV:
		return "CSV"
	case chatexport.JSON:
		return "JSON"
	}
	return "Text"
}

// byteSize is a file size for people: 52,311 bytes (51.1 KB).
func byteSize(n int64) string {
	s := thousands(n) + " bytes"
	switch {
	case n >= 1<<20:
		s += " (" + strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB)"
	case n >= 1<<10:
		s += " (" + strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB)"
	}
	return s
}

// messagesSpan says how many messages an export holds and over which days,
// in the exporter's time zone.
func messagesSpan(count int64, first, last *time.Time, loc *time.Location) string {
	switch {
	case count == 0 || first == nil || last == nil:
		return "no messages"
	case count == 1:
		return "1 message, on " + first.In(loc).Format("2006-01-02")
	}
	return thousands(count) + " messages from " + first.In(loc).Format("2006-01-02") + " to " + last.In(loc).Format("2006-01-02")
}

// verdictLine is the answer to a verification that matched, in the words of
// the issue that asked for it: what the holder of the file already knows.
func verdictLine(v *models.Verdict) string {
	loc := v.Location()
	return "This file is an unchanged talksafe export of a 1:1 chat, made on " +
		v.ExportedAt.In(loc).Format("2006-01-02 15:04") + " (" + loc.String() + "), " +
		messagesSpan(v.MessageCount, v.FirstMessageAt, v.LastMessageAt, loc) + "."
}
