package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

// koDemo is the demo world, its accounts' language set per test, with the
// demo's names of people, rooms and posts (not the interface's words).
type koDemo struct {
	en      *env
	allowed []string
}

func newKoDemo(t *testing.T) *koDemo {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	if err := models.SeedDemoPictures(context.Background(), en.db, en.blobs); err != nil {
		t.Fatal(err)
	}
	var words []string
	en.db.Raw(`SELECT name || ' ' || display_name FROM users UNION ALL SELECT name FROM open_chat_rooms
		UNION ALL SELECT title FROM board_posts`).Scan(&words)
	return &koDemo{en: en, allowed: latinWord.FindAllString(strings.Join(words, " "), -1)}
}

// login logs name in, its account set to lang.
func (d *koDemo) login(name, lang string) *client {
	d.en.t.Helper()
	d.en.db.Exec("UPDATE users SET language = ? WHERE name = ?", lang, name)
	c := d.en.client()
	if r := c.submit("/login", url.Values{"name": {name}, "password": {models.DemoPassword}}); r.status != http.StatusSeeOther {
		d.en.t.Fatalf("log in as %s: %d", name, r.status)
	}
	return c
}

func (d *koDemo) actor(name string) *models.User {
	d.en.t.Helper()
	u, err := models.UserByName(context.Background(), d.en.db, name)
	if err != nil {
		d.en.t.Fatal(err)
	}
	return u
}

// korean checks a page in Korean: its status, no English left but the
// words allowed, and each of want in its text.
func (d *koDemo) korean(t *testing.T, r *response, status int, allowed []string, want ...string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d", r.status, status)
	}
	if lang := r.doc.Find("html").AttrOr("lang", ""); lang != "ko" {
		t.Errorf("lang %q", lang)
	}
	text := r.text()
	if left := englishLeft(r, append(allowed, d.allowed...)...); len(left) > 0 {
		t.Errorf("English left in Korean: %v\n%s", left, text)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("no %q in:\n%s", w, text)
		}
	}
}

func contains(t *testing.T, r *response, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.text(), w) {
			t.Errorf("no %q in:\n%s", w, r.text())
		}
	}
}

func flashOf(t *testing.T, c *client, r *response) *response {
	t.Helper()
	if r.status != http.StatusSeeOther {
		t.Fatalf("status %d, want 303\n%s", r.status, r.text())
	}
	return c.get(r.header.Get("Location"))
}

func wantFlashText(t *testing.T, page *response, want string) {
	t.Helper()
	if got := page.doc.Find(`[data-testid="flash"]`).Text(); !strings.Contains(got, want) {
		t.Errorf("flash %q, want %q", got, want)
	}
}

