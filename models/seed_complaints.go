package models

// complaints gives the demo a designated organisation and complaints to
// judge: safenet.eu, an EU trusted flagger designated by admin a month ago,
// with its report of trent's scam post in the queue (marked, and above
// more severe ordinary reports); niaj's complaint about the removal of his
// "Cheap keys!!!" post, which mod removed (so mod2 judges it); and peggy's
// request for a second look at the "no violation" mod found on her report
// of frank's showcase thread.
func (s *demoSeeder) complaints() {
	if s.err != nil {
		return
	}
	s.exec("UPDATE users SET designation = ?, designated_at = ?, designated_by = ? WHERE id = ?",
		DesignatedTrustedFlagger, s.now.AddDate(0, -1, 0), s.ids["admin"], s.ids["safenet.eu"])
	if s.err == nil {
		s.err = audit(s.tx, s.ids["admin"], "designation.create", "user", s.ids["safenet.eu"],
			map[string]any{"name": "safenet.eu", "kind": DesignatedTrustedFlagger, "via": "demo seed"})
	}
	hiking := s.lookup("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'")
	s.create(&OpenChatMember{RoomID: hiking, UserID: s.ids["safenet.eu"], JoinedAt: s.now.AddDate(0, 0, -20)})
	s.report("safenet.eu", SubjectPost, s.lookup("SELECT id FROM board_posts WHERE title = 'EASY MONEY for hikers!!!'"), "fraud")

	keys := s.lookup("SELECT id FROM board_posts WHERE title = 'Cheap keys!!!'")
	keysCase := s.report("judy", SubjectPost, keys, "fraud")
	s.decideAs("mod", keysCase, Decision{Kind: DecideRemove, Policy: "fraud", UserNote: "Selling for gift cards only is a known scam pattern."}, 0)
	s.fileComplaint("niaj", ComplainDecision, s.lookup("SELECT decision_id FROM cases WHERE id = ?", keysCase),
		"These are real keys from a bundle I bought; gift cards are just what I can take.")

	showcase := s.lookup("SELECT id FROM board_posts WHERE title = 'Weekly showcase thread'")
	showcaseCase := s.report("peggy", SubjectPost, showcase, "spam")
	s.decideAs("mod", showcaseCase, Decision{Kind: DecideNoViolation, InternalNote: "A community thread, not spam."}, 0)
	s.fileComplaint("peggy", ComplainReport, s.lookup("SELECT id FROM reports WHERE case_id = ?", showcaseCase),
		"Frank reposts this every week only to advertise his own game; please look again.")
}

// fileComplaint files who's complaint about on id.
func (s *demoSeeder) fileComplaint(who string, on ComplaintOn, id int64, body string) {
	if s.err == nil {
		_, s.err = FileComplaint(s.tx.Statement.Context, s.tx, s.ids[who], on, id, body)
	}
}
