package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/views/chatexport"
)

func TestExport(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("alice", models.RoleUser)
	en.user("mallory", models.RoleUser)
	en.user("bob", models.RoleUser)
	alice := en.login("alice")
	mal := en.login("mallory")
	roomURL, _ := mal.startChat("alice")
	mal.submit(roomURL+"/messages", url.Values{"body": {"hello, \"alice\"\nline two"}})
	alice.submit(roomURL+"/messages", url.Values{"body": {"who is this?"}})
	alice.submit(fmt.Sprintf("/friends/%d/block", en.userID("mallory")), nil)
	mal.submit(roomURL+"/messages", url.Values{"body": {"sent after the block"}})

	page := alice.get(roomURL + "/export")
	wantStatus(t, page, http.StatusOK)
	if page.doc.Find(`input[name="format"]`).Length() != 4 {
		t.Fatal("the export page lacks the three formats and the pictures' ZIP")
	}
	if alice.get(roomURL).doc.Find(`a:contains("Export Chat Message")`).Length() != 1 {
		t.Fatal("the room menu lacks Export Chat Message")
	}

	t.Run("Text", func(t *testing.T) {
		r := alice.get(roomURL + "/export/download?format=text&lang=en")
		wantStatus(t, r, http.StatusOK)
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="talksafe_chat_mallory_`) || !strings.Contains(cd, ".txt") {
			t.Errorf("Content-Disposition %q", cd)
		}
		lines := strings.Split(r.body, "\r\n")
		if lines[0] != "mallory with talksafe Chats" || !strings.HasPrefix(lines[1], "Date Saved : ") || lines[2] != "" || !strings.HasPrefix(lines[3], "--------------- ") {
			t.Fatalf("header lines: %q", lines[:4])
		}
		if !strings.Contains(r.body, "] hello, \"alice\"\r\nline two\r\n[alice] [") || strings.Count(r.body, "\n") != strings.Count(r.body, "\r\n") {
			t.Fatalf("body:\n%s", r.body)
		}
		if strings.Contains(r.body, "sent after the block") {
			t.Fatal("an undelivered message from a blocked sender is in the export")
		}
	})
	t.Run("KoreanName", func(t *testing.T) {
		en.db.Exec("UPDATE users SET display_name = '말로리 [M]' WHERE name = 'mallory'")
		cd := alice.get(roomURL + "/export/download?format=csv").header.Get("Content-Disposition")
		if !strings.Contains(cd, `filename="talksafe_chat_M_`) || !strings.Contains(cd, "filename*=UTF-8''talksafe_chat_%EB%A7%90%EB%A1%9C%EB%A6%AC_M_") {
			t.Fatalf("Content-Disposition %q", cd)
		}
		en.db.Exec("UPDATE users SET display_name = 'mallory' WHERE name = 'mallory'")
	})
	t.Run("KoreanByDefault", func(t *testing.T) {
		wantRedirect(t, alice.submit("/account", url.Values{"time_zone": {"Asia/Seoul"}, "language": {"ko"}}), "/account")
		r := alice.get(roomURL + "/export/download?format=text")
		if !strings.HasPrefix(r.body, "mallory 님과 talksafe 대화\r\n저장한 날짜 : ") {
			t.Fatalf("body:\n%s", r.body)
		}
	})
	t.Run("CSV", func(t *testing.T) {
		r := alice.get(roomURL + "/export/download?format=csv")
		if !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(r.body, "Date,User,Message\n") || strings.Contains(r.body, "\r") {
			t.Fatalf("%s\n%s", r.header.Get("Content-Type"), r.body)
		}
		if !strings.Contains(r.body, `,"mallory","hello, ""alice""`+"\nline two\"\n") {
			t.Fatalf("body:\n%q", r.body)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		r := alice.get(roomURL + "/export/download?format=json")
		var v struct {
			Name     string
			Messages []struct{ From, Text string }
		}
		if err := json.Unmarshal([]byte(r.body), &v); err != nil {
			t.Fatalf("%v\n%s", err, r.body)
		}
		if v.Name != "mallory" || len(v.Messages) != 2 || v.Messages[1].Text != "who is this?" {
			t.Fatalf("%+v", v)
		}
		// The sender's own export has everything she sent.
		var mine struct{ Messages []struct{ Text string } }
		json.Unmarshal([]byte(mal.get(roomURL+"/export/download?format=json").body), &mine)
		if len(mine.Messages) != 3 {
			t.Fatalf("mallory exports %d messages, want 3", len(mine.Messages))
		}
	})
	t.Run("Errors", func(t *testing.T) {
		r := alice.get(roomURL + "/export/download?format=pdf")
		wantStatus(t, r, http.StatusBadRequest)
		// alice chose Korean above: the page speaks it.
		if got := r.doc.Find(".error-page .lead").Text(); got != "내보낼 형식을 선택하세요: 텍스트, CSV, JSON." {
			t.Fatalf("message: %q", got)
		}
		if got := r.doc.Find(".error-page h1").Text(); got != "요청을 읽을 수 없습니다" {
			t.Fatalf("title: %q", got)
		}
		wantStatus(t, alice.get(roomURL+"/export/download?format=text&lang=fr"), http.StatusBadRequest)
		bob := en.login("bob")
		wantStatus(t, bob.get(roomURL+"/export/download?format=text"), http.StatusNotFound)
		wantStatus(t, bob.get(roomURL+"/export"), http.StatusNotFound)
	})
	t.Run("NothingAfterLeaving", func(t *testing.T) {
		alice.submit(roomURL+"/leave", nil)
		wantStatus(t, alice.get(roomURL+"/export/download?format=text"), http.StatusNotFound)
	})
}

