package views

import (
	"context"
	"slices"
	"strconv"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// The chart's size in SVG units.
const (
	chartW, chartH = 720, 220
	chartPad       = 28
)

// chartBar is one reason's part of one day's bar.
type chartBar struct {
	X, Y, W, H int
	Fill       string
	Title      string
}

// chartLabel is a text under the chart or beside its axis.
type chartLabel struct {
	X, Y int
	Text string
}

// reasonColors gives each reason a color of its own, from a categorical
// palette whose neighbours differ in hue and lightness (Tableau 10, with a
// dark red for the worst reason and a dark grey for Other).
var reasonColors = []string{"#8c1d18", "#e15759", "#f28e2b", "#edc948", "#59a14f", "#76b7b2", "#4e79a7",
	"#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#3b3b3b"}

// targetLabel names a service-level target in the page's language.
func targetLabel(ctx context.Context, t models.ServiceTarget) string {
	switch t {
	case models.TargetSevereDecided:
		return components.T(ctx, "mod.stats.target.severe_decided")
	case models.TargetFirstResponse:
		return components.T(ctx, "mod.stats.target.first_response")
	case models.TargetLegalAnswered:
		return components.T(ctx, "mod.stats.target.legal_answered")
	}
	return string(t)
}

// chartDayRow is one day of the chart as the table beside it gives it: the
// day, its reports, and how many of each reason.
type chartDayRow struct {
	Day     string
	Total   int64
	Reasons string
}

// reportsTable gives the chart's figures as text, one row per day that had
// reports, newest first, so that a screen reader reaches them.
func reportsTable(ctx context.Context, counts []models.DayCount) []chartDayRow {
	var rows []chartDayRow
	for _, c := range counts {
		d := chartDay(ctx, c.Day)
		if len(rows) == 0 || rows[len(rows)-1].Day != d {
			rows = append(rows, chartDayRow{Day: d})
		}
		r := &rows[len(rows)-1]
		r.Total += c.N
		if r.Reasons != "" {
			r.Reasons += ", "
		}
		r.Reasons += reasonLabel(ctx, c.Reason) + " " + id(c.N)
	}
	slices.Reverse(rows)
	return rows
}

func reasonColor(r models.ReportReason) string {
	for i, info := range models.Reasons {
		if info.Code == r {
			return reasonColors[i%len(reasonColors)]
		}
	}
	return "#999"
}

// reportsChart lays out the reports per day by reason as stacked bars, one
// per day of the last StatsDays days, oldest on the left.
func reportsChart(ctx context.Context, counts []models.DayCount) (bars []chartBar, labels []chartLabel, max int64) {
	loc := location(ctx)
	now := time.Now().In(loc)
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -(models.StatsDays - 1))
	totals := make([]int64, models.StatsDays)
	day := func(t time.Time) int {
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		return int(d.Sub(first).Hours()+12) / 24
	}
	for _, c := range counts {
		if i := day(c.Day); i >= 0 && i < len(totals) {
			totals[i] += c.N
			max = maxInt(max, totals[i])
		}
	}
	if max == 0 {
		return nil, nil, 0
	}
	slot := (chartW - chartPad) / models.StatsDays
	plotH := chartH - chartPad
	stack := make([]int64, models.StatsDays)
	for _, c := range counts {
		i := day(c.Day)
		if i < 0 || i >= len(totals) {
			continue
		}
		y0 := plotH - int(stack[i]*int64(plotH)/max)
		stack[i] += c.N
		y1 := plotH - int(stack[i]*int64(plotH)/max)
		bars = append(bars, chartBar{X: chartPad + i*slot + 1, Y: y1, W: slot - 2, H: max0(y0-y1, 1), Fill: reasonColor(c.Reason),
			Title: chartDay(ctx, c.Day) + ": " + id(c.N) + " × " + reasonLabel(ctx, c.Reason)})
	}
	for i := 0; i < models.StatsDays; i += 7 {
		labels = append(labels, chartLabel{X: chartPad + i*slot, Y: chartH - 8, Text: chartDay(ctx, first.AddDate(0, 0, i))})
	}
	labels = append(labels, chartLabel{X: 0, Y: 12, Text: id(max)}, chartLabel{X: 0, Y: plotH, Text: "0"})
	return bars, labels, max
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

func max0(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// chartDay is a day under the chart: "Nov 21", "11월 21일".
func chartDay(ctx context.Context, t time.Time) string {
	return components.T(ctx, "mod.stats.day", map[string]any{"Month": t.Format("Jan"), "MonthNumber": int(t.Month()), "Day": t.Day()})
}

// durationWords is a duration for people: "3 h 20 min", "2 d 4 h".
func durationWords(ctx context.Context, d time.Duration) string {
	day, hour, minute := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case d >= 48*time.Hour:
		return components.T(ctx, "mod.stats.days_hours", map[string]any{"Days": day, "Hours": hour})
	case d >= time.Hour:
		return components.T(ctx, "mod.stats.hours_minutes", map[string]any{"Hours": int(d / time.Hour), "Minutes": minute})
	}
	return components.T(ctx, "mod.stats.minutes", map[string]any{"Minutes": int(d / time.Minute)})
}

func itoa(n int) string { return strconv.Itoa(n) }
