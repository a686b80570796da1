package models_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"talksafe/models"
)

// keysOf fails when q has a parameter outside its filter's keys.
func keysOf(t *testing.T, q url.Values, keys []string) {
	t.Helper()
	for k := range q {
		if !slices.Contains(keys, k) {
			t.Errorf("Values wrote %q, which is not one of the filter's keys %v", k, keys)
		}
	}
}

// roundTrip checks, for each filter of cases, that parse reads its Values
// back as it was, and that Values writes only the filter's keys.
func roundTrip[F interface {
	comparable
	Values() url.Values
}](t *testing.T, cases map[string]F, keys []string, parse func(url.Values) (F, error)) {
	t.Helper()
	for name, f := range cases {
		t.Run("OK"+name, func(t *testing.T) {
			q := f.Values()
			keysOf(t, q, keys)
			back, err := parse(mustQuery(t, q.Encode()))
			if err != nil || back != f {
				t.Fatalf("Parse(Values(%+v)) = %+v, %v", f, back, err)
			}
		})
	}
}

// refused fails unless parsing query gives an Invalid error (on field,
// when not empty).
func refused(t *testing.T, query string, err error, field string) {
	t.Helper()
	e := models.AsError(err)
	if e == nil || e.Code != models.Invalid {
		t.Errorf("?%s: err %v, want Invalid", query, err)
		return
	}
	if field != "" && !e.Fields.Has(field) {
		t.Errorf("?%s: no error on %s: %v", query, field, e.Fields)
	}
}

func TestQueueFilterRoundTrip(t *testing.T) {
	t.Parallel()
	roundTrip(t, map[string]models.QueueFilter{
		"Default": {Sort: models.SortPriority},
		"State":   {State: models.CaseEscalated, Sort: models.SortPriority},
		"All": {State: models.CaseClaimed, Reason: models.ReportReason("spam"), SubjectType: models.SubjectComment,
			ReportedName: "dave & co?", Escalated: true, Unclaimed: true, Mine: true, Sort: models.SortOldest},
		"Flags": {Unclaimed: true, Sort: models.SortOldest},
		"Name":  {ReportedName: "김철수", Sort: models.SortPriority},
	}, models.QueueFilterKeys, models.ParseQueueFilter)
	t.Run("OKEmptyIsEveryOpenCaseByPriority", func(t *testing.T) {
		f, err := models.ParseQueueFilter(url.Values{})
		if err != nil || f != (models.QueueFilter{Sort: models.SortPriority}) || len(f.Values()) != 0 {
			t.Fatalf("%+v, %v; values %v", f, err, f.Values())
		}
	})
	t.Run("ErrUnknownValue", func(t *testing.T) {
		for _, query := range []string{"state=lost", "reason=rude", "type=profile", "sort=newest",
			"escalated=yes", "unclaimed=true", "mine=0"} {
			_, err := models.ParseQueueFilter(mustQuery(t, query))
			refused(t, query, err, "")
		}
	})
}

func TestDeskFilterRoundTrip(t *testing.T) {
	t.Parallel()
	roundTrip(t, map[string]models.DeskFilter{
		"Zero":     {},
		"State":    {State: models.TicketWithModeration},
		"All":      {State: models.TicketOpen, Category: models.TicketAppeal, Linked: true, Assignee: models.AssignedNobody, Newest: true},
		"Mine":     {Assignee: models.AssignedToMe},
		"Newest":   {Newest: true},
		"Category": {Category: models.TicketOther, Linked: true},
	}, models.DeskFilterKeys, models.ParseDeskFilter)
	t.Run("ErrUnknownValue", func(t *testing.T) {
		for _, query := range []string{"state=lost", "category=nothing", "assigned=you", "sort=oldest", "sort=sideways",
			"linked=yes"} {
			_, err := models.ParseDeskFilter(mustQuery(t, query))
			refused(t, query, err, "")
		}
	})
}

func TestAuditFilterRoundTrip(t *testing.T) {
	t.Parallel()
	roundTrip(t, map[string]models.AuditFilter{
		"Zero":   {},
		"All":    {Actor: "mod", Action: "case.", SubjectType: "case", SubjectID: 42, From: "2026-11-01", To: "2026-11-30"},
		"Action": {Action: "restriction.lift"},
		"Dates":  {From: "2026-02-28"},
	}, models.AuditFilterKeys, models.ParseAuditFilter)
	t.Run("ErrInvalidValue", func(t *testing.T) {
		for query, field := range map[string]string{"subject_id=twelve": "subject_id", "subject_id=-3": "subject_id",
			"subject_id=0": "subject_id", "from=yesterday": "from", "to=2026-13-01": "to"} {
			_, err := models.ParseAuditFilter(mustQuery(t, query))
			refused(t, query, err, field)
		}
	})
}

func TestChatSearchRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []models.ChatSearch{{}, {Query: "dave"}, {Query: "김 & 이?#%"}} {
		q := s.Values()
		keysOf(t, q, models.ChatSearchKeys)
		if back := models.ParseChatSearch(mustQuery(t, q.Encode())); back != s {
			t.Errorf("Parse(Values(%+v)) = %+v", s, back)
		}
	}
	at := time.UnixMicro(1_780_000_000_123_456)
	c := models.ChatCursor{At: at, RoomID: 77}
	if back := models.ParseChatCursor(c.String()); back == nil || !back.At.Equal(at) || back.RoomID != 77 {
		t.Errorf("ParseChatCursor(%q) = %+v", c.String(), back)
	}
	for _, bad := range []string{"", "12", "a.b", "12.x", "x.12"} {
		if got := models.ParseChatCursor(bad); got != nil {
			t.Errorf("ParseChatCursor(%q) = %+v, want the first page (nil)", bad, got)
		}
	}
}

func mustQuery(t *testing.T, s string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
