package handlers

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// period reads the report's period from the query in the admin's zone: a
// preset, else from and to (both days included), else last month. The
// form carries what was asked and, when it is wrong, why.
func period(c echo.Context) (models.TransparencyPeriod, components.Form, error) {
	loc := currentUser(c).Location()
	now := time.Now().In(loc)
	if p, ok := models.PresetPeriod(c.QueryParam("preset"), now); ok {
		return p, periodForm(p), nil
	}
	from, to := c.QueryParam("from"), c.QueryParam("to")
	if from == "" && to == "" {
		p := lastMonth(c)
		return p, periodForm(p), nil
	}
	p, err := models.ParsePeriod(from, to, loc)
	return p, components.Form{Values: map[string]string{"from": from, "to": to}}, err
}

// lastMonth is the report's period when none is asked, or a wrong one was.
func lastMonth(c echo.Context) models.TransparencyPeriod {
	p, _ := models.PresetPeriod(models.PresetLastMonth, time.Now().In(currentUser(c).Location()))
	return p
}

func periodForm(p models.TransparencyPeriod) components.Form {
	return components.Form{Values: map[string]string{"from": p.From.Format(time.DateOnly), "to": p.LastDay().Format(time.DateOnly)}}
}

// showTransparency shows the transparency report of the period asked.
func (a *App) showTransparency(c echo.Context) error {
	p, f, err := period(c)
	if ff, ok := failed(err, f.Values); ok {
		// A wrong period: say why, and show last month meanwhile.
		return a.renderTransparency(c, ff.status, lastMonth(c), ff.form, components.Form{})
	}
	if err != nil {
		return err
	}
	return a.renderTransparency(c, http.StatusOK, p, f, components.Form{})
}

func (a *App) renderTransparency(c echo.Context, status int, p models.TransparencyPeriod, periodF, personF components.Form) error {
	r, err := models.Transparency(c.Request().Context(), a.db, currentUser(c), p)
	if err != nil {
		return err
	}
	if personF.Values == nil && r.Person != nil {
		personF.Values = map[string]string{"name": r.Person.Name, "contact": r.Person.Contact}
	}
	return a.render(c, status, views.TransparencyPage(views.TransparencyView{
		From: p.From.Format(time.DateOnly), To: p.LastDay().Format(time.DateOnly),
		Report: r, Period: periodF, PersonF: personF}))
}

// transparencyCSV downloads one table of the report as CSV: UTF-8 with a
// byte-order mark (so that Excel opens Hangul), headers in the reader's
// language, times in hours.
func (a *App) transparencyCSV(c echo.Context) error {
	table := c.Param("table")
	if !slices.Contains(views.TransparencyTableIDs, table) {
		return echo.ErrNotFound
	}
	p, _, err := period(c)
	if err != nil {
		if _, ok := failed(err, nil); ok {
			return echo.NewHTTPError(http.StatusBadRequest)
		}
		return err
	}
	r, err := models.Transparency(c.Request().Context(), a.db, currentUser(c), p)
	if err != nil {
		return err
	}
	kcc, dsa := views.Transparency(components.WithPage(c.Request().Context(), &components.Page{Lang: pageLang(c)}), r)
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	for _, t := range slices.Concat(kcc, dsa) {
		if t.ID != table {
			continue
		}
		head := make([]string, 0, len(t.Headers))
		for _, h := range t.Headers {
			head = append(head, h.CSV)
		}
		_ = w.Write(head)
		for _, row := range t.Rows {
			cells := make([]string, 0, len(row))
			for _, cell := range row {
				cells = append(cells, cell.CSV)
			}
			_ = w.Write(cells)
		}
	}
	w.Flush()
	name := "talksafe_" + table + "_" + p.From.Format("20060102") + "-" + p.LastDay().Format("20060102") + ".csv"
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// setPersonInCharge sets the person in charge the KCC's report names.
func (a *App) setPersonInCharge(c echo.Context) error {
	name, contact := c.FormValue("name"), c.FormValue("contact")
	err := models.SetPersonInCharge(c.Request().Context(), a.db, currentUser(c), name, contact)
	if f, ok := failed(err, map[string]string{"name": name, "contact": contact}); ok {
		p, pf, perr := period(c)
		if perr != nil {
			p = lastMonth(c)
			pf = periodForm(p)
		}
		return a.renderTransparency(c, f.status, p, pf, f.form)
	}
	if err != nil {
		return err
	}
	p, _, perr := period(c)
	to := views.AdminTransparencyPath
	if perr == nil {
		to = views.TransparencyPath(p.From.Format(time.DateOnly), p.LastDay().Format(time.DateOnly))
	}
	return a.redirect(c, to+"#person-title", "success", models.NewMsg("flash.transparency.person_saved"))
}
