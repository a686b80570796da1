package models

import "time"

// textBanks gives the demo a text bank of spam phrases in English and
// Korean, kept by admin, and a spam wave already grouped: three accounts
// posting one Korean side-job ad to the hiking club, each copy with its own
// number and link, reported by members. The wave is one row of mod's queue.
func (s *demoSeeder) textBanks() {
	if s.err != nil {
		return
	}
	ctx := s.tx.Statement.Context
	admin := &User{ID: s.ids["admin"], Role: RoleAdmin, TimeZone: DefaultTimeZone}
	bank, err := CreateTextBank(ctx, s.tx, admin, TextBankInput{Name: "Spam phrases",
		Description: "Advertising and scams seen in Open Chat rooms, in English and Korean."})
	if err != nil {
		s.err = err
		return
	}
	for _, e := range []BankEntryInput{
		{Text: "free robux\nfree v-bucks\nclick here to claim\nwork from home\nearn money fast", Language: BankEnglish, Reason: "spam"},
		{Text: "재택 부업\n고수익 보장\n카톡 문의\n무료 충전", Language: BankKorean, Reason: "spam"},
		{Text: "대출 상담\n급전", Language: BankKorean, Reason: "fraud"},
		{Text: "casino\n바카라\n토토 사이트", Language: BankAny, Reason: "illegal_gambling"},
	} {
		if _, s.err = AddBankEntries(ctx, s.tx, admin, bank.ID, e); s.err != nil {
			return
		}
	}

	var hiking int64
	if s.err = s.tx.Raw("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'").Scan(&hiking).Error; s.err != nil {
		return
	}
	ads := []struct{ who, body string }{
		{"heidi", "집에서 하루 30만원! 재택 부업 모집합니다. 카톡 문의 open.kakao.example/job7 또는 010-1234-5678"},
		{"ivan", "집에서 하루 50만원!! 재택 부업 모집합니다. 카톡 문의 https://open.kakao.example/a91 또는 010 9876 5432"},
		{"heidi", "집에서 하루 30만원! 재택 부업 모집 합니다. 카톡 문의 open.kakao.example/job8 또는 01012345678"},
		{"sybil", "집에서 하루 ３０만원! 재택 부업 모집합니다. 카톡 문의 open.kakao.example/zz 또는 010-5555-0000"},
	}
	for i, ad := range ads {
		if i < 2 || ad.who == "sybil" {
			s.create(&OpenChatMember{RoomID: hiking, UserID: s.ids[ad.who], JoinedAt: s.now.AddDate(0, 0, -1)})
		}
		at := s.now.Add(-time.Duration(90-i*15) * time.Minute)
		p := BoardPost{RoomID: hiking, AuthorID: s.ids[ad.who], Title: "재택 부업 모집", Body: ad.body, CreatedAt: at, UpdatedAt: at}
		s.create(&p)
		for _, who := range []string{"carol", "bob", "grace"}[:1+i%3] {
			s.report(who, SubjectPost, p.ID, "spam")
		}
	}
}
