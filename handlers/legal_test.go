package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
	"talksafe/views"
)

// legalID is the newest legal request's id.
func (f *boardFixture) legalID() int64 {
	f.en.t.Helper()
	return f.rows("SELECT coalesce(max(id), 0) FROM legal_requests")
}

// follow submits form to path and reads the page it redirects to.
func follow(t *testing.T, c *client, path string, form url.Values) *response {
	t.Helper()
	r := c.submit(path, form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("%s: status %d, want a redirect\n%s", path, r.status, r.body)
	}
	return c.get(r.header.Get("Location"))
}

func TestLegalRequestIllegalFilming(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post := f.post(f.bora, "Holiday pictures", "pictures of someone")
	alma, mod := f.en.login("alma"), f.en.login("mod")

	page := alma.get(postPath(post, ""))
	if page.doc.Find(`a[href="`+views.LegalRequestPath(models.SubjectPost, post)+`"]`).Length() != 1 {
		t.Fatal("no legal request in the post's menu")
	}
	form := alma.get(views.LegalRequestPath(models.SubjectPost, post))
	wantStatus(t, form, http.StatusOK)

	t.Run("Err/NoKindNoExplanation", func(t *testing.T) {
		r := alma.submit(views.LegalRequestPath(models.SubjectPost, post), url.Values{"explanation": {" "}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="error-content_kind"]`).Length() != 1 || r.doc.Find(`[data-testid="error-explanation"]`).Length() != 1 {
			t.Fatalf("field errors missing:\n%s", r.text())
		}
	})

	ok := url.Values{"content_kind": {"illegally_filmed"}, "explanation": {"These were filmed without my consent."}}
	list := follow(t, alma, views.LegalRequestPath(models.SubjectPost, post), ok)
	if list.doc.Find(`[data-testid="legal-request"]`).Length() != 1 || !strings.Contains(list.text(), "answered by") {
		t.Fatalf("My legal requests:\n%s", list.text())
	}
	id := f.legalID()

	t.Run("Err/DoubleSubmit", func(t *testing.T) {
		r := alma.submit(views.LegalRequestPath(models.SubjectPost, post), ok)
		wantStatus(t, r, http.StatusConflict)
		if !strings.Contains(r.text(), "You already asked for this to be deleted") || f.rows("SELECT count(*) FROM legal_requests") != 1 {
			t.Fatalf("second submit:\n%s", r.text())
		}
	})

	kase := f.rows("SELECT case_id FROM legal_requests WHERE id = ?", id)
	q := mod.get("/mod")
	if tag := q.doc.Find(`[data-testid="queue-legal"]`).Text(); !strings.Contains(tag, "Legal request") || !strings.Contains(tag, "due") {
		t.Fatalf("queue mark %q", tag)
	}
	panel := mod.get(casePath(kase, "")).doc.Find(`[data-testid="legal-panel"]`)
	if !strings.Contains(panel.Text(), "The person concerned") || strings.Contains(panel.Text(), "alma") {
		t.Fatalf("legal panel %q", panel.Text())
	}

	hid := follow(t, mod, views.ModLegalHidePath(id), nil)
	if !strings.Contains(hid.text(), "hidden pending the decision") {
		t.Fatalf("after hide:\n%s", hid.text())
	}
	if got := hid.doc.Find(`[data-testid="automation"]`).Text(); !strings.Contains(got, "Hidden at a legal request") || strings.Contains(got, "Automation") {
		t.Errorf("the hide on the case page: %q", got)
	}
	if r := f.en.login("bora").get(postPath(post, "")); r.doc.Find(`[data-testid="hidden-mine"]`).Length() != 1 {
		t.Fatal("the author does not see the hidden banner")
	}

	t.Run("Err/ExtensionWithoutReason", func(t *testing.T) {
		r := follow(t, mod, views.ModLegalExtendPath(id), url.Values{"reason": {""}})
		if !strings.Contains(r.text(), "Give the reason for the extension") {
			t.Fatalf("extension without reason:\n%s", r.text())
		}
	})
	follow(t, mod, views.ModLegalExtendPath(id), url.Values{"reason": {"Waiting for the original from the requester."}})
	t.Run("Err/SecondExtension", func(t *testing.T) {
		r := follow(t, mod, views.ModLegalExtendPath(id), url.Values{"reason": {"Again."}})
		if !strings.Contains(r.text(), "it can be extended only once") {
			t.Fatalf("second extension:\n%s", r.text())
		}
	})
	t.Run("Err/UserActsAsModerator", func(t *testing.T) {
		wantStatus(t, alma.submit(views.ModLegalHidePath(id), nil), http.StatusForbidden)
	})

	r := mod.submit(casePath(kase, "/decide"), url.Values{"kind": {"remove"}, "policy": {"sexual_exploitation"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("decide: %d\n%s", r.status, r.text())
	}
	notices := alma.get("/notices").text()
	for _, want := range []string{"We need more time", "Waiting for the original", "was answered: Removed"} {
		if !strings.Contains(notices, want) {
			t.Fatalf("requester's notices lack %q:\n%s", want, notices)
		}
	}
	if !strings.Contains(alma.get(views.LegalRequestsPath).text(), "Removed") {
		t.Fatal("outcome not on My legal requests")
	}
	if n := f.rows("SELECT count(*) FROM audit_events WHERE subject_type = 'legal_request' AND subject_id = ? AND action IN ('legal.hide', 'legal.extend')", id); n != 2 {
		t.Fatalf("%d staff actions audited", n)
	}
}

func TestLegalRequestRefusals(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	alma := f.en.login("alma")

	t.Run("Err/PrivateChat", func(t *testing.T) {
		_, room := alma.startChat("bora")
		var msg int64
		if err := f.en.db.Raw("INSERT INTO chat_messages (room_id, sender_id, body) VALUES (?, ?, 'private') RETURNING id", room, f.bora.ID).Scan(&msg).Error; err != nil {
			t.Fatal(err)
		}
		page := alma.get(views.LegalRequestPath(models.SubjectMessage, msg))
		wantStatus(t, page, http.StatusOK)
		sec := page.doc.Find(`[data-testid="legal-private-chat"]`)
		if sec.Length() != 1 || sec.Find(`a[href="`+views.ChatExportPath(room)+`"]`).Length() != 1 || sec.Find(`a[href="`+views.VerifyPath+`"]`).Length() != 1 {
			t.Fatalf("private chat page:\n%s", page.text())
		}
		r := alma.submit(views.LegalRequestPath(models.SubjectMessage, msg), url.Values{"content_kind": {"illegally_filmed"}, "explanation": {"x"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.doc.Find(`[data-testid="legal-private-chat"]`).Length() != 1 || f.rows("SELECT count(*) FROM legal_requests") != 0 {
			t.Fatal("a request on a private chat was filed")
		}
	})

	t.Run("Err/RemovedOrHiddenContent", func(t *testing.T) {
		removed := f.post(f.bora, "Gone", "gone")
		f.exec("UPDATE board_posts SET removed_at = now() WHERE id = ?", removed)
		wantStatus(t, alma.get(views.LegalRequestPath(models.SubjectPost, removed)), http.StatusNotFound)
		hidden := f.post(f.bora, "Hidden", "hidden")
		f.exec("INSERT INTO hidden_content (subject_type, subject_id, source) VALUES ('post', ?, 'rule')", hidden)
		r := alma.submit(views.LegalRequestPath(models.SubjectPost, hidden), url.Values{"content_kind": {"privacy"}, "explanation": {"x"}})
		wantStatus(t, r, http.StatusNotFound)
	})

	t.Run("Err/OwnContent", func(t *testing.T) {
		mine := f.post(f.alma, "Mine", "mine")
		wantStatus(t, alma.get(views.LegalRequestPath(models.SubjectPost, mine)), http.StatusUnprocessableEntity)
	})
}

func TestTemporaryMeasurePages(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	alma, bora, mod := f.en.login("alma"), f.en.login("bora"), f.en.login("mod")
	file := func(title string) int64 {
		t.Helper()
		post := f.post(f.bora, title, "about alma")
		follow(t, alma, views.LegalRequestPath(models.SubjectPost, post), url.Values{"content_kind": {"reputation"}, "explanation": {"Lies about me."}})
		return post
	}
	post := file("Rumours")
	id := f.legalID()

	t.Run("Err/BlockLongerThan30Days", func(t *testing.T) {
		r := follow(t, mod, views.ModLegalBlockPath(id), url.Values{"days": {"31"}})
		if !strings.Contains(r.text(), "Choose a block of 1 to 30 days") {
			t.Fatalf("31 days:\n%s", r.text())
		}
	})
	follow(t, mod, views.ModLegalBlockPath(id), url.Values{"days": {"3"}})

	others := alma.get(postPath(post, ""))
	if !strings.Contains(others.text(), "at the request of a person claiming an infringement") || strings.Contains(others.text(), "about alma") {
		t.Fatalf("blocked post as others read it:\n%s", others.text())
	}
	mine := bora.get(postPath(post, ""))
	if mine.doc.Find(`[data-testid="blocked-mine"]`).Length() != 1 || !strings.Contains(mine.text(), "about alma") {
		t.Fatalf("blocked post as its author reads it:\n%s", mine.text())
	}
	if strings.Contains(bora.get("/notices").text(), "alma") {
		t.Fatal("the author's notices name the requester")
	}
	objection := views.LegalObjectionPath(models.SubjectPost, post)
	wantStatus(t, bora.get(objection), http.StatusOK)
	wantStatus(t, alma.get(objection), http.StatusNotFound)
	t.Run("Err/EmptyObjection", func(t *testing.T) {
		r := bora.submit(objection, url.Values{"objection": {""}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
	})
	if r := follow(t, bora, objection, url.Values{"objection": {"It is a fair review of a shop."}}); r.doc.Find(`[data-testid="objected"]`).Length() != 1 {
		t.Fatalf("after objecting:\n%s", r.text())
	}
	kase := f.rows("SELECT case_id FROM legal_requests WHERE id = ?", id)
	if !strings.Contains(mod.get(casePath(kase, "")).text(), "It is a fair review of a shop.") {
		t.Fatal("the objection is not on the case page")
	}

	t.Run("Err/ObjectionAfterThePeriod", func(t *testing.T) {
		late := file("Old rumours")
		lid := f.legalID()
		follow(t, mod, views.ModLegalBlockPath(lid), url.Values{"days": {"1"}})
		f.exec("UPDATE legal_requests SET blocked_at = blocked_at - interval '2 days', block_until = block_until - interval '2 days' WHERE id = ?", lid)
		if r := alma.get(postPath(late, "")); !strings.Contains(r.text(), "about alma") {
			t.Fatal("still blocked after its end")
		}
		r := follow(t, bora, views.LegalObjectionPath(models.SubjectPost, late), url.Values{"objection": {"too late"}})
		if !strings.Contains(r.text(), "The temporary block has ended") {
			t.Fatalf("objection after the period:\n%s", r.text())
		}
	})
}

// The deadline is shown in the reader's time zone: 15:30 UTC is 00:30 the
// next day in Seoul.
func TestLegalDeadlineTimeZone(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post := f.post(f.bora, "Late", "late")
	if _, _, err := models.FileLegalRequest(context.Background(), f.en.db, f.alma.ID, models.LegalInput{Type: models.SubjectPost, ID: post,
		ContentKind: "composite", Explanation: "a composite"}); err != nil {
		t.Fatal(err)
	}
	f.exec("UPDATE legal_requests SET created_at = '2026-12-06T15:30:00Z', deadline_at = '2026-12-20T15:30:00Z'")
	f.exec("UPDATE users SET time_zone = 'Asia/Seoul' WHERE id = ?", f.alma.ID)
	f.exec("UPDATE users SET time_zone = 'UTC' WHERE id = ?", f.mod.ID)
	if got := f.en.login("alma").get(views.LegalRequestsPath).doc.Find(`[data-testid="legal-status"]`).Text(); !strings.Contains(got, "2026-12-21 00:30") {
		t.Fatalf("Seoul reader: %q", got)
	}
	kase := f.rows("SELECT case_id FROM legal_requests")
	if got := f.en.login("mod").get(casePath(kase, "")).doc.Find(`[data-testid="legal-deadline"]`).Text(); !strings.Contains(got, "2026-12-20 15:30") {
		t.Fatalf("UTC moderator: %q", got)
	}
}

// A request past its deadline stands out on the queue and the case page.
func TestLegalOverdue(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post := f.post(f.bora, "Old", "old")
	if _, _, err := models.FileLegalRequest(context.Background(), f.en.db, f.alma.ID, models.LegalInput{Type: models.SubjectPost, ID: post,
		ContentKind: "illegally_filmed", Explanation: "old"}); err != nil {
		t.Fatal(err)
	}
	f.exec("UPDATE legal_requests SET created_at = now() - interval '15 days', deadline_at = now() - interval '1 day'")
	mod := f.en.login("mod")
	if got := mod.get("/mod").doc.Find(`tr.overdue [data-testid="queue-legal"]`).Text(); !strings.Contains(got, "Overdue") {
		t.Fatalf("queue: %q", got)
	}
	kase := f.rows("SELECT case_id FROM legal_requests")
	if got := mod.get(casePath(kase, "")).doc.Find(`[data-testid="legal-deadline"]`).Text(); !strings.Contains(got, "Overdue") {
		t.Fatalf("case page: %q", got)
	}
}

// The legal pages in Korean.
func TestLegalPagesKorean(t *testing.T) {
	t.Parallel()
	f := newModFixture(t)
	post := f.post(f.bora, "소문", "알마에 대한 글")
	f.exec("UPDATE users SET language = 'ko'")
	alma := f.en.login("alma")
	form := alma.get(views.LegalRequestPath(models.SubjectPost, post))
	if !strings.Contains(form.text(), "법적 삭제 요청") || !strings.Contains(form.text(), "법률 자문이 아닙니다") {
		t.Fatalf("Korean form:\n%s", form.text())
	}
	follow(t, alma, views.LegalRequestPath(models.SubjectPost, post), url.Values{"content_kind": {"privacy"}, "explanation": {"제 주소가 있습니다."}})
	if l := alma.get(views.LegalRequestsPath).text(); !strings.Contains(l, "내 법적 요청") || !strings.Contains(l, "사생활") {
		t.Fatalf("Korean list:\n%s", l)
	}
	follow(t, f.en.login("mod"), views.ModLegalBlockPath(f.legalID()), url.Values{"days": {"7"}})
	if r := alma.get(postPath(post, "")); !strings.Contains(r.text(), "권리침해 주장에 따른 임시조치") {
		t.Fatalf("Korean blocked post:\n%s", r.text())
	}
	if r := alma.get(fmt.Sprintf("/openchat/%d", f.room)); !strings.Contains(r.text(), "권리침해 주장에 따른 임시조치") {
		t.Fatalf("Korean board:\n%s", r.text())
	}
}
