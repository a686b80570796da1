package handlers

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/labstack/echo/v4"
)

func TestCursorParam(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, query string
		want        int64
	}{
		{"OK", "before=42", 42},
		{"OKOne", "before=1", 1},
		{"OKMaxInt64", "before=9223372036854775807", 9223372036854775807},
		{"ErrMissing", "", 0},
		{"ErrEmpty", "before=", 0},
		{"ErrZero", "before=0", 0},
		{"ErrNegative", "before=-5", 0},
		{"ErrOverflow", "before=9223372036854775808", 0},
		{"ErrHuge", "before=99999999999999999999999999999", 0},
		{"ErrExponent", "before=1e3", 0},
		{"ErrLeadingSpace", "before=" + url.QueryEscape(" 5"), 0},
		{"ErrTrailingSpace", "before=" + url.QueryEscape("5 "), 0},
		{"OKPlusSign", "before=" + url.QueryEscape("+5"), 5},
		{"ErrHex", "before=0x10", 0},
		{"ErrDecimal", "before=5.0", 0},
		{"ErrWord", "before=abc", 0},
		{"ErrOtherName", "after=42", 0},
	}
	e := echo.New()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := e.NewContext(httptest.NewRequest("GET", "/x?"+tc.query, nil), httptest.NewRecorder())
			if got := cursorParam(c, "before"); got != tc.want {
				t.Errorf("cursorParam(%q) = %d, want %d", tc.query, got, tc.want)
			}
		})
	}
}
