package models

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Legal requests (DOMAIN "Legal requests"): a deletion request for
// illegally filmed content (전기통신사업법 22-5) from its victim or a
// designated organisation, and a temporary measure (정보통신망법 44-2,
// 임시조치) asked by a person whose privacy or reputation a post or comment
// infringes. A request rides on a case: filing it files (or links) the
// requester's report of the content, with its evidence snapshot, and marks
// the case a legal request, which puts it right after escalations in the
// queue. The case is decided as any case (remove, or no violation: the
// request refused); a temporary measure may also be blocked for up to 30
// days, during which its author may object; undecided, it is restored by
// itself at the end (RestoreEndedBlocks). The requester is never named to
// the author; only staff see who asked.

// LegalKind is the law a request is made under.
type LegalKind string

// The kinds of legal requests.
const (
	LegalIllegalFilming   LegalKind = "illegal_filming"   // 전기통신사업법 22-5
	LegalTemporaryMeasure LegalKind = "temporary_measure" // 정보통신망법 44-2
)

// LegalContentKind is what the requester says the content is.
type LegalContentKind string

// What a request may say the content is: the first three make an
// illegal-filming request, the last two a temporary measure.
const (
	LegalIllegallyFilmed LegalContentKind = "illegally_filmed" // 불법촬영물
	LegalComposite       LegalContentKind = "composite"        // a composite sexual image (허위영상물)
	LegalChildAbuse      LegalContentKind = "child_abuse"      // child sexual exploitation material
	LegalPrivacy         LegalContentKind = "privacy"          // infringes the requester's privacy
	LegalReputation      LegalContentKind = "reputation"       // infringes the requester's reputation
)

// LegalContentKinds lists them in the order the form offers them.
var LegalContentKinds = []LegalContentKind{LegalIllegallyFilmed, LegalComposite, LegalChildAbuse, LegalPrivacy, LegalReputation}

// Valid reports whether k is a known content kind.
func (k LegalContentKind) Valid() bool { return slices.Contains(LegalContentKinds, k) }

// Kind is the law a request about content of kind k is made under.
func (k LegalContentKind) Kind() LegalKind {
	if k == LegalPrivacy || k == LegalReputation {
		return LegalTemporaryMeasure
	}
	return LegalIllegalFilming
}

// reason is the Reason for Reporting the request's report is filed under.
func (k LegalContentKind) reason() ReportReason {
	switch k {
	case LegalPrivacy:
		return "personal_info"
	case LegalReputation:
		return "harassment"
	}
	return "sexual_exploitation"
}

// LegalState is where a request stands.
type LegalState string

// The states of a request.
const (
	LegalPending LegalState = "pending" // waiting for a decision
	LegalBlocked LegalState = "blocked" // a temporary block was decided; in force until BlockUntil
	LegalDecided LegalState = "decided" // Outcome says how it ended
)

// LegalOutcome is how a request ended.
type LegalOutcome string

// The outcomes of a request.
const (
	LegalRemoved  LegalOutcome = "removed"  // the content removed
	LegalRefused  LegalOutcome = "refused"  // nothing done
	LegalRestored LegalOutcome = "restored" // a temporary block ended with the content shown again
)

// The rules' numbers.
const (
	LegalAnswerDays       = 14   // an illegal-filming request is answered within 14 days
	LegalExtensionDays    = 14   // its one extension adds as many
	MaxBlockDays          = 30   // a temporary block lasts at most 30 days
	MaxLegalText          = 2000 // an explanation or an objection
	MaxExtensionReason    = 1000
	LegalEndedBlocksBatch = 500 // blocks RestoreEndedBlocks ends per transaction at most
)

// RequesterKind is who asks: the victim, or a designated organisation.
type RequesterKind string

// The requester kinds.
const (
	RequesterVictim       RequesterKind = "victim"
	RequesterOrganisation RequesterKind = "organisation"
)

