package views

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/a-h/templ"

	"talksafe/models"
	"talksafe/views/components"
)

// id writes an id or a count: "42".
func id(n int64) string { return strconv.FormatInt(n, 10) }

// isCurrent reports whether href is the current page or one below it.
func isCurrent(ctx context.Context, href string) bool {
	p := components.PageFrom(ctx).Path
	if href == HomePath {
		return p == HomePath
	}
	return p == href || strings.HasPrefix(p, href+"/")
}

func subjectID(id *int64) string {
	if id == nil {
		return ""
	}
	return "#" + strconv.FormatInt(*id, 10)
}

// initial is the first letter of name, for an avatar.
func initial(name string) string {
	for _, r := range name {
		return strings.ToUpper(string(r))
	}
	return "?"
}

// location is the viewer's time zone (Asia/Seoul for visitors).
func location(ctx context.Context) *time.Location {
	if u := components.PageFrom(ctx).User; u != nil {
		return u.Location()
	}
	return (&models.User{}).Location()
}

// The product's one way of writing dates and times, always in the viewer's
// time zone: 2026-11-21, 14:03, 2026-11-21 14:03.
const (
	dateLayout     = "2006-01-02"
	clockLayout    = "15:04"
	dateTimeLayout = dateLayout + " " + clockLayout
)

// clock is a time of day in the viewer's zone: "14:37".
func clock(ctx context.Context, t time.Time) string { return t.In(location(ctx)).Format(clockLayout) }

// date is a day in the viewer's zone: "2026-11-21".
func date(ctx context.Context, t time.Time) string { return t.In(location(ctx)).Format(dateLayout) }

// stamp is a date and time in the viewer's zone: "2026-11-21 14:37".
func stamp(ctx context.Context, t time.Time) string {
	return t.In(location(ctx)).Format(dateTimeLayout)
}

// dayKey names the viewer's local day of t, to tell when a day changes.
func dayKey(ctx context.Context, t time.Time) string { return date(ctx, t) }

// dayLine is the chat's day separator: "Sunday, 2026-12-06", and in Korean
// as the Korean export writes it, "2026년 12월 6일 일요일".
func dayLine(ctx context.Context, t time.Time) string {
	local := t.In(location(ctx))
	wd := components.T(ctx, "weekday."+local.Weekday().String())
	return components.T(ctx, "date.day_line", map[string]any{"Weekday": wd, "Date": date(ctx, t),
		"Year": local.Year(), "Month": int(local.Month()), "Day": local.Day()})
}

// listTime is a time for a list: the clock today, the date before.
func listTime(ctx context.Context, t time.Time) string {
	if date(ctx, t) == date(ctx, time.Now()) {
		return clock(ctx, t)
	}
	return date(ctx, t)
}

// firstLine is the first line of a message, for a preview.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if r := []rune(line); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return line
}

// dayBreak reports whether a day line goes before msgs[i]: its local day
// differs from the message before it (from prevDay for the first).
func dayBreak(ctx context.Context, msgs []models.ChatMessage, i int, prevDay string) bool {
	prev := prevDay
	if i > 0 {
		prev = dayKey(ctx, msgs[i-1].CreatedAt)
	}
	return dayKey(ctx, msgs[i].CreatedAt) != prev
}

// timeZones are the zones Settings offers; Asia/Seoul first.
var timeZones = []string{
	"Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Manila",
	"Asia/Bangkok", "Asia/Ho_Chi_Minh", "Asia/Jakarta", "Asia/Kolkata", "Asia/Dubai", "Europe/Moscow", "Europe/Istanbul",
	"Europe/Berlin", "Europe/Paris", "Europe/London", "Atlantic/Reykjavik", "America/Sao_Paulo", "America/New_York",
	"America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
	"Australia/Sydney", "Australia/Perth", "Pacific/Auckland", "UTC",
}

// timeZoneOptions lists timeZones, each as its city in the page's language
// and its id ("서울 (Asia/Seoul)"), and current too when it is another one.
func timeZoneOptions(ctx context.Context, current string) []components.Option {
	opts := make([]components.Option, 0, len(timeZones)+1)
	found := false
	for _, z := range timeZones {
		opts = append(opts, components.Option{Value: z, Label: zoneLabel(ctx, z)})
		found = found || z == current
	}
	if !found && current != "" {
		opts = append([]components.Option{{Value: current, Label: zoneLabel(ctx, current)}}, opts...)
	}
	return opts
}