// mallorysCases decides mallory's spam wave in the demo: one post removed,
// one warned, one restricting her messaging for 7 days; the fourth is left.
func (d *koDemo) decideSpamWave(t *testing.T) {
	t.Helper()
	mod := d.actor("mod")
	var cases []int64
	d.en.db.Raw(`SELECT c.id FROM cases c JOIN board_posts p ON c.subject_type = 'post' AND p.id = c.subject_id
		JOIN users u ON u.id = p.author_id WHERE u.name = 'mallory' ORDER BY p.id`).Scan(&cases)
	if len(cases) < 3 {
		t.Fatalf("mallory's cases: %v", cases)
	}
	for i, dec := range []models.Decision{
		{Kind: models.DecideRemove, Policy: "spam"},
		{Kind: models.DecideWarn, Policy: "spam", UserNote: "No ads, please."},
		{Kind: models.DecideRestrict, Policy: "spam", Scope: models.ScopeMessaging, Days: "7", OverrideReason: "Third ad in a day, now in chats."},
	} {
		if _, err := models.DecideCase(context.Background(), d.en.db, mod, cases[i], dec); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAccountPagesKorean reads notices, restrictions and appeals, Home of
// every role, Verify an export, My exports and a certificate, the Operation
// Policy and Safety Guide, and the admin's staff and audit pages in Korean,
// their forms' errors and flashes included, and the same pages still in
// English.
func TestAccountPagesKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	d.decideSpamWave(t)

	t.Run("Notices", func(t *testing.T) {
		mallory := d.login("mallory", "ko")
		r := mallory.get("/notices")
		d.korean(t, r, http.StatusOK, nil, "알림", "메시지 전송 제한", "내 게시글 “FREE ROBUX GENERATOR”",
			"운영정책의 “스팸, 광고 또는 도배” 항목에 따라 삭제 조치되었습니다. 다른 사람에게는 그 자리에 “운영정책에 따라 삭제된 내용입니다.”라고 표시됩니다.",
			"운영정책의 “스팸, 광고 또는 도배” 항목에 따른 경고입니다.", "까지 채팅 메시지를 보낼 수 없습니다. 운영정책의 “스팸, 광고 또는 도배” 항목에 따른 제한입니다.", "제한 내용 확인 및 이의 제기", "새 알림")
		var unstored int64
		d.en.db.Raw("SELECT count(*) FROM notices WHERE kind <> 'ticket_reply' AND kind <> 'ticket_resolved' AND title <> ''").Scan(&unstored)
		if n := strings.Count(r.body, `data-testid="notice"`); n != 3 {
			t.Errorf("mallory has %d notices, want 3", n)
		}
		var through string
		d.en.db.Raw("SELECT max(id)::text FROM notices WHERE user_id = (SELECT id FROM users WHERE name = 'mallory')").Scan(&through)
		page := flashOf(t, mallory, mallory.submit("/notices/read", url.Values{"through": {through}}))
		wantFlashText(t, page, "읽음으로 표시했습니다.")
		d.korean(t, page, http.StatusOK, nil)

		var olivia string
		d.en.db.Raw(`SELECT u.name FROM reports r JOIN users u ON u.id = r.reporter_id WHERE r.state = 'upheld' ORDER BY r.id LIMIT 1`).Scan(&olivia)
		d.korean(t, d.login(olivia, "ko").get("/notices"), http.StatusOK, nil,
			"게시글 신고 결과", "신고하신 내용을 검토해 운영정책에 따라 조치했습니다. 신고해 주셔서 감사합니다.")
		d.korean(t, d.login("sybil", "ko").get("/notices"), http.StatusOK, nil,
			"게시글 신고 결과", "신고하신 내용을 검토했지만 운영정책 위반 사항을 찾지 못했습니다.")
		// alice's one notice: the demo's temporary block on her café review (seed_legal.go).
		d.korean(t, d.login("alice", "ko").get("/notices"), http.StatusOK, nil,
			"내 게시글", "권리를 침해당했다고 주장하는 사람이 내 글의 삭제를 요청했습니다.")
		d.korean(t, d.login("heidi", "ko").get("/notices"), http.StatusOK, nil,
			"알림이 없습니다. 내 신고나 계정에 변화가 생기면 여기에서 알려 드립니다.")

		en := d.login("mallory", "en").get("/notices")
		contains(t, en, "Messaging restricted", "Your board post “FREE ROBUX GENERATOR”", "You cannot send chat messages until ",
			". Under the Operation Policy rule “Spam, advertising or flooding”. You can appeal it once.", "It was removed by moderation")
	})
	t.Run("NoticesStoredAsKindAndData", func(t *testing.T) {
		var worded int64
		d.en.db.Raw("SELECT count(*) FROM notices WHERE kind NOT IN ('ticket_reply', 'ticket_resolved') AND title <> ''").Scan(&worded)
		if worded != 0 {
			t.Fatalf("%d notices keep English words in their title", worded)
		}
		// A row written before kept an English line: the page words it anew.
		var trent, restriction int64
		d.en.db.Raw("SELECT user_id, id FROM restrictions WHERE user_id = (SELECT id FROM users WHERE name = 'trent')").Row().Scan(&trent, &restriction)
		d.en.db.Exec(`INSERT INTO notices (user_id, kind, title, body, restriction_id) VALUES (?, 'restriction_lifted', 'Posting restriction lifted', '', ?)`,
			trent, restriction)
		r := d.login("trent", "ko").get("/notices")
		d.korean(t, r, http.StatusOK, nil, "게시 제한 해제", "계정의 이용 제한이 해제되었습니다. 다시 이용할 수 있습니다.",
			"게시 제한", "욕설, 괴롭힘 또는 명예훼손")
		contains(t, d.login("trent", "en").get("/notices"), "Posting restriction lifted", "Posting restricted")
		// Customer Service's notices: the ticket's subject and the reply are people's words.
		d.en.db.Exec(`INSERT INTO notices (user_id, kind, title, body) SELECT id, 'ticket_reply', 'Someone took my account', 'We are looking into it.'
			FROM users WHERE name = 'bob'`)
		d.korean(t, d.login("bob", "ko").get("/notices"), http.StatusOK, nil, "고객센터에서 문의에 답변했습니다.")
		contains(t, d.login("bob", "en").get("/notices"), "Someone took my account", "Customer Service answered your inquiry.", "We are looking into it.")
	})
	t.Run("RestrictionsAndAppeal", func(t *testing.T) {
		mallory := d.login("mallory", "ko")
		r := mallory.get("/restrictions")
		d.korean(t, r, http.StatusOK, nil, "계정 이용 제한", "메시지 전송 제한", "운영정책의 “스팸, 광고 또는 도배” 항목에 따른 제한입니다.", "까지 채팅 메시지를 보낼 수 없습니다.",
			"종료 시각이 되면 자동으로 풀립니다. 자세한 내용은 운영정책을 확인하세요.", "이의 제기: 제한을 풀어야 하는 이유", "이의 제기하기")
		action := r.doc.Find(`[data-testid="appeal-form"]`).AttrOr("action", "")
		bad := mallory.submit(action, url.Values{"body": {"  "}})
		d.korean(t, bad, http.StatusUnprocessableEntity, nil)
		if got := bad.doc.Find(`[data-testid="error-body"]`).Text(); got != "제한을 풀어야 하는 이유를 적어 주세요." {
			t.Errorf("empty appeal: %q", got)
		}
		page := flashOf(t, mallory, mallory.submit(action, url.Values{"body": {"Those were not ads."}}))
		wantFlashText(t, page, "이의 제기를 보냈습니다. 제한을 결정하지 않은 다른 운영자가 검토한 뒤 알림으로 알려 드립니다.")
		d.korean(t, page, http.StatusOK, nil, "이의 제기 검토 대기.")
		again := mallory.submit(action, url.Values{"body": {"Again."}})
		d.korean(t, again, http.StatusConflict, nil, "이 제한에 대해 이미 이의를 제기했습니다.")
		d.korean(t, d.login("alice", "ko").get("/restrictions"), http.StatusOK, nil, "현재 계정에 적용 중인 이용 제한이 없습니다.")

		en := d.login("mallory", "en").get("/restrictions")
		contains(t, en, "Restrictions on your account", "Messaging restricted", "You cannot send chat messages until ",
			". Under the Operation Policy rule “Spam, advertising or flooding”.", "It ends by itself at its end time. See the Operation Policy.", "Appeal pending.")
	})
	t.Run("RestrictedWhereItBites", func(t *testing.T) {
		var room, board int64
		d.en.db.Raw(`SELECT m.room_id FROM chat_members m JOIN users u ON u.id = m.other_id
			WHERE m.user_id = (SELECT id FROM users WHERE name = 'mallory') ORDER BY m.room_id LIMIT 1`).Scan(&room)
		mallory := d.login("mallory", "ko")
		r := mallory.submit(fmt.Sprintf("/chats/%d/messages", room), url.Values{"body": {"hi"}})
		d.korean(t, r, http.StatusForbidden, []string{"KST"}, "계정의 메시지 보내기 기능이 ", "까지 제한되었습니다(스팸, 광고 또는 도배). 알림에서 자세한 내용을 보거나 이의를 제기하세요.")
		d.en.db.Raw("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'").Scan(&board)
		d.en.db.Exec(`INSERT INTO open_chat_members (room_id, user_id, joined_at) SELECT ?, id, now() FROM users WHERE name = 'trent'
			ON CONFLICT DO NOTHING`, board)
		trent := d.login("trent", "ko").get(fmt.Sprintf("/openchat/%d", board))
		if got := trent.doc.Find(`[data-testid="restriction"]`).Text(); !strings.HasPrefix(got, "계정의 게시 기능이 ") ||
			!strings.Contains(got, "까지 제한되었습니다(욕설, 괴롭힘 또는 명예훼손).") {
			t.Errorf("trent's board banner in Korean: %q", got)
		}
		en := d.login("trent", "en").get(fmt.Sprintf("/openchat/%d", board))
		if got := en.doc.Find(`[data-testid="restriction"]`).Text(); !strings.HasPrefix(got, "Your account is restricted from posting until ") ||
			!strings.Contains(got, " (Abuse, harassment or defamation). See your notices to learn more or to appeal.") {
			t.Errorf("trent's board banner in English: %q", got)
		}
	})
	t.Run("ServiceRestricted", func(t *testing.T) {
		var chatCase int64
		d.en.db.Raw("SELECT id FROM cases WHERE subject_type = 'message' AND state = 'escalated' ORDER BY id LIMIT 1").Scan(&chatCase)
		if _, err := models.DecideCase(context.Background(), d.en.db, d.actor("mod"), chatCase,
			models.Decision{Kind: models.DecideRestrict, Policy: "threat", Scope: models.ScopeService, Days: "0",
				OverrideReason: "He knows where she lives."}); err != nil {
			t.Fatal(err)
		}
		var who string
		d.en.db.Raw("SELECT u.name FROM cases c JOIN users u ON u.id = c.reported_user_id WHERE c.id = ?", chatCase).Scan(&who)
		c := d.login(who, "ko")
		page := flashOf(t, c, c.get("/friends"))
		wantFlashText(t, page, "계정의 서비스 전체 이용이 제한되었습니다. 알림을 확인하고 이의를 제기할 수 있습니다.")
		d.korean(t, page, http.StatusOK, nil, "서비스 전체 제한", "계정 전체의 이용이 영구적으로 제한됩니다.")
		d.korean(t, c.get("/notices"), http.StatusOK, nil, "서비스 전체 제한", "계정 전체의 이용이 영구적으로 제한됩니다. 운영정책의")
		var reporter string
		d.en.db.Raw("SELECT u.name FROM reports r JOIN users u ON u.id = r.reporter_id WHERE r.case_id = ? ORDER BY r.id LIMIT 1", chatCase).Scan(&reporter)
		d.korean(t, d.login(reporter, "ko").get("/notices"), http.StatusOK, nil, "채팅 메시지 신고 결과", "신고하신 내용을 검토해 운영정책에 따라 조치했습니다.")
		d.korean(t, c.submit("/friends", url.Values{"name": {"alice"}}), http.StatusForbidden, nil, "계정의 서비스 전체 이용이 제한되었습니다.")
		d.korean(t, c.get("/account"), http.StatusOK, nil, "계정", "언어와 시간대", "비밀번호 변경")
	})
	t.Run("Account", func(t *testing.T) {
		for _, who := range []string{"alice", "mallory", "mod", "support", "admin"} {
			c := d.login(who, "ko")
			r := c.get("/account")
			if got := r.doc.Find(`select[name="time_zone"] option[selected]`).Text(); got != "서울 (Asia/Seoul)" {
				t.Errorf("%s's time zone in Korean: %q", who, got)
			}
			d.korean(t, r, http.StatusOK, nil, "계정", who+" 계정으로 로그인했습니다.", "언어와 시간대", "언어", "시간대", "비밀번호",
				"비밀번호를 바꾸면 다른 모든 기기에서 로그아웃됩니다.", "현재 비밀번호", "새 비밀번호 확인", "비밀번호 변경", "저장")
			bad := c.submit("/account", url.Values{"time_zone": {"Asia/Nowhere"}, "language": {"ko"}})
			d.korean(t, bad, http.StatusUnprocessableEntity, nil, "아래 표시된 항목을 고쳐 주세요.", "목록에서 시간대를 선택하세요. 예: Asia/Seoul")
			pw := c.submit("/account/password", url.Values{"current": {"wrong"}, "password": {"short"}, "confirm": {"other"}})
			d.korean(t, pw, http.StatusUnprocessableEntity, nil, "현재 비밀번호가 아닙니다.", "10자 이상으로 정하세요.", "두 비밀번호가 같지 않습니다.")
			page := flashOf(t, c, c.submit("/account", url.Values{"time_zone": {"Asia/Seoul"}, "language": {"ko"}}))
			wantFlashText(t, page, "설정이 저장되었습니다.")
			d.korean(t, page, http.StatusOK, nil)
			contains(t, d.login(who, "en").get("/account"), "Account", "Language and time zone", "Seoul (Asia/Seoul)", "Change password")
		}
	})
	t.Run("Home", func(t *testing.T) {
		d.korean(t, d.login("alice", "ko").get("/"), http.StatusOK, nil, "안녕하세요, Alice Kim 님",
			"대화는 비공개로 보호됩니다.", "내 계정", "alice 계정으로 로그인했습니다. 시간대: 서울 (Asia/Seoul)", "언어, 시간대, 비밀번호 설정")
		for who, role := range map[string]string{"mod": "운영자", "support": "상담원", "admin": "관리자"} {
			r := d.login(who, "ko").get("/")
			d.korean(t, r, http.StatusOK, nil, role+" 계정으로 로그인했습니다.", "직원 계정은 신고나 문의에 담긴 증거만 볼 수 있고")
			if got := r.doc.Find(`[data-testid="staff-badge"]`).First().AttrOr("title", ""); who != "admin" && got != "talksafe 직원" && got != "" {
				t.Errorf("staff badge title %q", got)
			}
		}
		d.korean(t, d.login("admin", "ko").get("/"), http.StatusOK, nil, "직원 계정 관리", "신고를 처리하고 고객센터 문의에 답하는 직원입니다.")
		contains(t, d.login("mod", "en").get("/"), "Hello, ", "You are signed in as Moderator. Staff accounts see only")
		contains(t, d.login("alice", "en").get("/"), "Hello, Alice Kim", "Signed in as alice. Time zone Seoul (Asia/Seoul).", "Language, time zone and password")
	})
	t.Run("BoardFlashes", func(t *testing.T) {
		alice := d.login("alice", "ko")
		var room int64
		d.en.db.Raw("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'").Scan(&room)
		roomPath := fmt.Sprintf("/openchat/%d", room)
		wantFlashText(t, flashOf(t, alice, alice.submit(roomPath+"/leave", nil)), "Seoul Hiking Club에서 나갔습니다. 내가 쓴 글과 댓글은 게시판에 남습니다.")
		wantFlashText(t, flashOf(t, alice, alice.submit(roomPath+"/leave", nil)), "Seoul Hiking Club의 멤버가 아니었습니다.")
		wantFlashText(t, flashOf(t, alice, alice.submit(roomPath+"/join", nil)), "Seoul Hiking Club에 참여했습니다.")
		wantFlashText(t, flashOf(t, alice, alice.submit(roomPath+"/join", nil)), "이미 Seoul Hiking Club의 멤버입니다.")
		post := alice.submit(roomPath+"/posts", url.Values{"title": {"Trail tips"}, "body": {"Bring water."}})
		wantFlashText(t, flashOf(t, alice, post), "게시글을 등록했습니다.")
		postPath := post.header.Get("Location")
		wantFlashText(t, flashOf(t, alice, alice.submit(postPath+"/edit", url.Values{"title": {"Trail tips"}, "body": {"Bring more water."}})), "게시글을 수정했습니다.")
		comment := alice.submit(postPath+"/comments", url.Values{"body": {"And a hat."}})
		page := flashOf(t, alice, comment)
		wantFlashText(t, page, "댓글을 등록했습니다.")
		var commentID int64
		d.en.db.Raw("SELECT max(id) FROM board_comments").Scan(&commentID)
		wantFlashText(t, flashOf(t, alice, alice.submit(fmt.Sprintf("/comments/%d/edit", commentID), url.Values{"body": {"And sunscreen."}})), "댓글을 수정했습니다.")
		wantFlashText(t, flashOf(t, alice, alice.submit(fmt.Sprintf("/comments/%d/delete", commentID), nil)), "댓글을 삭제했습니다.")
		deleted := flashOf(t, alice, alice.submit(postPath+"/delete", nil))
		wantFlashText(t, deleted, "게시글을 삭제했습니다.")
		d.korean(t, deleted, http.StatusOK, nil)
		en := d.login("alice", "en")
		wantFlashText(t, flashOf(t, en, en.submit(roomPath+"/leave", nil)), "You left Seoul Hiking Club. Your posts and comments stay on its board.")
	})
}

// verifyWords are the commands, systems and units the fingerprint's hint
// and the certificate name as they are.
var verifyWords = []string{"sum", "Linux", "shasum", "macOS", "certutil", "hashfile", "FILE", "Windows", "KB", "MB"}

// TestVerifyPagesKorean checks exports in Korean: a wrong file and a wrong
// fingerprint, then the right file, My exports and the certificate.
func TestVerifyPagesKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	alice := d.login("alice", "ko")
	var room int64
	d.en.db.Raw(`SELECT m.room_id FROM chat_members m JOIN users u ON u.id = m.other_id
		WHERE m.user_id = (SELECT id FROM users WHERE name = 'alice') AND u.name = 'bob'`).Scan(&room)
	file := alice.get(fmt.Sprintf("/chats/%d/export/download?format=text", room))
	wantStatus(t, file, http.StatusOK)

	t.Run("Verify", func(t *testing.T) {
		d.korean(t, alice.get("/verify"), http.StatusOK, verifyWords, "내보낸 대화 확인", "파일로 확인", "또는 해시값 붙여 넣기", "해시값 (SHA-256)", "IP 주소마다")
		r := alice.verify([]byte("not an export"))
		d.korean(t, r, http.StatusOK, verifyWords, "talksafe 내보내기 파일이 아니거나, 내보낸 뒤 바뀐 파일입니다")
		empty := alice.verify(nil)
		d.korean(t, empty, http.StatusUnprocessableEntity, verifyWords)
		if got := empty.doc.Find(`[data-testid="error-file"]`).Text(); got != "빈 파일입니다. 내보내기 파일에는 적어도 첫 줄이 있습니다. 내보낸 파일 자체를 고르세요." {
			t.Errorf("an empty file: %q", got)
		}
		bad := alice.submit("/verify", url.Values{"sha256": {"abc"}})
		d.korean(t, bad, http.StatusUnprocessableEntity, verifyWords)
		if got := bad.doc.Find(`[data-testid="error-sha256"]`).Text(); got != "해시값 (SHA-256)은 64자리입니다. 입력한 값은 3자리입니다." {
			t.Errorf("a short fingerprint: %q", got)
		}
		good := alice.verify([]byte(file.body))
		d.korean(t, good, http.StatusOK, verifyWords, "변경되지 않은 talksafe 내보내기 파일", "1:1 채팅의 talksafe 내보내기 파일이며, 내보낸 뒤 바뀌지 않았습니다. 내용: 메시지 ",
			"형식 텍스트, ", "바이트")
		contains(t, d.en.client().verify([]byte(file.body)), "Unchanged talksafe export", "This file is an unchanged talksafe export of a 1:1 chat, made on ")
	})
	t.Run("MyExportsAndCertificate", func(t *testing.T) {
		r := alice.get("/settings/exports")
		d.korean(t, r, http.StatusOK, verifyWords, "← 설정", "내보낸 대화", "끝까지 내려받은 모든 대화 내보내기와 그 해시값 (SHA-256)입니다.", "대화 상대", "증명서")
		cert := r.doc.Find(`[data-testid="export"] a`).AttrOr("href", "")
		c := alice.get(cert)
		d.korean(t, c, http.StatusOK, append(verifyWords, "http", "127"), "talksafe 대화 내보내기 증명서", "내보내기 번호", "1:1 채팅, 메시지 ",
			"에 아래 해시값 (SHA-256)을 가진 대화 내보내기 파일을 만들었음을 증명합니다.", "파일 확인 방법", "브라우저의 인쇄 기능으로 이 페이지를 인쇄하세요.")
		d.korean(t, alice.get("/settings/exports/999999"), http.StatusNotFound, nil, "해당 내보내기가 없습니다.")
		d.korean(t, d.login("bob", "ko").get("/settings/exports"), http.StatusOK, nil, "아직 내보낸 대화가 없습니다.")
		contains(t, d.login("alice", "en").get(cert), "talksafe chat export certificate", "How to verify the file", "a 1:1 chat, ")
	})
}

