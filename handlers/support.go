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
	if code := models.ErrorCode(err); code == models.Invalid || code == models.Conflict || code == models.Throttled {
		ch, cerr := models.NewTicketChoices(ctx, a.db, uid, 0)
		if cerr != nil {
			return cerr
		}
		linked := map[int64]bool{}
		for _, id := range in.ReportIDs {
			linked[id] = true
		}
		status := http.StatusUnprocessableEntity
		if code == models.Throttled {
			status = http.StatusTooManyRequests
		}
		return a.render(c, status, views.NewTicketPage(ch, components.FormFromError(form.values(), err), linked))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.MyTicketPath(t.ID), "success", words("flash.support.ticket_sent"))
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
	if code := models.ErrorCode(err); code == models.Invalid || code == models.Conflict {
		th, terr := models.MyTicket(ctx, a.db, uid, id)
		if terr != nil {
			return terr
		}
		return a.render(c, http.StatusUnprocessableEntity, views.MyTicketPage(th, components.FormFromError(map[string]string{"body": body}, err)))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.MyTicketPath(id), "success", words("flash.support.message_sent"))
}

func (a *App) reopenMyTicket(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.ReopenMyTicket(c.Request().Context(), a.db, currentUser(c).ID, id)
	if models.ErrorCode(err) == models.Conflict {
		return a.redirect(c, views.MyTicketPath(id), "error", components.RawError(err))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.MyTicketPath(id), "success", words("flash.support.reopened"))
}
