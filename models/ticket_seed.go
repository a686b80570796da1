package models

import "time"

// demoReport files who's report of the newest message other sent them in
// their room, as the Report pop-up would; it returns the report and its case.
func (s *demoSeeder) demoReport(who, other string, reasons ...ReportReason) (reportID, caseID int64) {
	if s.err != nil {
		return 0, 0
	}
	var msg int64
	if s.err = s.tx.Raw(`SELECT c.id FROM chat_messages c JOIN chat_members m ON m.room_id = c.room_id AND m.user_id = ?
		WHERE c.sender_id = ? ORDER BY c.id DESC LIMIT 1`, s.ids[who], s.ids[other]).Scan(&msg).Error; s.err != nil {
		return 0, 0
	}
	_, filed, err := fileIfAllowed(s.tx.Statement.Context, s.tx, s.ids[who], ReportInput{Type: SubjectMessage, ID: msg}, reasons, 0)
	if err != nil {
		s.err = err
		return 0, 0
	}
	return filed.ReportID, filed.CaseID
}

// demoTicket writes who's ticket opened ago before now, with its linked
// report (0: none); the thread and later states are set by the caller.
func (s *demoSeeder) demoTicket(who string, cat TicketCategory, ago time.Duration, description string, report int64) *Ticket {
	t := &Ticket{UserID: s.ids[who], Category: cat, Subject: ticketSubject(description), Description: description,
		State: TicketOpen, CreatedAt: s.now.Add(-ago), UpdatedAt: s.now.Add(-ago)}
	s.create(t)
	if report > 0 && s.err == nil {
		s.err = s.tx.Exec("INSERT INTO ticket_reports (ticket_id, report_id) VALUES (?, ?)", t.ID, report).Error
	}
	return t
}

func (s *demoSeeder) ticketMessage(t *Ticket, from string, staff bool, at time.Time, body string) {
	id := s.ids[from]
	s.create(&TicketMessage{TicketID: t.ID, AuthorID: &id, FromStaff: staff, Body: body, CreatedAt: at})
}

func (s *demoSeeder) update(t *Ticket, set map[string]any) {
	if s.err == nil {
		s.err = s.tx.Model(t).Updates(set).Error
	}
}

// tickets fills the support desk: a ticket in every state, one linked to a
// report (and one more sent to moderation with its case escalated), one
// past the first-response target.
func (s *demoSeeder) tickets() {
	s.chat("mallory", "olivia", 10, 6*time.Hour, append(demoLines[:3:3], abuseLines...), false)
	s.chatLine("mallory", "olivia", 6*time.Hour, "Everyone can call olivia now: 010-4821-7730. Tell her what you think of her.")
	s.chat("niaj", "peggy", 8, 30*time.Hour, abuseLines, true)
	s.savedRepliesKo()
	support := s.ids["support"]
	police := "Police help: visit an investigation agency"
	var policeReply string
	if s.err == nil {
		s.err = s.tx.Table("saved_replies").Select("body").Where("title = ?", police).Scan(&policeReply).Error
	}

	// Open and linked to a report: the one the desk should take up next.
	rep, _ := s.demoReport("peggy", "niaj", ReportReason("threat"))
	s.demoTicket("peggy", TicketIllegalAct, 3*time.Hour, "Niaj keeps threatening me after I reported him.\nHe says he will find where I live. Please take measures.", rep)

	// Open and overdue: nobody has answered in more than 24 hours.
	s.demoTicket("grace", TicketSafetyThreat, 31*time.Hour, "Someone I don't know keeps messaging me from new accounts.\nI am scared to open the app.", 0)

	// Waiting on the user: support answered with the police saved reply.
	judy := s.demoTicket("judy", TicketPoliceEvidence, 50*time.Hour, "I need the chat with mallory for the police.\nHow do I get it?", 0)
	s.ticketMessage(judy, "support", true, judy.CreatedAt.Add(5*time.Hour), policeReply)
	s.update(judy, map[string]any{"state": TicketWaitingOnUser, "assigned_to": support,
		"first_response_at": judy.CreatedAt.Add(5 * time.Hour), "updated_at": judy.CreatedAt.Add(5 * time.Hour)})

	// With moderation: its case escalated to the top of the moderators' queue.
	rep, caseID := s.demoReport("olivia", "mallory", ReportReason("harassment"), ReportReason("personal_info"))
	olivia := s.demoTicket("olivia", TicketIllegalAct, 5*time.Hour, "Mallory posted my phone number and keeps insulting me.\nPlease stop this.", rep)
	at := olivia.CreatedAt.Add(time.Hour)
	s.ticketMessage(olivia, "support", true, at, "Thank you for telling us. We have asked our moderators to review the reported messages with priority.")
	note := "Leaks the user's phone number; the user is afraid. Please review first."
	if s.err == nil {
		s.err = s.tx.Exec(`UPDATE cases SET state = ?, escalated_at = ?, escalated_by = ?, escalation_note = ? WHERE id = ?`,
			CaseEscalated, at, support, note, caseID).Error
	}
	s.create(&TicketNote{TicketID: olivia.ID, AuthorID: &support, Body: note, CreatedAt: at})
	s.update(olivia, map[string]any{"state": TicketWithModeration, "case_id": caseID, "assigned_to": support,
		"first_response_at": at, "updated_at": at})

	// Resolved two days ago: frank can still reopen it.
	frank := s.demoTicket("frank", TicketOther, 4*24*time.Hour, "How do I hide a friend without deleting them?", 0)
	done := frank.CreatedAt.Add(2 * time.Hour)
	s.ticketMessage(frank, "support", true, done, "On the Friends list, open the … menu beside them and select Hide. Hidden friends stay your friends and their messages still arrive.")
	s.update(frank, map[string]any{"state": TicketResolved, "assigned_to": support, "first_response_at": done,
		"outcome": "Explained how to hide a friend.", "resolved_at": s.now.Add(-2 * 24 * time.Hour), "resolved_by": support,
		"updated_at": s.now.Add(-2 * 24 * time.Hour)})
}