// LegalRequest is one request, as staff and its requester read it. The
// columns computed from time (Overdue, BlockInForce) are the database's
// now(), so that nothing shows blocked after its end even before the job
// that tells of it has run.
type LegalRequest struct {
	ID              int64
	Kind            LegalKind
	RequesterID     *int64
	RequesterKind   RequesterKind
	SubjectType     SubjectType
	SubjectID       int64
	AuthorID        *int64
	CaseID          *int64
	ReportID        *int64
	ContentKind     LegalContentKind
	Explanation     string
	State           LegalState
	DeadlineAt      *time.Time
	ExtendedAt      *time.Time
	ExtendedBy      *int64
	ExtensionReason string
	Outcome         LegalOutcome
	OutcomeNote     string
	DecisionID      *int64
	DecidedBy       *int64
	DecidedAt       *time.Time
	BlockedAt       *time.Time
	BlockUntil      *time.Time
	Objection       string
	ObjectedAt      *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Overdue      bool   `gorm:"->"` // pending past its deadline
	BlockInForce bool   `gorm:"->"` // blocked and block_until not yet passed
	Hidden       bool   `gorm:"->"` // its subject is hidden pending review now
	PostID       int64  `gorm:"->"` // the post of its subject (a post's own id), 0 once gone
	PostTitle    string `gorm:"->"` // that post's title, for its requester's list
}

// legalColumns are a request's columns with those computed from time.
const legalColumns = `lr.*, (lr.state = 'pending' AND lr.deadline_at < now()) AS overdue,
	(lr.state = 'blocked' AND lr.block_until > now()) AS block_in_force,
	EXISTS (SELECT 1 FROM hidden_content h WHERE h.subject_type = lr.subject_type AND h.subject_id = lr.subject_id
		AND h.ended_at IS NULL AND ` + hideNotLapsedSQL + `) AS hidden,
	coalesce(CASE lr.subject_type WHEN 'post' THEN lr.subject_id
		ELSE (SELECT post_id FROM board_comments WHERE id = lr.subject_id) END, 0) AS post_id`

// CanExtend reports whether the request's deadline may still be extended:
// an illegal-filming request not yet answered nor extended.
func (r *LegalRequest) CanExtend() bool {
	return r.Kind == LegalIllegalFilming && r.State != LegalDecided && r.ExtendedAt == nil
}

// CanHide reports whether the request's subject may be hidden at once.
func (r *LegalRequest) CanHide() bool { return r.State == LegalPending && !r.Hidden }

// CanBlock reports whether a temporary block may be decided.
func (r *LegalRequest) CanBlock() bool {
	return r.Kind == LegalTemporaryMeasure && r.State == LegalPending
}

// ErrLegalPrivateChat refuses a request about a 1:1 chat message: the law
// covers content circulated publicly.
var ErrLegalPrivateChat = Coded(Invalid, "legal.private_chat")

// LegalInput is a filled-in request form.
type LegalInput struct {
	Type        SubjectType
	ID          int64
	ContentKind string
	Explanation string
}

func (in *LegalInput) validate() error {
	if in.Type == SubjectMessage {
		return ErrLegalPrivateChat
	}
	f := FieldErrors{}
	in.Explanation = strings.TrimSpace(in.Explanation)
	if !LegalContentKind(in.ContentKind).Valid() {
		f.Add("content_kind", "legal.content_kind_empty")
	}
	if n := utf8.RuneCountInString(in.Explanation); n == 0 {
		f.Add("explanation", "legal.explanation_empty")
	} else if n > MaxLegalText {
		f.Add("explanation", "legal.explanation_too_long", MaxLegalText, n)
	}
	return f.Err()
}

// LegalTarget is the content a request is about, as its form shows it.
type LegalTarget struct {
	Type     SubjectType
	ID       int64
	AuthorID int64
	PostID   int64
	Title    string
	Excerpt  string
	Removed  bool
	Hidden   bool
}

