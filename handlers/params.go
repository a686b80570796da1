package handlers

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"talksafe/models"
)

// paramID reads the route parameter name as a positive id; anything else
// is a NotFound, as an id that does not exist would be.
func paramID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, models.Coded(models.NotFound, "http.not_found")
	}
	return id, nil
}

// cursorParam reads the query parameter name (?before= or ?after=) as a
// list's keyset cursor: a positive id. Missing, malformed, negative or
// out-of-range values read as 0, the list's first page.
func cursorParam(c echo.Context, name string) int64 {
	return parseCursor(c.QueryParam(name))
}

func parseCursor(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