// chatLine adds one more message from a to b in their room, ago before now.
func (s *demoSeeder) chatLine(a, b string, ago time.Duration, body string) {
	if s.err != nil {
		return
	}
	var room int64
	if s.err = s.tx.Raw("SELECT room_id FROM chat_members WHERE user_id = ? AND other_id = ?", s.ids[a], s.ids[b]).Scan(&room).Error; s.err != nil {
		return
	}
	s.create(&ChatMessage{RoomID: room, SenderID: s.ids[a], Body: body, Delivered: true, CreatedAt: s.now.Add(-ago)})
}

// savedRepliesKo adds the Korean versions of the saved replies the schema
// starts with: the desk offers them first for a Korean user's ticket.
func (s *demoSeeder) savedRepliesKo() {
	for _, r := range []SavedReply{
		{Title: "경찰 도움: 수사기관 방문 안내", Body: `문의해 주셔서 감사합니다. 경찰의 도움이 필요하시면 가까운 수사기관(경찰서 또는 사이버범죄 신고센터)을 방문해 신고해 주세요. 내보낸 대화 파일을 증거로 가져가시면 됩니다.

대화 내보내기 방법: 채팅방을 열고 오른쪽 위의 …을 누른 뒤 대화 내용 내보내기에서 텍스트, CSV 또는 JSON을 골라 파일을 내려받으세요. 메시지를 신고하면 내 쪽에서 그 채팅방이 삭제되므로, 신고하기 전에 내보내거나 화면을 캡처해 두세요.

수사기관은 적법한 절차를 거쳐 저희 기록을 요청할 수 있습니다.`},
		{Title: "신고 검토 중", Body: "알려 주셔서 감사합니다. 신고하신 내용이 운영정책에 위반되는지 검토하고 필요한 조치를 하겠습니다. 검토가 끝나면 여기에서 알려 드리겠습니다."},
		{Title: "추가 정보 요청", Body: "문의해 주셔서 감사합니다. 확인을 위해 몇 가지 정보가 더 필요합니다. 어떤 일이 언제 있었는지, 어느 채팅방이나 게시물, 댓글에 관한 것인지 이 문의에 답장으로 알려 주세요."},
		{Title: "차단과 신고", Body: "상대방의 프로필이나 대화방의 … 메뉴에서 언제든 차단할 수 있으며, 차단하면 새 메시지가 더 이상 오지 않습니다. 운영정책을 어긴 경우 메시지의 … 메뉴에서 신고해 주세요. 신고하면 해당 메시지와 앞뒤 몇 개의 메시지가 저희에게 전달되고, 상대방은 자동으로 차단됩니다."},
	} {
		r.Language = "ko"
		if s.err == nil {
			s.err = s.tx.Select("Title", "Body", "Language").Create(&r).Error
		}
	}
}