// legalTarget reads subject typ/id as userID may see it, for a request.
// Errors: ErrLegalPrivateChat (a chat message), NotFound (no such content,
// deleted, removed, hidden from the user, or in a room they are not a
// member of), Invalid (their own).
func legalTarget(tx *gorm.DB, userID int64, typ SubjectType, id int64) (*LegalTarget, error) {
	if typ == SubjectMessage {
		return nil, ErrLegalPrivateChat
	}
	if !Hideable(typ) {
		return nil, Coded(NotFound, "report.no_such_subject_type")
	}
	var t LegalTarget
	q := `SELECT p.author_id, p.id AS post_id, p.title, p.body AS excerpt, p.removed_at IS NOT NULL OR p.deleted_at IS NOT NULL AS removed,
			` + postHiddenSQL + ` AS hidden
		FROM board_posts p JOIN open_chat_members om ON om.room_id = p.room_id AND om.user_id = ? WHERE p.id = ?`
	if typ == SubjectComment {
		q = `SELECT c.author_id, p.id AS post_id, p.title, c.body AS excerpt,
				c.removed_at IS NOT NULL OR c.deleted_at IS NOT NULL OR p.deleted_at IS NOT NULL AS removed, ` + commentHiddenSQL + ` AS hidden
			FROM board_comments c JOIN board_posts p ON p.id = c.post_id
			JOIN open_chat_members om ON om.room_id = p.room_id AND om.user_id = ? WHERE c.id = ?`
	}
	res := tx.Raw(q, userID, id).Scan(&t)
	if res.Error != nil {
		return nil, res.Error
	}
	notFound := Coded(NotFound, "legal.subject_not_found")
	if res.RowsAffected == 0 || t.Removed || (t.Hidden && t.AuthorID != userID) {
		return nil, notFound
	}
	if t.AuthorID == userID {
		return nil, Coded(Invalid, "legal.own_content")
	}
	t.Type, t.ID, t.Excerpt = typ, id, firstLineOf(t.Excerpt, 140)
	return &t, nil
}

// LegalTargetFor returns the content userID wants to file a request about.
// Errors: as legalTarget.
func LegalTargetFor(ctx context.Context, db *gorm.DB, userID int64, typ SubjectType, id int64) (*LegalTarget, error) {
	return legalTarget(db.WithContext(ctx), userID, typ, id)
}

