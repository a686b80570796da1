package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// TestRestrictedUser: a 'service' restriction ends bora's session; the log-in
// page tells whoever holds its cookie that the account is restricted and
// where to read why; after log-in Home shows the restriction and no
// welcome; Customer Service, Account and exporting her own chats stay open;
// her appeal shows its text and state.
func TestRestrictedUser(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	_, kase := f.reportPost("scam", "fraud")
	bora, alma := f.en.login("bora"), f.en.login("alma")
	room, roomID := bora.startChat("alma")
	bora.submit(room+"/messages", url.Values{"body": {"see you at the trailhead"}})
	alma.submit(room+"/messages", url.Values{"body": {"bring water"}})
	mod := f.en.login("mod")
	wantStatus(t, mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"restrict"}, "policy": {"fraud"}, "scope": {"service"}, "days": {"30"},
		"override_reason": {"Phishing for accounts: the whole account goes."}}), http.StatusSeeOther)

	t.Run("LoginPageSaysRestricted", func(t *testing.T) {
		r := bora.get("/friends")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), views.LoginPath) {
			t.Fatalf("bora's old session still works: %d %s", r.status, r.header.Get("Location"))
		}
		login := bora.get(r.header.Get("Location"))
		box := login.doc.Find(`[data-testid="login-restricted"]`)
		if !strings.Contains(box.Text(), "Your account is restricted, so you were logged out.") ||
			box.Find(`a:contains("Restrictions on your account")`).AttrOr("href", "") != views.LoginNextPath(views.RestrictionsPath) {
			t.Fatalf("log-in page for a restricted session:\n%s", login.text())
		}
		ko := bora.getIn(views.LoginPath, "ko")
		if got := ko.doc.Find(`[data-testid="login-restricted"]`).Text(); !strings.Contains(got, "계정 이용이 제한되어 로그아웃되었습니다.") ||
			!strings.Contains(got, "계정 이용 제한") {
			t.Fatalf("in Korean: %q", got)
		}
		if f.en.client().get(views.LoginPath).doc.Find(`[data-testid="login-restricted"]`).Length() != 0 {
			t.Fatal("a visitor without that cookie reads that an account is restricted")
		}
	})

	r := bora.submit(views.LoginPath, url.Values{"name": {"bora"}, "password": {"password for bora"}})
	wantRedirect(t, r, views.HomePath)
	home := bora.get(views.HomePath)
	t.Run("HomeWithoutWelcome", func(t *testing.T) {
		if home.doc.Find(`.flash-success`).Length() != 0 || strings.Contains(home.text(), "Welcome back") {
			t.Fatalf("a welcome over the restriction:\n%s", home.text())
		}
		if got := home.doc.Find(`[data-testid="home-restricted"]`).Text(); !strings.Contains(got, "Your whole account is restricted until") ||
			!strings.Contains(got, "Fraud, phishing or account theft") {
			t.Fatalf("Home's restriction: %q", got)
		}
		if home.doc.Find(`[data-testid="home-restricted"] a[href="/restrictions"]`).Length() != 1 {
			t.Fatal("no way from Home to the restriction")
		}
	})
	t.Run("StillReachable", func(t *testing.T) {
		export := views.ChatExportPath(roomID)
		if home.doc.Find(`[data-testid="export-chats"] a[href="`+export+`"]`).Length() != 1 {
			t.Fatalf("Home offers no export of the chat:\n%s", home.text())
		}
		wantStatus(t, bora.get(export), http.StatusOK)
		file := bora.get(views.ChatDownloadPath(roomID, "text", "en"))
		wantStatus(t, file, http.StatusOK)
		if !strings.Contains(file.body, "see you at the trailhead") || !strings.Contains(file.body, "bring water") {
			t.Fatalf("the export:\n%s", file.body)
		}
		wantStatus(t, bora.get(views.MyExportsPath), http.StatusOK)
		wantStatus(t, bora.get(views.SupportNewPath), http.StatusOK)
		wantStatus(t, bora.get(views.AccountPath), http.StatusOK)
		wantRedirect(t, bora.submit(views.AccountPath, url.Values{"time_zone": {"Asia/Seoul"}, "language": {"en"}}), views.AccountPath)
		wantStatus(t, bora.get(views.NoticesPath), http.StatusOK)
		tk := bora.submit(views.MyTicketsPath, url.Values{"category": {"other"}, "description": {"Why is my account restricted?"}})
		if tk.status != http.StatusSeeOther {
			t.Fatalf("a ticket under a service restriction: %d\n%s", tk.status, tk.text())
		}
		wantStatus(t, bora.get(tk.header.Get("Location")), http.StatusOK)
		// and nothing else
		wantRedirect(t, bora.get("/friends"), views.RestrictionsPath)
		wantRedirect(t, bora.get(room), views.RestrictionsPath)
	})
	t.Run("AppealTextAndState", func(t *testing.T) {
		var rid int64
		f.en.db.Raw("SELECT id FROM restrictions WHERE case_id = ?", kase).Scan(&rid)
		wantRedirect(t, bora.submit(views.AppealRestrictionPath(rid), url.Values{"body": {"Someone used my phone."}}), views.RestrictionsPath)
		mine := bora.get(views.RestrictionsPath).doc.Find(`[data-testid="my-appeal"]`)
		if !strings.Contains(mine.Text(), "Your appeal") || !strings.Contains(mine.Find("blockquote").Text(), "Someone used my phone.") ||
			!strings.Contains(mine.Find(`[data-testid="appeal-state"]`).Text(), "pending") {
			t.Fatalf("the appeal: %q", mine.Text())
		}
	})
}

