package models

import (
	"time"
)

// moderation gives mod a queue with work in it: a spam wave on a board
// (open, for a bulk decision), a threat (severe, its evidence hidden until
// revealed), a harassment chat escalated by support, a case claimed by mod2,
// a false report found false, and a restriction under appeal that mod2 (not
// mod, who decided it) may judge. Alice files nothing: her reports are the
// visitor's to try.
func (s *demoSeeder) moderation() {
	if s.err != nil {
		return
	}
	var games int64
	if s.err = s.tx.Raw("SELECT id FROM open_chat_rooms WHERE name = 'Indie Game Makers'").Scan(&games).Error; s.err != nil {
		return
	}
	s.create(&OpenChatMember{RoomID: games, UserID: s.ids["mallory"], JoinedAt: s.now.AddDate(0, 0, -3)})
	var wave []int64
	for i, title := range []string{"FREE ROBUX GENERATOR", "Free V-Bucks, no survey!!!", "Steam gift cards 95% off", "Make ₩500,000 a day testing games"} {
		at := s.now.Add(-time.Duration(4-i) * 20 * time.Minute)
		p := BoardPost{RoomID: games, AuthorID: s.ids["mallory"], Title: title, Body: "Click http://games-free.example now and log in with your account to claim.",
			CreatedAt: at, UpdatedAt: at}
		s.create(&p)
		wave = append(wave, p.ID)
	}
	for i, post := range wave {
		for _, who := range []string{"frank", "olivia", "peggy", "judy", "sybil"}[:2+i%3] {
			s.report(who, SubjectPost, post, "spam")
		}
	}
	// niaj's threat in a comment, and rupert's harassment in his chat with carol.
	threat := s.lookup("SELECT c.id FROM board_comments c JOIN users u ON u.id = c.author_id WHERE u.name = 'niaj' AND c.body LIKE 'Shut up%'")
	s.report("olivia", SubjectComment, threat, "threat", "harassment")
	s.report("peggy", SubjectComment, threat, "threat")
	harassment := s.lookup(`SELECT m.id FROM chat_messages m JOIN users u ON u.id = m.sender_id
		WHERE u.name = 'rupert' AND m.body LIKE 'I know where you live%' ORDER BY m.id DESC LIMIT 1`)
	chatCase := s.report("carol", SubjectMessage, harassment, "harassment", "threat")
	s.exec("UPDATE cases SET state = 'escalated', escalated_at = ? WHERE id = ?", s.now.Add(-2*time.Hour), chatCase)
	// rupert's rude comment, claimed by mod2.
	rude := s.lookup("SELECT c.id FROM board_comments c JOIN users u ON u.id = c.author_id WHERE u.name = 'rupert'")
	rudeCase := s.report("grace", SubjectComment, rude, "harassment")
	s.exec("UPDATE cases SET state = 'claimed', claimed_by = ?, claimed_at = ? WHERE id = ?", s.ids["mod2"], s.now.Add(-15*time.Minute), rudeCase)
	// sybil's report of olivia's composer post was false.
	composer := s.lookup("SELECT id FROM board_posts WHERE title = 'Looking for a composer'")
	falseCase := s.report("sybil", SubjectPost, composer, "fraud")
	s.decideAs("mod2", falseCase, Decision{Kind: DecideFalseReport, Policy: PolicyFalseReporting,
		FalseReports: []int64{s.lookup("SELECT id FROM reports WHERE case_id = ?", falseCase)},
		InternalNote: "A normal paid gig; sybil was competing for it."}, 0)
	// trent's insult: mod restricted his posting; trent appealed.
	insult := s.lookup("SELECT c.id FROM board_comments c JOIN users u ON u.id = c.author_id WHERE u.name = 'trent'")
	insultCase := s.report("carol", SubjectComment, insult, "harassment")
	restriction := s.decideAs("mod", insultCase, Decision{Kind: DecideRestrict, Policy: "harassment", Scope: ScopePosting, Days: "7",
		RemoveContent: true, UserNote: "Insulting other members is not allowed.",
		OverrideReason: "Third insult in the same thread; a day would not stop him."}, 7)
	if s.err == nil {
		_, s.err = fileAppeal(s.tx, s.ids["trent"], restriction, "I was defending myself, they started it.")
	}
	// Spread the reports' ages over a few days, each only as far back as its
	// evidence allows (nothing in a snapshot is newer than its report), and
	// date the snapshots with their reports.
	s.exec(`UPDATE reports r SET created_at = r.created_at - interval '1 day' * (r.id % 4)
		FROM evidence_snapshots e WHERE e.report_id = r.id
		AND (e.written_at IS NULL OR e.written_at < r.created_at - interval '1 day' * (r.id % 4))
		AND NOT EXISTS (SELECT 1 FROM evidence_messages m WHERE m.snapshot_id = e.id AND m.sent_at > r.created_at - interval '1 day' * (r.id % 4))`)
	s.exec("UPDATE evidence_snapshots e SET created_at = r.created_at FROM reports r WHERE r.id = e.report_id")
	s.exec("UPDATE cases c SET created_at = (SELECT min(created_at) FROM reports r WHERE r.case_id = c.id)")
}

// report files who's report through the rules reporters face, and returns
// its case id.
func (s *demoSeeder) report(who string, typ SubjectType, id int64, reasons ...ReportReason) int64 {
	if s.err != nil {
		return 0
	}
	in := ReportInput{Type: typ, ID: id}
	for _, r := range reasons {
		in.Reasons = append(in.Reasons, string(r))
	}
	_, filed, err := fileIfAllowed(s.tx.Statement.Context, s.tx, s.ids[who], in, reasons, 0)
	if err != nil {
		s.err = err
		return 0
	}
	return filed.CaseID
}

// decideAs decides a case as the moderator named mod and returns the
// restriction it wrote, if any.
func (s *demoSeeder) decideAs(mod string, caseID int64, d Decision, days int) int64 {
	if s.err != nil {
		return 0
	}
	actor := &User{ID: s.ids[mod], Role: RoleModerator, TimeZone: DefaultTimeZone}
	c, err := lockCase(s.tx, actor, caseID)
	if err != nil {
		s.err = err
		return 0
	}
	id, err := decide(s.tx, actor, []*Case{c}, d, days, false)
	s.err = err
	return id
}

func (s *demoSeeder) lookup(sql string, args ...any) int64 {
	var id int64
	if s.err == nil {
		s.err = s.tx.Raw(sql, args...).Scan(&id).Error
	}
	return id
}

func (s *demoSeeder) exec(sql string, args ...any) {
	if s.err == nil {
		s.err = s.tx.Exec(sql, args...).Error
	}
}