// FileLegalRequest files requester's request, all in one transaction: the
// requester's report of the content under the reason the content kind
// maps to (their earlier report of it, if its case is still open, is
// linked instead), its case marked a legal request, the request with its
// deadline (an illegal-filming request: created_at + 14 days), a notice
// to the requester, and the audit event. requester_kind is organisation
// when the account is a designated organisation. A double submit files
// one request. It returns the request, and with an error the content for
// the form to be shown again when the requester may see it. Errors:
// ErrLegalPrivateChat, NotFound, Invalid (own content; fields
// content_kind, explanation), Conflict (a request of theirs on it is
// open; their report of it was decided already), Restricted (from
// reporting).
func FileLegalRequest(ctx context.Context, db *gorm.DB, requesterID int64, in LegalInput) (*LegalRequest, *LegalTarget, error) {
	invalid := in.validate()
	if invalid == ErrLegalPrivateChat {
		return nil, nil, invalid
	}
	var target *LegalTarget
	var out *LegalRequest
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := lockReporter(tx, requesterID); err != nil {
			return err
		}
		t, err := legalTarget(tx, requesterID, in.Type, in.ID)
		if err != nil {
			return err
		}
		target = t
		if invalid != nil {
			return invalid
		}
		var open int64
		if err := tx.Raw(`SELECT count(*) FROM legal_requests WHERE requester_id = ? AND subject_type = ? AND subject_id = ? AND state <> 'decided'`,
			requesterID, in.Type, in.ID).Scan(&open).Error; err != nil {
			return err
		}
		if open > 0 {
			return Coded(Conflict, "legal.already_requested")
		}
		kind := LegalContentKind(in.ContentKind)
		var earlier struct {
			ID     int64
			CaseID int64
			Open   bool
		}
		res := tx.Raw(`SELECT r.id, r.case_id, c.state <> 'resolved' AS open FROM reports r JOIN cases c ON c.id = r.case_id
			WHERE r.reporter_id = ? AND r.subject_type = ? AND r.subject_id = ?`, requesterID, in.Type, in.ID).Scan(&earlier)
		if res.Error != nil {
			return res.Error
		}
		reportID, caseID := earlier.ID, earlier.CaseID
		switch {
		case res.RowsAffected > 0 && !earlier.Open:
			return Coded(Conflict, "legal.report_decided")
		case res.RowsAffected == 0:
			_, filed, err := fileIfAllowed(ctx, tx, requesterID, ReportInput{Type: in.Type, ID: in.ID, Reasons: []string{string(kind.reason())}},
				ReasonList{kind.reason()}, 0)
			if err != nil {
				return err
			}
			reportID, caseID = filed.ReportID, filed.CaseID
		}
		var r LegalRequest
		if err := tx.Raw(`INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, author_id, case_id, report_id,
				content_kind, explanation, deadline_at)
			SELECT @kind, @rep, CASE WHEN u.designation IS NOT NULL THEN 'organisation' ELSE 'victim' END, @typ, @id, @author, @case, @report,
				@content, @explanation, CASE WHEN @kind = 'illegal_filming' THEN now() + make_interval(days => @days) END
			FROM users u WHERE u.id = @rep RETURNING *`,
			map[string]any{"kind": kind.Kind(), "rep": requesterID, "typ": in.Type, "id": in.ID, "author": t.AuthorID, "case": caseID,
				"report": reportID, "content": kind, "explanation": in.Explanation, "days": LegalAnswerDays}).Scan(&r).Error; err != nil {
			if isUniqueViolation(err) {
				return Coded(Conflict, "legal.already_requested")
			}
			return err
		}
		if err := tx.Exec("UPDATE cases SET legal_request = true, updated_at = now() WHERE id = ?", caseID).Error; err != nil {
			return err
		}
		if err := notify(tx, &Notice{UserID: requesterID, Kind: NoticeLegalReceived, LegalRequestID: &r.ID}); err != nil {
			return err
		}
		out = &r
		return audit(tx, requesterID, "legal.file", "legal_request", r.ID, map[string]any{"kind": r.Kind, "content_kind": r.ContentKind,
			"requester_kind": r.RequesterKind, "case": caseID, "report": reportID, "subject_type": in.Type, "subject_id": in.ID})
	})
	if err != nil {
		return nil, target, err
	}
	return out, target, nil
}

// lockLegal locks request id for a moderator's action on it. Errors:
// Forbidden (not a moderator), NotFound.
func lockLegal(tx *gorm.DB, actor *User, id int64) (*LegalRequest, error) {
	if err := ensureModerator(actor); err != nil {
		return nil, err
	}
	var r LegalRequest
	if err := tx.Raw("SELECT * FROM legal_requests WHERE id = ? FOR UPDATE", id).Take(&r).Error; err != nil {
		return nil, notFound(err, "legal.not_found")
	}
	return &r, nil
}

// HideForLegalRequest hides request id's content from everyone but its
// author at once, pending the decision (HidePendingReview, its source the
// request), on behalf of actor; the author is told it is hidden while it
// is reviewed. Errors: Forbidden, NotFound, Conflict (decided, or hidden
// already).
func HideForLegalRequest(ctx context.Context, db *gorm.DB, actor *User, id int64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := lockLegal(tx, actor, id)
		if err != nil {
			return err
		}
		if r.State != LegalPending {
			return Coded(Conflict, "legal.not_pending")
		}
		hid, err := HidePendingReview(tx, r.SubjectType, r.SubjectID, HideSource{Kind: HideByLegalRequest, ID: r.ID, CaseID: r.CaseID})
		if err != nil {
			return err
		}
		if !hid {
			return Coded(Conflict, "legal.hidden_already")
		}
		if r.AuthorID != nil {
			if err := notify(tx, &Notice{UserID: *r.AuthorID, Kind: NoticeContentHidden, CaseID: r.CaseID}); err != nil {
				return err
			}
		}
		return audit(tx, actor.ID, "legal.hide", "legal_request", r.ID, map[string]any{"case": r.CaseID})
	})
}

