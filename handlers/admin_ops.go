package handlers

import (
	"database/sql"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"talksafe/models"
	"talksafe/views"
	"talksafe/views/components"
)

// showRetention shows the retention schedule and the legal holds.
func (a *App) showRetention(c echo.Context) error {
	return a.renderRetention(c, http.StatusOK, components.Form{Values: map[string]string{"subject_type": string(models.HoldUser)}})
}

func (a *App) renderRetention(c echo.Context, status int, f components.Form) error {
	active, released, err := models.LegalHolds(c.Request().Context(), a.db)
	if err != nil {
		return err
	}
	return a.render(c, status, views.RetentionPage(a.cfg.Retention, active, released, f))
}

// placeHold places a legal hold.
func (a *App) placeHold(c echo.Context) error {
	in := models.HoldInput{SubjectType: c.FormValue("subject_type"), SubjectID: c.FormValue("subject_id"), Reason: c.FormValue("reason")}
	_, err := models.PlaceHold(c.Request().Context(), a.db, currentUser(c), in)
	values := map[string]string{"subject_type": in.SubjectType, "subject_id": in.SubjectID, "reason": in.Reason}
	if f, ok := failed(err, values); ok {
		return a.renderRetention(c, f.status, f.form)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminRetentionPath+"#holds", "success", models.NewMsg("flash.admin.hold_placed"))
}

// releaseHold releases a legal hold.
func (a *App) releaseHold(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = models.ReleaseHold(c.Request().Context(), a.db, currentUser(c), id, c.FormValue("release_reason"))
	if f, ok := failed(err, nil, models.Conflict); ok {
		return a.redirect(c, views.AdminRetentionPath+"#holds", "error", f.flash)
	}
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminRetentionPath+"#holds", "success", models.NewMsg("flash.admin.hold_released"))
}

// jobsShown is how many jobs each list of the jobs page shows.
const jobsShown = 50

// showJobs lists the failed jobs and the recent ones.
func (a *App) showJobs(c echo.Context) error {
	ctx := c.Request().Context()
	failedJobs, err := a.jobs.JobList(ctx, river.NewJobListParams().
		States(rivertype.JobStateRetryable, rivertype.JobStateDiscarded).
		OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(jobsShown))
	if err != nil {
		return err
	}
	recent, err := a.jobs.JobList(ctx, river.NewJobListParams().OrderBy(river.JobListOrderByID, river.SortOrderDesc).First(jobsShown))
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, views.JobsPage(jobRows(failedJobs.Jobs), jobRows(recent.Jobs)))
}

func jobRows(jobs []*rivertype.JobRow) []views.JobRow {
	out := make([]views.JobRow, 0, len(jobs))
	for _, j := range jobs {
		r := views.JobRow{ID: j.ID, Kind: j.Kind, State: string(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
			CreatedAt: j.CreatedAt, AttemptedAt: j.AttemptedAt, FinalizedAt: j.FinalizedAt, ScheduledAt: j.ScheduledAt,
			Retryable: j.State == rivertype.JobStateRetryable || j.State == rivertype.JobStateDiscarded ||
				j.State == rivertype.JobStateCancelled}
		if n := len(j.Errors); n > 0 {
			r.LastError = j.Errors[n-1].Error
		}
		out = append(out, r)
	}
	return out
}

// retryJob runs a failed job again now.
func (a *App) retryJob(c echo.Context) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	err = models.RetryJob(ctx, a.db, currentUser(c), id, func(tx *sql.Tx) (string, error) {
		job, err := a.jobs.JobRetryTx(ctx, tx, id)
		if errors.Is(err, rivertype.ErrNotFound) {
			return "", models.ErrJobNotFound
		}
		if err != nil {
			return "", err
		}
		return job.Kind, nil
	})
	if err != nil {
		return err
	}
	return a.redirect(c, views.AdminJobsPath, "success", models.NewMsg("flash.admin.job_retried"))
}
