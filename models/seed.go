package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "talksafe-demo"

// DemoAccount names one account of the demo world.
type DemoAccount struct {
	Name, DisplayName string
	Role              Role
}

// DemoAccounts lists the demo world's accounts, users first, then staff.
var DemoAccounts = []DemoAccount{
	{"alice", "Alice Kim", RoleUser}, {"bob", "Bob Lee", RoleUser}, {"carol", "Carol Park", RoleUser},
	{"dave", "Dave Choi", RoleUser}, {"erin", "Erin Jung", RoleUser}, {"frank", "Frank Kang", RoleUser},
	{"grace", "Grace Cho", RoleUser}, {"heidi", "Heidi Yoon", RoleUser}, {"ivan", "Ivan Jang", RoleUser},
	{"judy", "Judy Lim", RoleUser}, {"mallory", "Mallory Han", RoleUser}, {"niaj", "Niaj Oh", RoleUser},
	{"olivia", "Olivia Seo", RoleUser}, {"peggy", "Peggy Shin", RoleUser}, {"rupert", "Rupert Kwon", RoleUser},
	{"sybil", "Sybil Hwang", RoleUser}, {"trent", "Trent Song", RoleUser},
	{"supportcenter", "Victim Support Center", RoleUser}, // a designated organisation (seed_legal.go)
	{"safenet.eu", "SafeNet EU (trusted flagger)", RoleUser},
	{"mod", "Minji (Moderator)", RoleModerator}, {"mod2", "Jisoo (Moderator)", RoleModerator},
	{"support", "Haneul (Support)", RoleSupport}, {"admin", "Admin", RoleAdmin},
}

// SeedResult says what SeedDemo did.
type SeedResult int

// The outcomes of SeedDemo.
const (
	Seeded SeedResult = iota
	AlreadySeeded
)

// SeedDemo fills an empty database with the demo world, once: when the demo
// world is there already it changes nothing and returns AlreadySeeded.
// Errors: Conflict when the database holds accounts that are not demo
// accounts (demo passwords do not belong beside real users).
func SeedDemo(ctx context.Context, db *gorm.DB) (SeedResult, error) {
	result := Seeded
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext('talksafe.seed'))").Error; err != nil {
			return err
		}
		var demo, real int64
		if err := tx.Model(&User{}).Where("demo").Count(&demo).Error; err != nil {
			return err
		}
		if demo > 0 {
			result = AlreadySeeded
			return nil
		}
		if err := tx.Model(&User{}).Where("NOT demo").Count(&real).Error; err != nil {
			return err
		}
		if real > 0 {
			return Errorf(Conflict, "the database holds %d accounts that are not demo accounts: refusing to add demo accounts beside them", real)
		}
		return seedDemo(tx, time.Now())
	})
	return result, err
}

type demoSeeder struct {
	tx  *gorm.DB
	now time.Time
	ids map[string]int64
	err error
}

func seedDemo(tx *gorm.DB, now time.Time) error {
	s := &demoSeeder{tx: tx, now: now.Truncate(time.Minute), ids: map[string]int64{}}
	hash, err := HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	for _, a := range DemoAccounts {
		u := User{Name: a.Name, DisplayName: a.DisplayName, PasswordHash: hash, Role: a.Role,
			TimeZone: DefaultTimeZone, Language: "en", Demo: true, CreatedAt: s.now.AddDate(0, -2, 0)}
		if err := tx.Create(&u).Error; err != nil {
			return err
		}
		s.ids[a.Name] = u.ID
		if a.Role.IsStaff() {
			detail := map[string]string{"name": u.Name, "role": string(u.Role), "via": "demo seed"}
			if err := auditBy(tx, nil, "staff.create", "user", u.ID, detail); err != nil {
				return err
			}
		}
	}
	s.friends()
	s.chats()
	s.boards()
	s.tickets()
	s.moderation()
	s.legal()
	s.complaints()
	s.textBanks()
	s.hashBanks()
	s.rules()
	s.lastMonth()
	return s.err
}

func (s *demoSeeder) create(v any) {
	if s.err == nil {
		s.err = s.tx.Create(v).Error
	}
}

// side sets one side's view: from's row about to.
func (s *demoSeeder) side(from, to string, state FriendState, hideProfile bool) {
	s.create(&Friendship{UserID: s.ids[from], FriendID: s.ids[to], State: state, HideProfile: hideProfile,
		CreatedAt: s.now.AddDate(0, 0, -30), UpdatedAt: s.now.AddDate(0, 0, -3)})
}

func (s *demoSeeder) mutual(a, b string) {
	s.side(a, b, FriendStateFriend, false)
	s.side(b, a, FriendStateFriend, false)
}