// ExtendLegalDeadline extends request id's deadline once, by
// LegalExtensionDays, for reason, on behalf of actor; the requester is
// told the new deadline. Errors: Forbidden, NotFound, Invalid (field
// reason; not an illegal-filming request), Conflict (answered already, or
// extended once already).
func ExtendLegalDeadline(ctx context.Context, db *gorm.DB, actor *User, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n == 0 || n > MaxExtensionReason {
		if err := ensureModerator(actor); err != nil {
			return err
		}
		return fieldError("reason", "legal.extension_reason", MaxExtensionReason)
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := lockLegal(tx, actor, id)
		if err != nil {
			return err
		}
		switch {
		case r.Kind != LegalIllegalFilming:
			return Coded(Invalid, "legal.extend_kind")
		case r.State == LegalDecided:
			return Coded(Conflict, "legal.not_pending")
		case r.ExtendedAt != nil:
			return Coded(Conflict, "legal.extended_once")
		}
		if err := tx.Exec(`UPDATE legal_requests SET deadline_at = deadline_at + make_interval(days => ?), extended_at = now(), extended_by = ?,
			extension_reason = ?, updated_at = now() WHERE id = ?`, LegalExtensionDays, actor.ID, reason, r.ID).Error; err != nil {
			return err
		}
		if r.RequesterID != nil {
			if err := notify(tx, &Notice{UserID: *r.RequesterID, Kind: NoticeLegalExtended, Body: reason, LegalRequestID: &r.ID}); err != nil {
				return err
			}
		}
		return audit(tx, actor.ID, "legal.extend", "legal_request", r.ID, map[string]any{"reason": reason, "days": LegalExtensionDays})
	})
}

// BlockTemporarily decides a temporary block of days (1 to MaxBlockDays)
// on temporary measure id, on behalf of actor: its content hidden from
// everyone but its author until the block ends, both sides told (the
// author that they may object). The case stays open: a moderator then
// removes the content or decides no violation (restored), and undecided
// it is restored by itself at the end. Errors: Forbidden, NotFound,
// Invalid (field days; not a temporary measure), Conflict (not pending).
func BlockTemporarily(ctx context.Context, db *gorm.DB, actor *User, id int64, days string) error {
	n, err := strconv.Atoi(strings.TrimSpace(days))
	if err != nil || n < 1 || n > MaxBlockDays {
		if err := ensureModerator(actor); err != nil {
			return err
		}
		return fieldError("days", "legal.block_days", MaxBlockDays)
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := lockLegal(tx, actor, id)
		if err != nil {
			return err
		}
		if r.Kind != LegalTemporaryMeasure {
			return Coded(Invalid, "legal.block_kind")
		}
		if r.State != LegalPending {
			return Coded(Conflict, "legal.not_pending")
		}
		var until time.Time
		if err := tx.Raw(`UPDATE legal_requests SET state = 'blocked', blocked_at = now(), block_until = now() + make_interval(days => ?),
			objection = '', objected_at = NULL, updated_at = now() WHERE id = ? RETURNING block_until`, n, r.ID).Scan(&until).Error; err != nil {
			return err
		}
		var hideID int64
		if err := tx.Raw(`UPDATE hidden_content SET source = ?, source_id = ? WHERE subject_type = ? AND subject_id = ? AND ended_at IS NULL RETURNING id`,
			HideByLegalRequest, r.ID, r.SubjectType, r.SubjectID).Scan(&hideID).Error; err != nil {
			return err
		}
		// The statement of reasons of the block (DSA Art. 17): written with
		// the hide, or on its own when the content was hidden already
		// (Hide now), which had its own statement.
		if hideID == 0 {
			if _, err := HidePendingReview(tx, r.SubjectType, r.SubjectID,
				HideSource{Kind: HideByLegalRequest, ID: r.ID, CaseID: r.CaseID, BlockUntil: &until}); err != nil {
				return err
			}
		} else if _, err := RecordStatement(tx, StatementInput{Kind: StatementTemporaryBlock, UserID: idOr0(r.AuthorID),
			SubjectType: r.SubjectType, SubjectID: r.SubjectID, EndsAt: &until, CaseID: r.CaseID, HideID: &hideID,
			LegalRequestID: &r.ID}); err != nil {
			return err
		}
		for _, u := range []*int64{r.RequesterID, r.AuthorID} {
			if u != nil {
				if err := notify(tx, &Notice{UserID: *u, Kind: NoticeLegalBlocked, LegalRequestID: &r.ID}); err != nil {
					return err
				}
			}
		}
		return audit(tx, actor.ID, "legal.block", "legal_request", r.ID, map[string]any{"days": n, "case": r.CaseID})
	})
}

