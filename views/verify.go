package views

import (
	"context"
	"strconv"
	"time"

	"talksafe/models"
	"talksafe/views/chatexport"
	. "talksafe/views/components"
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
func formatLabel(ctx context.Context, f string) string {
	switch chatexport.Format(f) {
	case chatexport.CSV:
		return "CSV"
	case chatexport.JSON:
		return "JSON"
	case chatexport.Pictures:
		return T(ctx, "picture.export_zip")
	}
	return T(ctx, "export.text")
}

// byteSize is a file size for people: 52,311 bytes (51.1 KB).
func byteSize(ctx context.Context, n int64) string {
	data := map[string]any{"Bytes": thousands(n)}
	switch {
	case n >= 1<<20:
		data["Size"] = strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		data["Size"] = strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	default:
		return T(ctx, "verify.bytes", data)
	}
	return T(ctx, "verify.bytes_size", data)
}

// messagesSpan says how many messages an export holds and over which days,
// in the exporter's time zone.
func messagesSpan(ctx context.Context, count int64, first, last *time.Time, loc *time.Location) string {
	switch {
	case count == 0 || first == nil || last == nil:
		return T(ctx, "verify.span_none")
	case count == 1:
		return T(ctx, "verify.span_one", map[string]any{"First": first.In(loc).Format(dateLayout)})
	}
	return T(ctx, "verify.span_many", map[string]any{"Count": thousands(count),
		"First": first.In(loc).Format(dateLayout), "Last": last.In(loc).Format(dateLayout)})
}

// verdictLine is the answer to a verification that matched, in the words of
// the issue that asked for it: what the holder of the file already knows.
func verdictLine(ctx context.Context, v *models.Verdict) string {
	loc := v.Location()
	return T(ctx, "verify.verdict_match_line", map[string]any{"Time": v.ExportedAt.In(loc).Format(dateTimeLayout),
		"Zone": loc.String(), "Span": messagesSpan(ctx, v.MessageCount, v.FirstMessageAt, v.LastMessageAt, loc)})
}