// friends builds every state around alice, and a web among the others.
func (s *demoSeeder) friends() {
	for _, f := range []string{"bob", "carol", "erin", "frank", "grace", "olivia"} {
		s.mutual("alice", f)
	}
	s.side("alice", "dave", FriendStateHidden, false) // hidden: still a friend
	s.side("dave", "alice", FriendStateFriend, false)
	s.side("alice", "heidi", FriendStateBlocked, true) // a former friend, blocked, profile hidden
	s.side("heidi", "alice", FriendStateFriend, false)
	s.side("alice", "mallory", FriendStateBlocked, false) // a stranger, blocked
	s.side("ivan", "alice", FriendStateFriend, false)     // one-sided: ivan added alice
	for _, p := range [][2]string{{"bob", "carol"}, {"bob", "dave"}, {"carol", "erin"}, {"erin", "frank"},
		{"grace", "heidi"}, {"judy", "niaj"}, {"olivia", "peggy"}, {"peggy", "rupert"}, {"sybil", "bob"}} {
		s.mutual(p[0], p[1])
	}
	s.side("bob", "trent", FriendStateHidden, false)
	s.side("judy", "mallory", FriendStateBlocked, false)
	s.side("carol", "rupert", FriendStateBlocked, true)
}

var demoLines = []string{
	"Hey! Are you free this weekend?",
	"I think so. What's the plan?",
	"There's a new café near Hapjeong station 😊",
	"Sounds good, let's meet at 2?",
	"Works for me.",
	"Did you see the match last night?",
	"Yes!! That last goal was unreal ⚽",
	"Can you send me the notes from Tuesday?",
	"Sure, give me a minute.",
	"Here they are.\nPage 3 has the part you asked about.",
	"Thanks, you saved me 🙏",
	"How is the new job going?",
	"Busy, but the team is great.",
	"잘 지내? 오랜만이야!",
	"응, 잘 지내고 있어. 너는?",
	"Don't forget mom's birthday on Friday.",
	"I ordered the cake already 🎂",
	"Running 10 minutes late, sorry!",
	"No worries, I'll grab a table.",
	"Good night!",
}

var abuseLines = []string{
	"Congratulations! You won a ₩1,000,000 gift card. Send your account number to claim it.",
	"Last chance: click http://prize.example/claim and log in with your KakaoTalk ID.",
	"Why are you ignoring me?",
	"I know where you live. Answer me.",
	"You'll regret blocking people, you know that?",
	"Buy followers cheap!!! 1,000 for ₩5,000, DM now",
	"Answer me or I'll post your photos everywhere.",
}

// chat writes n messages between a and b, ending about endAgo before now,
// taking lines from lines in turn; sender alternates unless oneWay.
func (s *demoSeeder) chat(a, b string, n int, endAgo time.Duration, lines []string, oneWay bool) (roomID int64) {
	if s.err != nil {
		return 0
	}
	low, high := s.ids[a], s.ids[b]
	if low > high {
		low, high = high, low
	}
	room := ChatRoom{UserLow: low, UserHigh: high, CreatedAt: s.now.Add(-endAgo).Add(-time.Duration(n) * 47 * time.Minute)}
	s.create(&room)
	for _, m := range []ChatMember{{RoomID: room.ID, UserID: s.ids[a], OtherID: s.ids[b], Active: true},
		{RoomID: room.ID, UserID: s.ids[b], OtherID: s.ids[a], Active: true}} {
		m.LastActiveAt = room.CreatedAt
		s.create(&m)
	}
	msgs := make([]ChatMessage, 0, n)
	for i := range n {
		from := a
		if !oneWay && i%2 == 1 {
			from = b
		}
		at := s.now.Add(-endAgo).Add(-time.Duration(n-i) * 47 * time.Minute)
		msgs = append(msgs, ChatMessage{RoomID: room.ID, SenderID: s.ids[from], Body: lines[(i+len(a)+len(b))%len(lines)],
			Delivered: true, CreatedAt: at})
	}
	s.create(&msgs)
	return room.ID
}

// undelivered writes messages from sender in room that the other member,
// having blocked sender, never receives.
func (s *demoSeeder) undelivered(roomID int64, sender string, n int) {
	msgs := make([]ChatMessage, 0, n)
	for i := range n {
		msgs = append(msgs, ChatMessage{RoomID: roomID, SenderID: s.ids[sender], Body: abuseLines[(i+2)%len(abuseLines)],
			Delivered: false, CreatedAt: s.now.Add(-time.Duration(n-i) * 3 * time.Hour)})
	}
	s.create(&msgs)
}