// ObjectToBlock records authorID's objection to the temporary block in
// force on their post or comment typ/id, with text, for a moderator to
// restore or remove it. Errors: NotFound (nothing of theirs blocked),
// Invalid (field objection), Conflict (the block has ended; objected
// already).
func ObjectToBlock(ctx context.Context, db *gorm.DB, authorID int64, typ SubjectType, id int64, text string) error {
	text = strings.TrimSpace(text)
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r LegalRequest
		res := tx.Raw(`SELECT lr.*, lr.block_until > now() AS block_in_force FROM legal_requests lr
			WHERE lr.author_id = ? AND lr.subject_type = ? AND lr.subject_id = ? AND lr.kind = ? AND lr.blocked_at IS NOT NULL
			ORDER BY lr.blocked_at DESC LIMIT 1 FOR UPDATE`, authorID, typ, id, LegalTemporaryMeasure).Scan(&r)
		if res.Error != nil {
			return res.Error
		}
		switch {
		case res.RowsAffected == 0:
			return Coded(NotFound, "legal.no_block")
		case r.State != LegalBlocked || !r.BlockInForce:
			return Coded(Conflict, "legal.objection_closed")
		case r.ObjectedAt != nil:
			return Coded(Conflict, "legal.objected_already")
		}
		if n := utf8.RuneCountInString(text); n == 0 || n > MaxLegalText {
			return fieldError("objection", "legal.objection_length", MaxLegalText)
		}
		if err := tx.Exec("UPDATE legal_requests SET objection = ?, objected_at = now(), updated_at = now() WHERE id = ?", text, r.ID).Error; err != nil {
			return err
		}
		if r.CaseID != nil {
			if err := tx.Exec("UPDATE cases SET updated_at = now() WHERE id = ?", *r.CaseID).Error; err != nil {
				return err
			}
		}
		return audit(tx, authorID, "legal.object", "legal_request", r.ID, map[string]any{"case": r.CaseID})
	})
}

// BlockOf is the temporary block in force on the author's own post or
// comment typ/id, for the objection form. Errors: NotFound when none is.
func BlockOf(ctx context.Context, db *gorm.DB, authorID int64, typ SubjectType, id int64) (*LegalRequest, error) {
	var r LegalRequest
	res := db.WithContext(ctx).Raw(`SELECT `+legalColumns+` FROM legal_requests lr
		WHERE lr.author_id = ? AND lr.subject_type = ? AND lr.subject_id = ? AND lr.state = 'blocked' AND lr.block_until > now()
		ORDER BY lr.id DESC LIMIT 1`, authorID, typ, id).Scan(&r)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, Coded(NotFound, "legal.no_block")
	}
	return &r, nil
}

