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
		return 0, models.Errorf(models.NotFound, "We could not find that page.")
	}
	return id, nil
}
