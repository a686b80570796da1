package views

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// Paths of the transparency report (admins).
const (
	AdminTransparencyPath = "/admin/transparency"
	// TransparencyPersonPath sets the person in charge.
	TransparencyPersonPath = AdminTransparencyPath + "/person"
)

// TransparencyPath is the report of the period from first to last (both
// days included, YYYY-MM-DD).
func TransparencyPath(from, to string) string {
	return AdminTransparencyPath + "?" + url.Values{"from": {from}, "to": {to}}.Encode()
}

// TransparencyPresetPath is the report of a preset period.
func TransparencyPresetPath(preset string) string {
	return AdminTransparencyPath + "?" + url.Values{"preset": {preset}}.Encode()
}

// TransparencyCSVPath downloads table tableID of the period as CSV.
func TransparencyCSVPath(tableID, from, to string) string {
	return AdminTransparencyPath + "/csv/" + tableID + "?" + url.Values{"from": {from}, "to": {to}}.Encode()
}

// TransparencyHeader is a column of a table: its words on the page and in
// the CSV (where a time is in hours).
type TransparencyHeader struct {
	Text, CSV string
}

// TransparencyCell is one cell: its words on the page and its CSV value
// (a time in hours with one decimal, none: empty).
type TransparencyCell struct {
	Text, CSV string
}

// TransparencyTable is one table of the report, the same on the page and
// in its CSV download.
type TransparencyTable struct {
	ID      string // also the CSV's name
	Title   string
	Lead    string
	Headers []TransparencyHeader
	Rows    [][]TransparencyCell
	Total   bool // the last row is a total
}

// TransparencyView is the page: the period and its report, with the forms
// of the period and of the person in charge.
type TransparencyView struct {
	From, To string // the period's first and last days, YYYY-MM-DD
	Report   *models.TransparencyReport
	Period   components.Form // the period's form, with its errors
	PersonF  components.Form // the person in charge's form
}

// TransparencyTableIDs are the tables a CSV may be asked for.
var TransparencyTableIDs = []string{"kcc-requests", "kcc-reports", "dsa-notices", "dsa-actions", "dsa-categories", "dsa-time", "dsa-suspensions", "dsa-complaints"}

func tr(ctx context.Context, key string) string { return components.T(ctx, "transparency."+key) }

func count(n int64) TransparencyCell {
	s := strconv.FormatInt(n, 10)
	return TransparencyCell{Text: s, CSV: s}
}

func label(s string) TransparencyCell { return TransparencyCell{Text: s, CSV: s} }

// timeCell is a time on the page in words, in the CSV in hours.
func timeCell(ctx context.Context, d *time.Duration) TransparencyCell {
	if d == nil {
		return TransparencyCell{Text: "–"}
	}
	return TransparencyCell{Text: durationWords(ctx, *d), CSV: strconv.FormatFloat(d.Hours(), 'f', 1, 64)}
}

func headers(ctx context.Context, keys ...string) []TransparencyHeader {
	out := make([]TransparencyHeader, 0, len(keys))
	for _, k := range keys {
		h := TransparencyHeader{Text: tr(ctx, "col."+k), CSV: tr(ctx, "col."+k)}
		if strings.HasPrefix(k, "median") || strings.HasPrefix(k, "p90") {
			h.CSV = tr(ctx, "col."+k+"_hours")
		}
		out = append(out, h)
	}
	return out
}

// kccTable is a KCC table of rows, each named by name(kind).
func kccTable(ctx context.Context, id string, rows []models.KCCRow, name func(string) string) TransparencyTable {
	t := TransparencyTable{ID: id, Title: tr(ctx, "table."+id), Lead: tr(ctx, "lead."+id),
		Headers: headers(ctx, "kind", "received", "removed", "blocked", "restricted", "warned", "refused", "restored", "pending",
			"deletions", "blocks", "median", "p90")}
	for _, r := range rows {
		t.Rows = append(t.Rows, []TransparencyCell{label(name(r.Kind)), count(r.Received), count(r.Removed), count(r.Blocked),
			count(r.Restricted), count(r.Warned), count(r.Refused), count(r.Restored), count(r.Pending), count(r.Deletions),
			count(r.Blocks), timeCell(ctx, r.Median), timeCell(ctx, r.P90)})
	}
	return t
}

// category names a DSA category in the page's language.
func category(ctx context.Context, c string) string {
	if c == "" {
		return tr(ctx, "total")
	}
	return components.T(ctx, "transparency.category."+strings.ToLower(strings.TrimPrefix(c, "STATEMENT_CATEGORY_")))
}