// answerLegalRequests answers the open legal requests on the decision's
// cases: removed when it removes the content, restored when a temporary
// block was in place, else refused; each requester told the outcome (in
// place of their report's outcome notice), an author whose block ends
// told the content is back.
func (s *decision) answerLegalRequests() error {
	var answered []LegalRequest
	if err := s.tx.Raw(`UPDATE legal_requests SET outcome = CASE WHEN @removed THEN 'removed' WHEN state = 'blocked' THEN 'restored' ELSE 'refused' END,
			state = 'decided', decision_id = @decision, decided_by = nullif(@actor, 0), decided_at = now(), updated_at = now()
		WHERE case_id IN @cases AND state <> 'decided' RETURNING *`,
		map[string]any{"removed": s.d.removesContent(), "decision": s.id, "actor": s.actor.ID, "cases": s.caseIDs()}).Scan(&answered).Error; err != nil {
		return err
	}
	if len(answered) == 0 {
		return nil
	}
	ids := make([]int64, len(answered))
	s.legalReports = map[int64]bool{}
	for i, r := range answered {
		ids[i] = r.ID
		if r.ReportID != nil {
			s.legalReports[*r.ReportID] = true
		}
		if r.RequesterID != nil {
			if err := notify(s.tx, &Notice{UserID: *r.RequesterID, Kind: NoticeLegalOutcome, LegalRequestID: &r.ID}); err != nil {
				return err
			}
		}
		if r.Outcome == LegalRestored && r.AuthorID != nil {
			if err := notify(s.tx, &Notice{UserID: *r.AuthorID, Kind: NoticeLegalRestored, LegalRequestID: &r.ID}); err != nil {
				return err
			}
		}
	}
	s.detail["legal_requests"] = ids
	return nil
}

// reopenLegalRequests puts the requests a reversed decision answered back
// to pending, inside tx.
func reopenLegalRequests(tx *gorm.DB, decisionID int64, caseIDs []int64) error {
	return tx.Exec(`UPDATE legal_requests SET state = 'pending', outcome = '', decision_id = NULL, decided_by = NULL, decided_at = NULL,
		updated_at = now() WHERE decision_id = ? AND case_id IN ?`, decisionID, caseIDs).Error
}

// RestoreEndedBlocks ends each temporary block whose period has passed
// without a decision: the request restored, its hide ended (the one it
// placed), requester and author told. Each is ended once however many
// workers run it (SKIP LOCKED). It returns how many it ended.
func RestoreEndedBlocks(ctx context.Context, db *gorm.DB) (int64, error) {
	return inBatches(ctx, db, LegalEndedBlocksBatch, func(tx *gorm.DB) (int64, error) {
		var ended []LegalRequest
		if err := tx.Raw(`SELECT * FROM legal_requests WHERE state = 'blocked' AND block_until <= now()
				ORDER BY block_until, id LIMIT ? FOR UPDATE SKIP LOCKED`, LegalEndedBlocksBatch).Scan(&ended).Error; err != nil {
			return 0, err
		}
		for _, r := range ended {
			if err := tx.Exec(`UPDATE legal_requests SET state = 'decided', outcome = 'restored', decided_at = now(), updated_at = now()
					WHERE id = ?`, r.ID).Error; err != nil {
				return 0, err
			}
			if err := tx.Exec(`UPDATE hidden_content SET ended_at = now(), outcome = ? WHERE source = ? AND source_id = ? AND ended_at IS NULL`,
				HideRestored, HideByLegalRequest, r.ID).Error; err != nil {
				return 0, err
			}
			if r.RequesterID != nil {
				if err := notify(tx, &Notice{UserID: *r.RequesterID, Kind: NoticeLegalOutcome, LegalRequestID: &r.ID}); err != nil {
					return 0, err
				}
			}
			if r.AuthorID != nil {
				if err := notify(tx, &Notice{UserID: *r.AuthorID, Kind: NoticeLegalRestored, LegalRequestID: &r.ID}); err != nil {
					return 0, err
				}
			}
			if err := auditBy(tx, nil, "legal.block_end", "legal_request", r.ID, map[string]any{"case": r.CaseID}); err != nil {
				return 0, err
			}
		}
		return int64(len(ended)), nil
	})
}