// zoneLabel names time zone z for people: its city in the page's language
// and its id, "Seoul (Asia/Seoul)", "서울 (Asia/Seoul)"; a zone the list does
// not name reads as its id with spaces for underscores.
func zoneLabel(ctx context.Context, z string) string {
	if id := zoneKey(z); components.Has(id) {
		return components.T(ctx, id) + " (" + z + ")"
	}
	return strings.ReplaceAll(z, "_", " ")
}

// zoneKey is the catalog id of time zone z's city: "zone.asia_seoul".
func zoneKey(z string) string {
	return "zone." + strings.ToLower(strings.ReplaceAll(z, "/", "_"))
}

// textLang marks text people wrote as Korean when it has Hangul in it, so
// that an English page reads it out and wraps it as Korean (and a Korean
// page changes nothing); other text gets no mark, the page's language
// being as good a guess as any.
func textLang(s string) templ.Attributes {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return templ.Attributes{"lang": "ko"}
		}
	}
	return nil
}

// languageName is language code lang ("en", "ko") named in the page's
// language: "Korean", "한국어".
func languageName(ctx context.Context, lang string) string {
	if _, ok := models.Languages[lang]; !ok {
		lang = "en"
	}
	return components.T(ctx, "language."+lang)
}

func languageOptions() []components.Option {
	// Each language by its own name, as language pickers do.
	return []components.Option{{Value: "en", Label: "English"}, {Value: "ko", Label: "한국어"}}
}

// reportBack is where Cancel leads from the Report pop-up.
func reportBack(t *models.ReportTarget) string {
	if t.Type == models.SubjectMessage {
		return ChatPath(t.RoomID)
	}
	return PostPath(t.PostID)
}

func statusClass(s string) string {
	return "status-" + strings.ToLower(strings.ReplaceAll(s, " ", "-"))
}

// lastFrom is the id of the newest of msgs sent by sender, 0 when none.
func lastFrom(msgs []models.ChatMessage, sender int64) int64 {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].SenderID == sender {
			return msgs[i].ID
		}
	}
	return 0
}

func staffRoleOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, r := range []models.Role{models.RoleModerator, models.RoleSupport, models.RoleAdmin} {
		opts = append(opts, components.Option{Value: string(r), Label: components.RoleLabel(ctx, r)})
	}
	return opts
}

// newLine is where a room's "new messages" line goes: before the first
// unread message, unless that is the first message of the page (then all
// of it is new, and the line would say nothing).
func newLine(p *models.RoomPage) int64 {
	id := p.FirstUnread()
	if id == 0 || len(p.Messages) == 0 || p.Messages[0].ID == id {
		return 0
	}
	return id
}

// countLabel caps a badge's count at 99+.
func countLabel(n int64) string {
	if n > 99 {
		return "99+"
	}
	return id(n)
}

// stampPtr is stamp of t, "" for none.
func stampPtr(ctx context.Context, t *time.Time) string {
	if t == nil {
		return ""
	}
	return stamp(ctx, *t)
}

// str is *p, "" for nil.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ageWords is how long ago t was, in the largest whole unit: days from 48
// hours on, else hours, else minutes. units is the prefix of the messages
// "days", "hours" and "minutes" that word it: the queue's "3d", the desk's
// "3 d".
func ageWords(ctx context.Context, t time.Time, units string) string {
	d := time.Since(t)
	switch {
	case d >= 48*time.Hour:
		return components.T(ctx, units+"days", map[string]any{"N": int64(d / (24 * time.Hour))})
	case d >= time.Hour:
		return components.T(ctx, units+"hours", map[string]any{"N": int64(d / time.Hour)})
	}
	return components.T(ctx, units+"minutes", map[string]any{"N": int64(max(d/time.Minute, 0))})
}

// now is the time of the render, for templates.
func now() time.Time { return time.Now() }

// FilterValues are the values of a list filter's parameters keys in q, as
// its filter form shows them.
func FilterValues(q url.Values, keys []string) map[string]string {
	v := make(map[string]string, len(keys))
	for _, k := range keys {
		v[k] = q.Get(k)
	}
	return v
}

// filterForm is a list filter's query (its Values) as its filter form.
func filterForm(q url.Values) components.Form {
	v := make(map[string]string, len(q))
	for k := range q {
		v[k] = q.Get(k)
	}
	return components.Form{Values: v}
}

// pictureAlt is a picture's accessible name: who sent it and when, never
// what it shows.
func pictureAlt(ctx context.Context, sender string, at time.Time) string {
	return components.T(ctx, "picture.alt", map[string]any{"Name": sender, "Time": date(ctx, at) + " " + clock(ctx, at)})
}
