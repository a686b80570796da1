package handlers_test

import (
	"context"
	"fmt"
	"github.com/PuerkitoBio/goquery"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"talksafe/models"
)

func (c *client) getIn(path, acceptLanguage string) *response {
	c.en.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.en.srv.URL+path, nil)
	req.Header.Set("Accept-Language", acceptLanguage)
	return c.do(req)
}

// englishLeft finds words of Latin letters in a Korean page's visible text
// (and its title and labels), outside what people wrote ([data-user-text])
// and the words allowed.
var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

func englishLeft(r *response, allowed ...string) []string {
	r.doc.Find("script, style, [data-user-text], #f-time_zone").Remove() // time zones are identifiers
	text := r.doc.Find("title").Text() + " " + r.doc.Find("body").Text()
	r.doc.Find("[aria-label], [placeholder], [title]").Each(func(_ int, s *goquery.Selection) {
		text += " " + s.AttrOr("aria-label", "") + " " + s.AttrOr("placeholder", "") + " " + s.AttrOr("title", "")
	})
	var out []string
	for _, w := range latinWord.FindAllString(text, -1) {
		ok := false
		for _, a := range append(allowed, "talksafe", "English", "Asia", "Seoul", "CSV", "JSON", "PC", "Mac", "SHA", "IP") { // names of things, not English
			if strings.EqualFold(w, a) {
				ok = true
			}
		}
		if !ok {
			out = append(out, w)
		}
	}
	return out
}

// The pages of the Korean interface so far: each in both languages, and in
// Korean no English outside the message files.
var koreanPages = []string{"/", "/login", "/signup", "/no/such/page"}

func TestInterfaceLanguages(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	t.Run("OK", func(t *testing.T) {
		c := en.client()
		for _, p := range koreanPages {
			eng := c.getIn(p, "en-US,en;q=0.9")
			kor := c.getIn(p, "ko-KR,ko;q=0.9,en;q=0.5")
			if lang := eng.doc.Find("html").AttrOr("lang", ""); lang != "en" {
				t.Errorf("%s in English: lang %q", p, lang)
			}
			if lang := kor.doc.Find("html").AttrOr("lang", ""); lang != "ko" {
				t.Errorf("%s in Korean: lang %q", p, lang)
			}
			if eng.status != kor.status {
				t.Errorf("%s: %d in English, %d in Korean", p, eng.status, kor.status)
			}
			if left := englishLeft(kor); len(left) > 0 {
				t.Errorf("%s in Korean still has English: %v", p, left)
			}
		}
		if r := c.getIn("/login", "ko"); !strings.Contains(r.text(), "로그인") || !strings.Contains(r.text(), "사용자 이름") {
			t.Errorf("Korean log-in page: %s", r.text())
		}
	})
	t.Run("Switch", func(t *testing.T) {
		c := en.client()
		r := c.getIn("/login", "en-US")
		if r.doc.Find(`form[action="/language"] button`).Text() != "한국어" {
			t.Fatalf("no switch to Korean on the page: %s", r.text())
		}
		wantRedirect(t, c.submit("/language", url.Values{"lang": {"ko"}, "next": {"/signup"}}), "/signup")
		if r := c.getIn("/signup", "en-US"); r.doc.Find("h1").Text() != "계정 만들기" {
			t.Fatalf("after switching to Korean: %q", r.doc.Find("h1").Text())
		}
		wantRedirect(t, c.submit("/language", url.Values{"lang": {"en"}, "next": {"https://evil.example/"}}), "/")
		if r := c.getIn("/signup", "ko-KR"); r.doc.Find("h1").Text() != "Create your account" {
			t.Fatalf("after switching back: %q", r.doc.Find("h1").Text())
		}
	})
	t.Run("AccountSetting", func(t *testing.T) {
		en.user("hana", "user")
		en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'hana'")
		c := en.login("hana")
		r := c.getIn("/account", "en-US")
		if r.doc.Find("html").AttrOr("lang", "") != "ko" || r.doc.Find("h1").Text() != "계정" {
			t.Fatalf("an account set to Korean: %q", r.doc.Find("h1").Text())
		}
	})
	t.Run("KoreanAccount", func(t *testing.T) {
		ko := newEnv(t)
		if _, err := models.SeedDemo(context.Background(), ko.db); err != nil {
			t.Fatal(err)
		}
		ko.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'alice'")
		var post int64
		ko.db.Raw("SELECT id FROM board_posts WHERE title = 'EASY MONEY for hikers!!!'").Scan(&post)
		c := ko.client()
		r := c.submit("/login", url.Values{"name": {"alice"}, "password": {models.DemoPassword}})
		wantStatus(t, r, http.StatusSeeOther)
		var bob, room int64
		ko.db.Raw("SELECT id FROM users WHERE name = 'bob'").Scan(&bob)
		ko.db.Raw("SELECT m.room_id FROM chat_members m JOIN users u ON u.id = m.other_id WHERE m.user_id = (SELECT id FROM users WHERE name = 'alice') AND u.name = 'bob'").Scan(&room)
		var fromBob int64
		ko.db.Raw("SELECT max(id) FROM chat_messages WHERE room_id = ? AND sender_id = ?", room, bob).Scan(&fromBob)
		var names []string // the demo's people, rooms and posts: their names are not the interface's words
		ko.db.Raw(`SELECT name || ' ' || display_name FROM users UNION ALL SELECT name FROM open_chat_rooms
			UNION ALL SELECT title FROM board_posts`).Scan(&names) // and what they named: in titles and labels
		allowed := latinWord.FindAllString(strings.Join(names, " "), -1)
		for _, p := range []string{"/reports", fmt.Sprintf("/report/post/%d", post), "/account",
			"/friends", "/settings", "/settings/friends/hidden", "/settings/friends/blocked", fmt.Sprintf("/friends/%d/block", bob),
			"/chats", fmt.Sprintf("/chats/%d", room), fmt.Sprintf("/chats/%d/leave", room), fmt.Sprintf("/chats/%d/export", room),
			fmt.Sprintf("/report/message/%d", fromBob), "/openchat", fmt.Sprintf("/posts/%d", post)} {
			r := c.getIn(p, "en-US")
			if r.status != http.StatusOK && r.status != http.StatusForbidden { // a friend's message: 403, explained
				t.Errorf("%s: status %d", p, r.status)
			}
			if left := englishLeft(r, allowed...); len(left) > 0 {
				t.Errorf("%s in Korean still has English: %v", p, left)
			}
		}
		if r := c.getIn(fmt.Sprintf("/report/post/%d", post), "en-US"); !strings.Contains(r.text(), "신고 사유") || !strings.Contains(r.text(), "완료") {
			t.Errorf("the Report pop-up in Korean: %s", r.text())
		}
	})
	t.Run("ErrInKorean", func(t *testing.T) {
		c := en.client()
		req, _ := http.NewRequest(http.MethodGet, en.srv.URL+"/login", nil)
		req.Header.Set("Accept-Language", "ko")
		c.do(req)
		form := url.Values{"name": {"nobody"}, "password": {"wrong password"}}
		form.Set("_csrf", c.csrf())
		req, _ = http.NewRequest(http.MethodPost, en.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "ko")
		r := c.do(req)
		if got := r.doc.Find(`[data-testid="form-error"]`).Text(); got != "사용자 이름 또는 비밀번호가 올바르지 않습니다." {
			t.Fatalf("log-in error in Korean: %q", got)
		}
	})
}