// legalRequestsOfCase are the legal requests on case caseID, oldest first.
func legalRequestsOfCase(tx *gorm.DB, caseID int64) ([]LegalRequest, error) {
	var out []LegalRequest
	err := tx.Raw(`SELECT `+legalColumns+` FROM legal_requests lr WHERE lr.case_id = ? ORDER BY lr.id`, caseID).Scan(&out).Error
	return out, err
}

// MyLegalRequests returns up to limit of userID's requests older than
// before (0: the newest), newest first, and the id to page on from.
func MyLegalRequests(ctx context.Context, db *gorm.DB, userID, before int64, limit int) ([]LegalRequest, int64, error) {
	q := db.WithContext(ctx).Raw(`SELECT `+legalColumns+`,
			coalesce((SELECT CASE WHEN p.deleted_at IS NULL AND p.removed_at IS NULL THEN p.title END FROM board_posts p WHERE p.id =
				CASE lr.subject_type WHEN 'post' THEN lr.subject_id ELSE (SELECT post_id FROM board_comments WHERE id = lr.subject_id) END), '') AS post_title
		FROM legal_requests lr WHERE lr.requester_id = ? AND (? = 0 OR lr.id < ?) ORDER BY lr.id DESC LIMIT ?`, userID, before, before, limit+1)
	var out []LegalRequest
	if err := q.Scan(&out).Error; err != nil {
		return nil, 0, err
	}
	out, next := nextPage(out, limit, func(r LegalRequest) int64 { return r.ID })
	return out, next, nil
}

// hideNotLapsedSQL is true for a hide h that is not a temporary block past
// its end: such a hide no longer hides anything, even before
// RestoreEndedBlocks has ended it.
const hideNotLapsedSQL = `NOT EXISTS (SELECT 1 FROM legal_requests lb WHERE h.source = 'legal_request' AND lb.id = h.source_id
	AND lb.state = 'blocked' AND lb.block_until <= now())`

// postBlockedSQL and commentBlockedSQL are the end of the temporary block
// in force on the board post p or the comment c, or NULL.
const (
	postBlockedSQL = `(SELECT max(lb.block_until) FROM legal_requests lb WHERE lb.subject_type = 'post' AND lb.subject_id = p.id
		AND lb.state = 'blocked' AND lb.block_until > now())`
	commentBlockedSQL = `(SELECT max(lb.block_until) FROM legal_requests lb WHERE lb.subject_type = 'comment' AND lb.subject_id = c.id
		AND lb.state = 'blocked' AND lb.block_until > now())`
)

// LegalChatRoom is the 1:1 chat room of message messageID for userID, a
// member of it, so that the page which explains that the law covers
// public content can link its export; 0 when they are not.
func LegalChatRoom(ctx context.Context, db *gorm.DB, userID, messageID int64) (int64, error) {
	var room int64
	err := db.WithContext(ctx).Raw(`SELECT c.room_id FROM chat_messages c JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = ? AND m.active
		WHERE c.id = ?`, userID, messageID).Scan(&room).Error
	return room, err
}

// LegalRequestCase is the case request id rides on, for a moderator's
// page. Errors: Forbidden (not a moderator), NotFound.
func LegalRequestCase(ctx context.Context, db *gorm.DB, actor *User, id int64) (int64, error) {
	if err := ensureModerator(actor); err != nil {
		return 0, err
	}
	var row struct{ CaseID *int64 }
	res := db.WithContext(ctx).Raw("SELECT case_id FROM legal_requests WHERE id = ?", id).Scan(&row)
	if res.Error != nil {
		return 0, res.Error
	}
	if res.RowsAffected == 0 || row.CaseID == nil {
		return 0, Coded(NotFound, "legal.not_found")
	}
	return *row.CaseID, nil
}

// idOr0 is *id, 0 for none.
func idOr0(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