// TestRestrictionSentences: each scope reads as a sentence of its own, in
// both languages, with an end time or without.
func TestRestrictionSentences(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	tests := []struct {
		scope     models.Scope
		days      int
		english   string
		korean    string
		notInText string
	}{
		{models.ScopePosting, 7, "You cannot write posts or comments on Open Chat boards until ", "까지 오픈채팅 게시판에 글과 댓글을 쓸 수 없습니다.", "You cannot use"},
		{models.ScopePosting, 0, "You can no longer write posts or comments on Open Chat boards.", "더 이상 오픈채팅 게시판에 글과 댓글을 쓸 수 없습니다.", "You cannot use"},
		{models.ScopeMessaging, 3, "You cannot send chat messages until ", "까지 채팅 메시지를 보낼 수 없습니다.", "sending chat messages"},
		{models.ScopeReporting, 30, "You cannot file reports until ", "까지 신고할 수 없습니다.", "filing reports"},
		{models.ScopeService, 90, "Your whole account is restricted until ", "까지 계정 전체의 이용이 제한됩니다.", "the whole service"},
		{models.ScopeService, 0, "Your whole account is restricted permanently.", "계정 전체의 이용이 영구적으로 제한됩니다.", "the whole service"},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.scope, tt.days), func(t *testing.T) {
			name := fmt.Sprintf("user%d", i)
			u := en.user(name, models.RoleUser)
			ends := "NULL"
			if tt.days > 0 {
				ends = fmt.Sprintf("now() + interval '%d days'", tt.days)
			}
			en.db.Exec("INSERT INTO restrictions (user_id, scope, policy_reason, ends_at) VALUES (?, ?, 'spam', "+ends+")", u.ID, tt.scope)
			c := en.login(name)
			for _, path := range []string{views.RestrictionsPath, views.HomePath} {
				page := c.get(path)
				got := page.doc.Find(`[data-testid="restriction-sentence"]`).Text()
				if !strings.Contains(got, tt.english) || strings.Contains(got, tt.notInText) {
					t.Errorf("%s: %q, want %q", path, got, tt.english)
				}
			}
			en.db.Exec("UPDATE users SET language = 'ko' WHERE id = ?", u.ID)
			for _, path := range []string{views.RestrictionsPath, views.HomePath} {
				got := c.get(path).doc.Find(`[data-testid="restriction-sentence"]`).Text()
				if !strings.Contains(got, tt.korean) || !strings.Contains(got, "운영정책의 “스팸, 광고 또는 도배” 항목에 따른 제한입니다.") {
					t.Errorf("%s in Korean: %q, want %q", path, got, tt.korean)
				}
			}
		})
	}
	t.Run("NoRestriction", func(t *testing.T) {
		en.user("free", models.RoleUser)
		c := en.client()
		r := c.submit(views.LoginPath, url.Values{"name": {"free"}, "password": {"password for free"}})
		page := c.get(r.header.Get("Location"))
		if page.doc.Find(`.flash-success`).Length() != 1 || page.doc.Find(`[data-testid="home-restricted"]`).Length() != 0 {
			t.Fatalf("Home of a user without restriction:\n%s", page.text())
		}
	})
}