// TestPolicyAndAdminKorean reads the Operation Policy and the Safety Guide,
// and the admin's staff and audit pages with their errors and flashes.
func TestPolicyAndAdminKorean(t *testing.T) {
	t.Parallel()
	d := newKoDemo(t)
	t.Run("PolicyAndGuide", func(t *testing.T) {
		visitor := d.en.client()
		for _, c := range []*client{d.login("alice", "ko"), visitor} {
			p := c.getIn("/policy", "ko-KR,ko")
			d.korean(t, p, http.StatusOK, nil, "운영정책", "금지되는 행위", "아동·청소년 성착취 또는 불법촬영물", "서비스 이용 제한", "허위 신고 시 서비스 이용이 제한될 수 있습니다.", "안전 가이드 보기")
			g := c.getIn("/safety", "ko-KR,ko")
			d.korean(t, g, http.StatusOK, nil, "안전 가이드", "이용할 수 있는 기능", "친구: 숨기기와 삭제", "차단친구에서 차단을 해제할 수 있지만", "대화 내보내기", "설정 → 내보낸 대화에 있습니다.")
		}
		contains(t, visitor.getIn("/policy", "en"), "Operation Policy", "What is not allowed", "can be reported as Other, with a sentence")
		contains(t, visitor.getIn("/safety", "en"), "Safety Guide", "Friends: Hide and Delete", "Unblock them under Blocked Friends; that brings")
	})
	t.Run("Staff", func(t *testing.T) {
		admin := d.login("admin", "ko")
		r := admin.get("/admin/staff")
		d.korean(t, r, http.StatusOK, nil, "직원 계정", "역할", "운영자", "상담원", "역할 변경", "비활성화", "직원 계정 추가", "초기 비밀번호", "언어", "한국어")
		bad := admin.submit("/admin/staff", url.Values{"name": {"mod3"}, "role": {"moderator"}, "password": {"long enough pw"}, "confirm": {"other"}})
		d.korean(t, bad, http.StatusUnprocessableEntity, nil)
		page := flashOf(t, admin, admin.submit("/admin/staff", url.Values{"name": {"mod3"}, "role": {"moderator"}, "language": {"ko"},
			"password": {"long enough pw"}, "confirm": {"long enough pw"}}))
		wantFlashText(t, page, "운영자 계정 mod3을(를) 추가했습니다.")
		d.korean(t, page, http.StatusOK, []string{"mod"}, "비밀번호 변경 전", "처음 로그인할 때 본인이 새 비밀번호로 바꿔야 합니다.")
		mod3 := d.actor("mod3")
		first := d.en.client()
		if r := first.submit("/login", url.Values{"name": {"mod3"}, "password": {"long enough pw"}}); r.header.Get("Location") != "/account" {
			t.Fatalf("mod3's first log-in: %d to %q", r.status, r.header.Get("Location"))
		}
		held := first.get("/account")
		d.korean(t, held, http.StatusOK, []string{"mod"}, "새 비밀번호를 정하세요", "관리자가 초기 비밀번호로 만든 계정입니다.", "초기 비밀번호 (관리자에게 받은 비밀번호)")
		d.korean(t, first.submit("/account/password", url.Values{"current": {"long enough pw"}, "password": {"long enough pw"}, "confirm": {"long enough pw"}}),
			http.StatusUnprocessableEntity, []string{"mod"}, "현재와 다른 비밀번호를 정하세요.")
		set := flashOf(t, first, first.submit("/account/password", url.Values{"current": {"long enough pw"}, "password": {"mod3's own password"}, "confirm": {"mod3's own password"}}))
		wantFlashText(t, set, "새 비밀번호를 설정했습니다. 이제 모든 페이지를 이용할 수 있습니다.")
		d.korean(t, set, http.StatusOK, []string{"mod"})
		wantFlashText(t, flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/staff/%d/role", mod3.ID), url.Values{"role": {"user"}})), "운영자, 상담원, 관리자 중에서 선택하세요.")
		wantFlashText(t, flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/staff/%d/role", mod3.ID), url.Values{"role": {"support"}})), "역할을 변경했습니다.")
		wantFlashText(t, flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/staff/%d/deactivate", d.actor("admin").ID), nil)), "여기에서는 내 계정을 바꿀 수 없습니다.")
		confirm := admin.get(fmt.Sprintf("/admin/staff/%d/deactivate", mod3.ID))
		d.korean(t, confirm, http.StatusOK, []string{"mod"}, "mod3 계정을 비활성화할까요?", "모든 세션이 즉시 끝나며", "담당 중인 신고 건 0건은 대기열로 돌아갑니다.", "감사 기록은 그대로 남습니다.", "취소")
		wantFlashText(t, flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/staff/%d/deactivate", mod3.ID), nil)), "계정을 비활성화했습니다.")
		done := flashOf(t, admin, admin.submit(fmt.Sprintf("/admin/staff/%d/deactivate", mod3.ID), nil))
		wantFlashText(t, done, "mod3 계정은 이미 비활성화되었습니다.")
		d.korean(t, done, http.StatusOK, nil, "비활성화됨")
		en := d.login("admin", "en")
		contains(t, en.get("/admin/staff"), "Staff accounts", "Add a staff account", "First password again")
		wantFlashText(t, flashOf(t, en, en.submit(fmt.Sprintf("/admin/staff/%d/deactivate", mod3.ID), nil)), "mod3 is deactivated already.")
	})
	t.Run("Audit", func(t *testing.T) {
		admin := d.login("admin", "ko")
		codes := []string{"case", "decide", "report", "user"} // the hints' examples of the log's codes
		d.korean(t, admin.get("/admin/audit"), http.StatusOK, codes, "감사 로그", "작업자", "대상 유형", "필터 적용", "초기화", "일시")
		bad := admin.get("/admin/audit?from=yesterday")
		d.korean(t, bad, http.StatusUnprocessableEntity, codes)
		if got := bad.doc.Find(`[data-testid="error-from"]`).Text(); got != "날짜는 2026-11-21 형식으로 입력하세요." {
			t.Errorf("a bad date: %q", got)
		}
		bad = admin.get("/admin/audit?subject_id=twelve")
		d.korean(t, bad, http.StatusUnprocessableEntity, codes)
		if got := bad.doc.Find(`[data-testid="error-subject_id"]`).Text(); got != "대상 번호는 42처럼 숫자로 입력하세요." {
			t.Errorf("a subject id that is no number: %q", got)
		}
		d.korean(t, admin.get("/admin/audit?action=nothing.like.this"), http.StatusOK, codes, "조건에 맞는 직원 작업이 없습니다.")
		staff := admin.get("/admin/audit?action=staff.create")
		d.korean(t, staff, http.StatusOK, codes, "계정 #", "이름", "역할", "경로")
		contains(t, d.login("admin", "en").get("/admin/audit?from=yesterday"), "Audit log", "Write a date as 2026-11-21.")
	})
}