func (s *demoSeeder) chats() {
	s.chat("alice", "bob", 60, 20*time.Minute, demoLines, false)
	s.chat("alice", "carol", 30, 2*time.Hour, demoLines, false)
	s.chat("alice", "dave", 20, 26*time.Hour, demoLines, false)
	s.chat("alice", "erin", 16, 5*time.Hour, demoLines, false)
	s.chat("trent", "alice", 12, 40*time.Minute, abuseLines, true) // a stranger spamming alice
	mallory := s.chat("mallory", "alice", 14, 5*24*time.Hour, append(demoLines[:4:4], abuseLines...), false)
	s.undelivered(mallory, "mallory", 5)
	s.chat("bob", "carol", 40, 3*time.Hour, demoLines, false)
	s.chat("erin", "frank", 30, 7*time.Hour, demoLines, false)
	s.chat("grace", "heidi", 30, 9*time.Hour, demoLines, false)
	s.chat("niaj", "judy", 24, 30*time.Minute, append(demoLines[:6:6], abuseLines...), false)
	s.chat("olivia", "peggy", 24, 11*time.Hour, demoLines, false)
	s.chat("sybil", "bob", 18, 13*time.Hour, demoLines, false)
	s.chat("rupert", "carol", 8, 2*24*time.Hour, abuseLines, true)
	if s.err != nil {
		return
	}
	// Each member's newest message delivered to them, and the room's last activity.
	s.err = s.tx.Exec(`
		UPDATE chat_members m SET last_message_id = x.id, last_active_at = x.created_at
		FROM (SELECT DISTINCT ON (m2.room_id, m2.user_id) m2.room_id, m2.user_id, c.id, c.created_at
		      FROM chat_members m2 JOIN chat_messages c ON c.room_id = m2.room_id
		      WHERE c.delivered OR c.sender_id = m2.user_id
		      ORDER BY m2.room_id, m2.user_id, c.id DESC) x
		WHERE m.room_id = x.room_id AND m.user_id = x.user_id`).Error
}

type demoPost struct {
	author, title, body string
	comments            [][2]string // author, body
}

func (s *demoSeeder) board(name, description string, members []string, posts []demoPost) {
	room := OpenChatRoom{Name: name, Description: description, CreatedAt: s.now.AddDate(0, -1, 0)}
	id := s.ids[members[0]]
	room.CreatedBy = &id
	s.create(&room)
	for _, m := range members {
		s.create(&OpenChatMember{RoomID: room.ID, UserID: s.ids[m], JoinedAt: room.CreatedAt})
	}
	for i, p := range posts {
		at := s.now.Add(-time.Duration(len(posts)-i) * 5 * time.Hour)
		post := BoardPost{RoomID: room.ID, AuthorID: s.ids[p.author], Title: p.title, Body: p.body, CreatedAt: at, UpdatedAt: at}
		s.create(&post)
		for j, c := range p.comments {
			cat := at.Add(time.Duration(j+1) * 17 * time.Minute)
			s.create(&BoardComment{PostID: post.ID, AuthorID: s.ids[c[0]], Body: c[1], CreatedAt: cat, UpdatedAt: cat})
		}
	}
}

func (s *demoSeeder) boards() {
	s.board("Seoul Hiking Club", "Weekend hikes around Seoul: routes, meetups and photos.",
		[]string{"carol", "alice", "bob", "dave", "erin", "trent", "grace", "rupert"},
		[]demoPost{
			{"carol", "Bukhansan this Saturday", "Meeting at Bukhansanseong trailhead at 8:00. Bring water and a snack.",
				[][2]string{{"alice", "Count me in!"}, {"bob", "Is the Baegundae route open again?"}, {"carol", "Yes, it reopened last week."}}},
			{"bob", "Gear swap", "I have a spare pair of trekking poles, free to a good home.",
				[][2]string{{"erin", "I'd love them, I can pick up on Sunday."}}},
			{"trent", "EASY MONEY for hikers!!!", "Earn ₩300,000 a day from your phone. Message me your account number to join.",
				[][2]string{{"alice", "This is a scam, please don't."}, {"trent", "Mind your own business, idiot."}}},
			{"alice", "Photos from Inwangsan", "The sunset from the fortress wall was amazing. Album link in the comments soon.",
				[][2]string{{"grace", "Beautiful!"}, {"rupert", "Nobody cares about your photos."}, {"dave", "Great shots 👏"}}},
			{"dave", "Beginner routes?", "New to hiking. Which trail would you suggest for a first time?",
				[][2]string{{"carol", "Ansan is gentle and has a wooden deck trail."}, {"alice", "Seconding Ansan!"}}},
			{"erin", "Rain plan", "If it rains on Saturday we move to the Sunday morning slot.", nil},
		})
	s.board("Indie Game Makers", "Share what you are making, get feedback, find teammates.",
		[]string{"frank", "alice", "olivia", "peggy", "niaj", "judy", "sybil"},
		[]demoPost{
			{"frank", "Weekly showcase thread", "Post a GIF of what you built this week!",
				[][2]string{{"olivia", "Finished the dialogue system for my visual novel."}, {"peggy", "Pixel art tileset done ✨"}}},
			{"olivia", "Looking for a composer", "Small paid gig for a 5-track soundtrack. Cozy farming vibe.",
				[][2]string{{"sybil", "Sent you a DM with my portfolio."}}},
			{"niaj", "Cheap keys!!!", "Selling game keys 90% off, pay by gift card only.",
				[][2]string{{"judy", "Reported. Gift-card-only is a scam sign."}, {"niaj", "Shut up or I'll find you."}}},
			{"alice", "Playtesters wanted", "Puzzle platformer, 20 minutes, feedback form included.",
				[][2]string{{"frank", "Happy to help."}, {"peggy", "Me too!"}}},
		})
}
