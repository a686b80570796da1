package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// ticketForm is the New ticket form.
type ticketForm struct {
	Category    string   `form:"category"`
	Description string   `form:"description"`
	Reports     []string `form:"reports"`
	Restriction string   `form:"restriction"`
}

func (f *ticketForm) input() models.TicketInput {
	in := models.TicketInput{Category: models.TicketCategory(f.Category), Description: f.Description}
	for _, r := range f.Reports {
		id, err := strconv.ParseInt(r, 10, 64)
		if err != nil || id <= 0 {
			id = -1 // refused as an unknown report, not dropped
		}
		in.ReportIDs = append(in.ReportIDs, id)
	}
	in.RestrictionID, _ = strconv.ParseInt(f.Restriction, 10, 64)
	return in
}

func (f *ticketForm) values() map[string]string {
	return map[string]string{"category": f.Category, "description": f.Description, "restriction": f.Restriction}
}

func (a *App) newTicket(c echo.Context) error {
	report := cursorParam(c, "report")
	if c.QueryParam("report") != "" && report == 0 {
		return models.Coded(models.NotFound, "ticket.report_not_yours")
	}
	ch, err := models.NewTicketChoices(c.Request().Context(), a.db, currentUser(c).ID, report)
	if err != nil {
		return err
	}
	f := components.Form{Values: map[string]string{}}
	if report > 0 {
		f.Values["category"] = string(models.TicketIllegalAct)
	}
	return a.render(c, http.StatusOK, views.NewTicketPage(ch, f, map[int64]bool{report: report > 0}))
}

func (a *App) createTicket(c echo.Context) error {
	var form ticketForm
	if err := c.Bind(&form); err != nil {
		return err
	}
	in := form.input()
	ctx, uid := c.Request().Context(), currentUser(c).ID
	t, err := models.OpenTicket(ctx, a.db, uid, in)
	if f, ok := failed(err, form.values(), models.Conflict); ok {
		ch, cerr := models.NewTicketChoices(ctx, a.db, uid, 0)
		if cerr != nil {
			return cerr
		}
		linked := map[int64]bool{}
		for _, id := range in.ReportIDs {
			linked[id] = true
		}
		return a.render(c, f.status, views.NewTicketPage(ch, f.form, linked))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.MyTicketPath(t.ID), "success", models.NewMsg("flash.support.ticket_sent"))
}

const ticketsPageSize = 30

func (a *App) showMyTickets(c echo.Context) error {
	tickets, next, err := models.MyTickets(c.Request().Context(), a.db, currentUser(c).ID, cursorParam(c, "before"), ticketsPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.MyTicketsPage(tickets, views.OlderMyTicketsPath(next)))
}

func (a *App) showMyTicket(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	th, err := models.MyTicket(c.Request().Context(), a.db, currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.MyTicketPage(th, components.Form{}))
}

func (a *App) createMyTicketMessage(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx, uid, body := c.Request().Context(), currentUser(c).ID, c.FormValue("body")
	err = models.ReplyToMyTicket(ctx, a.db, uid, id, body)
	if f, ok := failed(err, map[string]string{"body": body}, models.Conflict); ok {
		th, terr := models.MyTicket(ctx, a.db, uid, id)
		if terr != nil {
			return terr
		}
		// A ticket closed for good keeps the message unsent on its form, to
		// copy into a new ticket: a form shown again, so 422.
		return a.render(c, http.StatusUnprocessableEntity, views.MyTicketPage(th, f.form))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.MyTicketPath(id), "success", models.NewMsg("flash.support.message_sent"))
}

func (a *App) reopenMyTicket(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.ReopenMyTicket(c.Request().Context(), a.db, currentUser(c).ID, id)
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.MyTicketPath(id), "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.MyTicketPath(id), "success", models.NewMsg("flash.support.reopened"))
}