// actionTable is a table of actions by kind or category (first names
// the first column).
func actionTable(ctx context.Context, id, first string, rows []models.ActionRow, name func(string) string) TransparencyTable {
	t := TransparencyTable{ID: id, Title: tr(ctx, "table."+id), Lead: tr(ctx, "lead."+id), Total: true,
		Headers: headers(ctx, first, "total", "on_notice", "own_initiative", "illegal", "incompatible", "fully",
			"partially", "not_automated", "automated_detection")}
	for _, r := range rows {
		t.Rows = append(t.Rows, []TransparencyCell{label(name(r.Key)), count(r.Total), count(r.OnNotice), count(r.OwnInitiative),
			count(r.Illegal), count(r.Incompatible), count(r.Fully), count(r.Partially), count(r.NotAutomed), count(r.AutomatedDetection)})
	}
	return t
}

// Transparency builds the page's tables from the report.
func Transparency(ctx context.Context, r *models.TransparencyReport) (kcc, dsa []TransparencyTable) {
	kcc = append(kcc,
		kccTable(ctx, "kcc-requests", r.LegalRequests, func(k string) string { return tr(ctx, "legal."+k) }),
		kccTable(ctx, "kcc-reports", r.ReportsByReason, func(k string) string { return reasonLabel(ctx, models.ReportReason(k)) }))

	notices := TransparencyTable{ID: "dsa-notices", Title: tr(ctx, "table.dsa-notices"), Lead: tr(ctx, "lead.dsa-notices"), Total: true,
		Headers: headers(ctx, "category", "total", "source.user", "source.organisation", "source.automation")}
	cells := map[string]map[string]int64{}
	for _, c := range r.Notices {
		if cells[c.Row] == nil {
			cells[c.Row] = map[string]int64{}
		}
		cells[c.Row][c.Col] += c.N
	}
	for _, cat := range append(models.NoticeCategories(), "") {
		row := []TransparencyCell{label(category(ctx, cat)), {}}
		var total int64
		for _, src := range models.NoticeSources {
			row = append(row, count(cells[cat][src]))
			total += cells[cat][src]
		}
		row[1] = count(total)
		notices.Rows = append(notices.Rows, row)
	}
	timeT := TransparencyTable{ID: "dsa-time", Title: tr(ctx, "table.dsa-time"), Lead: tr(ctx, "lead.dsa-time"),
		Headers: headers(ctx, "notices", "count", "median"),
		Rows: [][]TransparencyCell{
			{label(tr(ctx, "time.acted")), count(r.Time.Acted), timeCell(ctx, r.Time.ActedMedian)},
			{label(tr(ctx, "time.decided")), count(r.Time.Decided), timeCell(ctx, r.Time.DecidedMedian)},
		}}
	susp := TransparencyTable{ID: "dsa-suspensions", Title: tr(ctx, "table.dsa-suspensions"), Lead: tr(ctx, "lead.dsa-suspensions"),
		Headers: headers(ctx, "who", "warnings", "suspensions", "accounts")}
	for _, s := range r.Suspensions {
		susp.Rows = append(susp.Rows, []TransparencyCell{label(tr(ctx, "who."+s.Who)), count(s.Warnings), count(s.Suspensions), count(s.Accounts)})
	}
	compl := TransparencyTable{ID: "dsa-complaints", Title: tr(ctx, "table.dsa-complaints"), Lead: tr(ctx, "lead.dsa-complaints"),
		Headers: headers(ctx, "complaint", "received", "decided", "granted", "rejected", "pending", "median")}
	for _, c := range r.Complaints {
		compl.Rows = append(compl.Rows, []TransparencyCell{label(tr(ctx, "complaint."+c.Kind)), count(c.Received), count(c.Decided),
			count(c.Granted), count(c.Rejected), count(c.Pending), timeCell(ctx, c.Median)})
	}
	dsa = append(dsa, notices,
		actionTable(ctx, "dsa-actions", "action", r.Actions, func(k string) string {
			if k == "" {
				return tr(ctx, "total")
			}
			return tr(ctx, "kind."+k)
		}),
		actionTable(ctx, "dsa-categories", "category", r.ActionsCategory, func(k string) string { return category(ctx, k) }),
		timeT, susp, compl)
	return kcc, dsa
}

// presetLabel names a preset period.
func presetLabel(ctx context.Context, preset string) string { return tr(ctx, "preset."+preset) }

// periodQuery is the query string of a period.
func periodQuery(from, to string) string { return url.Values{"from": {from}, "to": {to}}.Encode() }
