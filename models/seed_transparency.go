package models

import "time"

// lastMonth gives the transparency report a past period with data: during
// last month (in the default zone), rupert's and dave's posts on the
// hiking board were reported and decided (a removal, a warning, a "no
// violation", a restriction appealed and upheld, a removal reversed), and
// the person in charge is set. The decisions go through the moderators'
// own steps and are then dated back; their audit events (append-only)
// keep today's date.
func (s *demoSeeder) lastMonth() {
	if s.err != nil {
		return
	}
	loc, err := time.LoadLocation(DefaultTimeZone)
	if err != nil {
		s.err = err
		return
	}
	now := s.now.In(loc)
	first := time.Date(now.Year(), now.Month(), 1, 10, 0, 0, 0, loc).AddDate(0, -1, 0)
	room := s.lookup("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'")
	type item struct {
		author, title, body string
		day                 int
		reporters           []string
		reason              ReportReason
		took                time.Duration
		decision            Decision
	}
	items := []item{
		{"rupert", "Concert tickets, half price", "Cheap tickets for Saturday's concert, pay by gift card first and I send them.", 2,
			[]string{"carol", "bob"}, "fraud", 3 * time.Hour, Decision{Kind: DecideRemove, Policy: "fraud"}},
		{"rupert", "Trail etiquette", "People from that province should stay off our trails.", 6,
			[]string{"erin"}, "hate", 20 * time.Hour, Decision{Kind: DecideNoViolation, InternalNote: "Rude, but aimed at no one."}},
		{"rupert", "Shoes for sale", "BUY SHOES BUY SHOES BUY SHOES cheap-shoes.example", 10,
			[]string{"grace"}, "spam", 2 * time.Hour, Decision{Kind: DecideWarn, Policy: "spam", UserNote: "No ads on the board."}},
		{"dave", "Who walks slowest", "Carol walks slower than my grandmother, lol.", 14,
			[]string{"erin"}, "harassment", 26 * time.Hour, Decision{Kind: DecideNoViolation}},
		{"rupert", "See you on the trail", "Carol, I know which trail you take on Sundays. Watch your back.", 18,
			[]string{"dave", "grace"}, "threat", 5 * time.Hour, Decision{Kind: DecideRestrict, Policy: "threat", Scope: ScopePosting,
				Days: "1", OverrideReason: "A threat against a member: posting stops at once.", UserNote: "Threats are not allowed."}},
		{"rupert", "Group buy", "Group buy of trekking poles, send ₩20,000 to join.", 23,
			[]string{"bob"}, "spam", 90 * time.Minute, Decision{Kind: DecideRemove, Policy: "spam"}},
	}
	mods := []string{"mod", "mod2"}
	for i, it := range items {
		at := first.AddDate(0, 0, it.day)
		post := BoardPost{RoomID: room, AuthorID: s.ids[it.author], Title: it.title, Body: it.body,
			CreatedAt: at.Add(-time.Hour), UpdatedAt: at.Add(-time.Hour)}
		s.create(&post)
		var caseID int64
		for _, who := range it.reporters {
			caseID = s.report(who, SubjectPost, post.ID, it.reason)
		}
		days := 0
		if it.decision.Kind == DecideRestrict {
			days = 1
		}
		restriction := s.decideAs(mods[i%2], caseID, it.decision, days)
		if s.err != nil {
			return
		}
		decided := at.Add(it.took)
		if restriction != 0 {
			a, err := fileAppeal(s.tx, s.ids[it.author], restriction, "I only meant we might meet on the trail.")
			if err == nil {
				err = DecideAppeal(s.tx.Statement.Context, s.tx, &User{ID: s.ids[mods[(i+1)%2]], Role: RoleModerator}, a.ID, false,
					"It reads as a threat; the restriction stays.")
			}
			if err != nil {
				s.err = err
				return
			}
			s.exec("UPDATE appeals SET created_at = ?, decided_at = ? WHERE id = ?", decided.Add(2*time.Hour), decided.Add(9*time.Hour), a.ID)
			s.exec(`UPDATE restrictions SET created_at = ?, starts_at = ?, ends_at = ?::timestamptz + interval '1 day', end_noticed_at = ?::timestamptz + interval '1 day'
				WHERE id = ?`, decided, decided, decided, decided, restriction)
		}
		if i == len(items)-1 {
			if _, err := ReverseCase(s.tx.Statement.Context, s.tx, &User{ID: s.ids["mod"], Role: RoleModerator}, caseID,
				"A real group buy among members, not spam."); err != nil {
				s.err = err
				return
			}
			s.exec("UPDATE reversals SET created_at = ? WHERE ? = ANY (case_ids)", decided.Add(24*time.Hour), caseID)
			// Looked at again, and found no violation.
			s.decideAs("mod2", caseID, Decision{Kind: DecideNoViolation, InternalNote: "A group buy among members."}, 0)
			decided = decided.Add(25 * time.Hour)
		}
		s.exec("UPDATE reports SET created_at = ?, decided_at = CASE WHEN decided_at IS NULL THEN NULL ELSE ?::timestamptz END WHERE case_id = ?",
			at, decided, caseID)
		s.exec("UPDATE evidence_snapshots e SET created_at = r.created_at FROM reports r WHERE r.id = e.report_id AND r.case_id = ?", caseID)
		s.exec(`UPDATE cases SET created_at = ?, resolved_at = CASE WHEN resolved_at IS NULL THEN NULL ELSE ?::timestamptz END,
			claimed_at = NULL WHERE id = ?`, at, decided, caseID)
		s.exec("UPDATE decisions SET created_at = ? WHERE id IN (SELECT decision_id FROM cases WHERE id = ?) OR id IN (SELECT decision_id FROM reversals WHERE ? = ANY (case_ids))",
			decided, caseID, caseID)
		s.exec(`UPDATE notices SET created_at = ?, read_at = ? WHERE case_id = ? OR report_id IN (SELECT id FROM reports WHERE case_id = ?)
			OR restriction_id = ?`, decided, decided, caseID, caseID, restriction)
	}
	s.exec(`INSERT INTO person_in_charge (name, contact, updated_by) VALUES ('김지우 (이용자보호 책임자)', 'safety@talksafe.example', ?)`, s.ids["admin"])
}
