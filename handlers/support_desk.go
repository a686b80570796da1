package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

const deskPageSize = 50

func (a *App) showDesk(c echo.Context) error {
	f, err := models.ParseDeskFilter(c.QueryParams())
	if err != nil {
		return err
	}
	page, err := models.DeskQueue(c.Request().Context(), a.db, currentUser(c), f, cursorParam(c, "cursor"), deskPageSize)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeskPage(page, f))
}

func (a *App) showDeskTicket(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	v, err := models.DeskTicket(c.Request().Context(), a.db, currentUser(c), id)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeskTicketPage(v, views.DeskForms{}))
}

// deskAction runs one support action on the ticket of the route and
// redirects to the ticket with a flash; a form error re-renders the ticket
// page with that form's input kept and its errors beside its fields (put
// sets the form), a conflict comes back as an error flash.
func (a *App) deskAction(c echo.Context, done models.Msg, act func(id int64) error, values map[string]string, put func(*views.DeskForms, components.Form)) error {
	return a.deskActionKeeping(c, done, act, values, put, false)
}

// deskActionKeeping is deskAction; with keep, a conflict too shows the
// ticket again with the form as typed, its words above it, instead of a
// flash: for forms whose text is work to lose (a note to moderation).
func (a *App) deskActionKeeping(c echo.Context, done models.Msg, act func(id int64) error, values map[string]string,
	put func(*views.DeskForms, components.Form), keep bool) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = act(id)
	if f, ok := failed(err, values, models.Conflict); ok {
		if models.ErrorCode(err) == models.Conflict && !keep {
			return a.redirect(c, views.DeskTicketPath(id), "error", f.flash)
		}
		v, verr := models.DeskTicket(c.Request().Context(), a.db, currentUser(c), id)
		if verr != nil {
			return verr
		}
		forms := views.DeskForms{}
		put(&forms, f.form)
		return a.render(c, f.status, views.DeskTicketPage(v, forms))
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.DeskTicketPath(id), "success", done)
}

// insertSavedReply is the reply form's saved reply button without
// JavaScript: the ticket page again, the saved reply appended to what the
// agent had typed, nothing sent. (With JavaScript, static/js/app.js inserts
// it at the cursor and nothing is posted.)
func (a *App) insertSavedReply(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	v, err := models.DeskTicket(c.Request().Context(), a.db, currentUser(c), id)
	if err != nil {
		return err
	}
	typed := c.FormValue("reply")
	replyID, _ := strconv.ParseInt(c.FormValue("saved"), 10, 64)
	reply, err := models.SavedReplyByID(c.Request().Context(), a.db, currentUser(c), replyID)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeskTicketPage(v, views.DeskForms{
		Reply: components.Form{Values: map[string]string{"reply": models.AppendReply(typed, reply.Body)}}}))
}

func (a *App) claimTicket(c echo.Context) error {
	return a.deskAction(c, models.NewMsg("flash.support.claimed"), func(id int64) error {
		return models.ClaimTicket(c.Request().Context(), a.db, currentUser(c), id)
	}, nil, func(*views.DeskForms, components.Form) {})
}

// takeOverTicket moves another agent's claim on the ticket to the current
// one, explicitly (the audit log records it).
func (a *App) takeOverTicket(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	from, err := models.TakeOverTicket(c.Request().Context(), a.db, currentUser(c), id)
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.DeskTicketPath(id), "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.DeskTicketPath(id), "success", models.NewMsg("flash.support.taken_over", from))
}

func (a *App) assignTicket(c echo.Context) error {
	to := c.FormValue("assignee")
	toID, _ := strconv.ParseInt(to, 10, 64)
	return a.deskAction(c, models.NewMsg("flash.support.assigned"), func(id int64) error {
		return models.AssignTicket(c.Request().Context(), a.db, currentUser(c), id, toID)
	}, map[string]string{"assignee": to}, func(f *views.DeskForms, v components.Form) { f.Assign = v })
}

func (a *App) replyToTicket(c echo.Context) error {
	body := c.FormValue("reply")
	return a.deskAction(c, models.NewMsg("flash.support.replied"), func(id int64) error {
		return models.ReplyToTicket(c.Request().Context(), a.db, currentUser(c), id, body)
	}, map[string]string{"reply": body}, func(f *views.DeskForms, v components.Form) { f.Reply = v })
}

func (a *App) createTicketNote(c echo.Context) error {
	body := c.FormValue("note")
	return a.deskAction(c, models.NewMsg("flash.support.note_added"), func(id int64) error {
		return models.AddTicketNote(c.Request().Context(), a.db, currentUser(c), id, body)
	}, map[string]string{"note": body}, func(f *views.DeskForms, v components.Form) { f.Note = v })
}

func (a *App) sendTicketToModeration(c echo.Context) error {
	report, note := c.FormValue("report"), c.FormValue("moderation_note")
	reportID, _ := strconv.ParseInt(report, 10, 64)
	return a.deskActionKeeping(c, models.NewMsg("flash.support.sent_to_moderation"), func(id int64) error {
		return models.SendToModeration(c.Request().Context(), a.db, currentUser(c), id, reportID, note)
	}, map[string]string{"report": report, "moderation_note": note}, func(f *views.DeskForms, v components.Form) { f.Moderation = v }, true)
}

func (a *App) resolveTicket(c echo.Context) error {
	outcome := c.FormValue("outcome")
	return a.deskAction(c, models.NewMsg("flash.support.resolved"), func(id int64) error {
		return models.ResolveTicket(c.Request().Context(), a.db, currentUser(c), id, outcome)
	}, map[string]string{"outcome": outcome}, func(f *views.DeskForms, v components.Form) { f.Resolve = v })
}

func (a *App) showTicketEvidence(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	report := cursorParam(c, "report")
	ev, err := models.TicketEvidence(c.Request().Context(), a.db, currentUser(c), id, report)
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.DeskEvidencePage(id, report, ev))
}

// revealTicketEvidence shows support a linked report's severe evidence, as
// the moderators' reveal does: audited, counted in the day's exposure.
func (a *App) revealTicketEvidence(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	report, _ := strconv.ParseInt(c.FormValue("report"), 10, 64)
	if err := models.RevealTicketEvidence(c.Request().Context(), a.db, currentUser(c), id, report); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, views.DeskEvidencePath(id, report))
}