// MESSENGER_NAME=KakaoTalk gives the title lines that tools reading
// genuine KakaoTalk exports look for, in both languages.
func TestExportMessengerName(t *testing.T) {
	t.Parallel()
	en := newEnvConfig(t, handlers.Config{SessionSecret: []byte(testSecret), Messenger: chatexport.MessengerNamed("KakaoTalk", "")})
	en.user("minji", models.RoleUser)
	en.user("jun", models.RoleUser)
	c := en.login("minji")
	roomURL, _ := c.startChat("jun")
	for lang, want := range map[string]string{"en": "jun with KakaoTalk Chats\r\n", "ko": "jun 님과 카카오톡 대화\r\n"} {
		if r := c.get(roomURL + "/export/download?format=text&lang=" + lang); !strings.HasPrefix(r.body, want) {
			t.Errorf("%s: %q, want it to start with %q", lang, r.body, want)
		}
	}
}

// A member who left a room and came back exports only what came after,
// while the other member's export keeps the whole room.
func TestExportAfterLeaving(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("alice", models.RoleUser)
	en.user("bob", models.RoleUser)
	alice, bob := en.login("alice"), en.login("bob")
	roomURL, _ := alice.startChat("bob")
	wantRedirect(t, alice.submit(roomURL+"/messages", url.Values{"body": {"hi bob"}}), roomURL+"#send")
	wantRedirect(t, bob.submit(roomURL+"/messages", url.Values{"body": {"said before alice left"}}), roomURL+"#send")
	wantRedirect(t, alice.submit(roomURL+"/leave", nil), "/chats")
	if again, _ := alice.startChat("bob"); again != roomURL {
		t.Fatalf("the room came back as %s, want %s", again, roomURL)
	}
	wantRedirect(t, bob.submit(roomURL+"/messages", url.Values{"body": {"said after she came back"}}), roomURL+"#send")
	for _, format := range []string{"text", "csv", "json"} {
		mine := alice.get(roomURL + "/export/download?format=" + format)
		wantStatus(t, mine, http.StatusOK)
		if strings.Contains(mine.body, "said before alice left") || !strings.Contains(mine.body, "said after she came back") {
			t.Fatalf("%s: alice's export after leaving:\n%s", format, mine.body)
		}
		theirs := bob.get(roomURL + "/export/download?format=" + format)
		if !strings.Contains(theirs.body, "said before alice left") || !strings.Contains(theirs.body, "said after she came back") {
			t.Fatalf("%s: bob's export:\n%s", format, theirs.body)
		}
	}
}
