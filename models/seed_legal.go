package models

import (
	"time"
)

// legal gives the demo its legal requests (legal.go): the designated
// organisation's illegal-filming request, 12 days old, hidden at once; a
// victim's request whose deadline mod extended; and a temporary measure on
// one of alice's posts, blocked for 7 days, to which she objected.
func (s *demoSeeder) legal() {
	if s.err != nil {
		return
	}
	org := s.ids["supportcenter"]
	s.exec("UPDATE users SET designation = ?, designated_at = ? WHERE id = ?", DesignatedKCCBody, s.now.AddDate(0, -1, 0), org)
	hiking := s.lookup("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'")
	s.create(&OpenChatMember{RoomID: hiking, UserID: org, JoinedAt: s.now.AddDate(0, 0, -20)})
	post := func(author, title, body string, ago time.Duration) int64 {
		p := BoardPost{RoomID: hiking, AuthorID: s.ids[author], Title: title, Body: body, CreatedAt: s.now.Add(-ago), UpdatedAt: s.now.Add(-ago)}
		s.create(&p)
		return p.ID
	}
	mod := &User{ID: s.ids["mod"], Role: RoleModerator, TimeZone: DefaultTimeZone}

	// The organisation's request, 12 days old, hidden at once.
	filmed := post("rupert", "Changing room pics lol", "[a picture taken secretly in a changing room; not part of the demo]", 13*24*time.Hour)
	r := s.fileLegal("supportcenter", filmed, LegalIllegallyFilmed,
		"A victim we support identified herself in this picture, taken without her knowledge in a changing room. We ask for its deletion under art. 22-5.",
		12*24*time.Hour)
	if s.err == nil {
		s.err = HideForLegalRequest(s.tx.Statement.Context, s.tx, mod, r)
	}

	// A victim's request, 16 days old, its deadline extended once.
	composite := post("trent", "Guess who this is", "[an edited picture that puts a member's face on a sexual image; not part of the demo]", 17*24*time.Hour)
	r = s.fileLegal("grace", composite, LegalComposite, "This is my face edited onto someone else's body. I never agreed to any of it.", 16*24*time.Hour)
	if s.err == nil {
		s.err = ExtendLegalDeadline(s.tx.Statement.Context, s.tx, mod, r,
			"We asked the requester for the original picture to compare; the answer comes once it is checked.")
	}

	// A temporary measure on alice's post, blocked for 7 days, with her objection.
	review := post("alice", "Avoid the café at the trailhead", "Dave's café charged us ₩9,000 for instant coffee and he was rude about it.", 3*24*time.Hour)
	r = s.fileLegal("dave", review, LegalReputation, "This post names me and calls me a cheat. I run the café; the price is on the menu board.", 2*24*time.Hour)
	if s.err == nil {
		s.err = BlockTemporarily(s.tx.Statement.Context, s.tx, mod, r, "7")
	}
	s.exec(`UPDATE legal_requests SET blocked_at = blocked_at - interval '1 day', block_until = block_until - interval '1 day' WHERE id = ?`, r)
	if s.err == nil {
		s.err = ObjectToBlock(s.tx.Statement.Context, s.tx, s.ids["alice"], SubjectPost, review,
			"The price really was ₩9,000 and that is my honest opinion as a customer.")
	}
}

// fileLegal files who's request about post, of content kind, as filed ago,
// and returns its id.
func (s *demoSeeder) fileLegal(who string, post int64, kind LegalContentKind, why string, ago time.Duration) int64 {
	if s.err != nil {
		return 0
	}
	r, _, err := FileLegalRequest(s.tx.Statement.Context, s.tx, s.ids[who], LegalInput{Type: SubjectPost, ID: post, ContentKind: string(kind), Explanation: why})
	if err != nil {
		s.err = err
		return 0
	}
	at := s.now.Add(-ago)
	s.exec(`UPDATE legal_requests SET created_at = @at, updated_at = @at,
		deadline_at = CASE WHEN kind = 'illegal_filming' THEN CAST(@at AS timestamptz) + make_interval(days => @days) END WHERE id = @id`,
		map[string]any{"at": at, "days": LegalAnswerDays, "id": r.ID})
	s.exec("UPDATE reports SET created_at = ? WHERE id = ?", at, r.ReportID)
	s.exec("UPDATE evidence_snapshots SET created_at = ? WHERE report_id = ?", at, r.ReportID)
	s.exec("UPDATE cases SET created_at = ? WHERE id = ?", at, r.CaseID)
	s.exec("UPDATE notices SET created_at = ? WHERE legal_request_id = ?", at, r.ID)
	return r.ID
}
