package views

import (
	"context"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// The words of complaints and designated organisations.

// designationLabel names a kind of designated organisation.
func designationLabel(ctx context.Context, d models.Designation) string {
	return components.T(ctx, "designation.kind."+string(d))
}

// designationOptions are the kinds an admin chooses from.
func designationOptions(ctx context.Context) []components.Option {
	var opts []components.Option
	for _, d := range models.Designations {
		opts = append(opts, components.Option{Value: string(d), Label: designationLabel(ctx, d)})
	}
	return opts
}

// complaintStateWords says where a complaint stands, to its complainant;
// byReporter: a reporter's second look.
func complaintStateWords(ctx context.Context, s models.ComplaintState, byReporter bool) string {
	if byReporter {
		return components.T(ctx, "complaint.second_look_state."+string(s))
	}
	return components.T(ctx, "complaint.state."+string(s))
}

// complaintWhat says what the complaint is about, to its complainant.
func complaintWhat(ctx context.Context, t *models.ComplaintTarget) string {
	when := map[string]any{"Date": stamp(ctx, t.NoticedAt), "Subject": components.T(ctx, "complaint.subject."+string(t.SubjectType))}
	switch t.On {
	case models.ComplainHide:
		return components.T(ctx, "complaint.what_hide", when)
	case models.ComplainReport:
		return components.T(ctx, "complaint.what_report", when)
	}
	when["Decision"] = kindLabel(ctx, t.Kind)
	when["Policy"] = policyLabel(ctx, t.Policy)
	return components.T(ctx, "complaint.what_decision", when)
}

// complaintTitle is the complaint page's heading.
func complaintTitle(ctx context.Context, on models.ComplaintOn) string {
	if on == models.ComplainReport {
		return components.T(ctx, "complaint.second_look_title")
	}
	return components.T(ctx, "complaint.title")
}

// complaintRefusal is why no complaint can be filed now, in words; "" when one can.
func complaintRefusal(ctx context.Context, t *models.ComplaintTarget) string {
	if e := models.AsError(t.Refusal(time.Now())); e != nil {
		return components.Word(ctx, e.Msg)
	}
	return ""
}

// staffComplaintWhat says what a complaint is about, to staff.
func staffComplaintWhat(ctx context.Context, c models.PendingComplaint) string {
	subject := "other"
	if c.SubjectType != nil {
		subject = string(*c.SubjectType)
	}
	args := map[string]any{"Subject": components.T(ctx, "complaint.subject."+subject), "Name": c.DeciderName}
	if c.DecidedOn != nil {
		args["Date"] = stamp(ctx, *c.DecidedOn)
	}
	switch c.On() {
	case models.ComplainHide:
		return components.T(ctx, "mod.complaints.about_hide", args)
	case models.ComplainReport:
		return components.T(ctx, "mod.complaints.about_report", args)
	}
	if c.Kind != nil {
		args["Decision"] = kindLabel(ctx, *c.Kind)
	}
	policy := ""
	if c.PolicyReason != nil {
		policy = *c.PolicyReason
	}
	args["Policy"] = policyLabel(ctx, policy)
	return components.T(ctx, "mod.complaints.about_decision", args)
}

// noticeComplaintOn is what a notice's "Appeal this decision" leads to, "" for none.
func noticeComplaintPath(n models.NoticeItem) string {
	on, id := n.ComplaintOn(time.Now())
	if on == "" {
		return ""
	}
	return ComplaintPath(on, id)
}

// secondLookPath is where a reporter asks for a second look at report r's
// "no violation", "" when they cannot (any more).
func secondLookPath(r models.MyReport) string {
	if r.State != models.ReportRejected || r.SecondLook != nil || r.DecidedAt == nil ||
		time.Now().After(r.DecidedAt.AddDate(0, models.ComplaintMonths, 0)) {
		return ""
	}
	return ComplaintPath(models.ComplainReport, r.ID)
}

// grantLabel is the grant button's words: reverse the decision, or look
// at the case again for a reporter.
func grantLabel(ctx context.Context, c models.PendingComplaint) string {
	if c.ByReporter {
		return components.T(ctx, "mod.complaints.grant_second_look")
	}
	return components.T(ctx, "mod.complaints.grant")
}
