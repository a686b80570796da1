package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/pdq"
	"talksafe/views"
)

const (
	bankPDQ  = "f8f8f0cce0f4e84d0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22"
	bankPDQ2 = "b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109"
	bankMD5  = "900150983cd24fb0d6963f7d28e17f72"
)

// createBank creates a bank through the page and returns its id.
func createBank(t *testing.T, en *env, c *client, name string) int64 {
	t.Helper()
	r := c.submit("/admin/hash-banks", url.Values{"name": {name}, "source": {"NCMEC"}, "reason": {"sexual_exploitation"}, "action": {"restrict"}})
	wantStatus(t, r, http.StatusSeeOther)
	var id int64
	en.db.Raw("SELECT id FROM hash_banks WHERE name = ?", name).Scan(&id)
	if want := fmt.Sprintf("/admin/hash-banks/%d#import", id); r.header.Get("Location") != want {
		t.Fatalf("created: to %q, want %q", r.header.Get("Location"), want)
	}
	return id
}

// An admin creates a bank (a refused form first), imports a pasted list
// with bad rows (kept: the good ones; listed: the bad ones by line), then a
// file in HMA's CSV, removes a hash and renames the bank; a moderator reads
// the banks without the forms.
func TestHashBanksAdmin(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	en.user("minji", models.RoleModerator)
	admin := en.login("boss")

	r := admin.get("/admin/hash-banks")
	wantStatus(t, r, http.StatusOK)
	contains(t, r, "No hash banks yet.", "is hidden before anyone sees it", "Pictures in 1:1 chats are matched only when someone reports them.")
	r = admin.submit("/admin/hash-banks", url.Values{"name": {" "}, "reason": {"other"}, "action": {"hide"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-name"]`).Text(); got != "Give the bank a name." {
		t.Errorf("name error %q", got)
	}
	if got := r.doc.Find(`[data-testid="error-reason"]`).Text(); got != "Choose a reason from the list." {
		t.Errorf("reason error %q", got)
	}
	id := createBank(t, en, admin, "NCMEC CSAM")
	r = admin.submit("/admin/hash-banks", url.Values{"name": {"NCMEC CSAM"}, "reason": {"spam"}, "action": {"hide"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-name"]`).Text(); got != "Another bank has this name." {
		t.Errorf("taken name error %q", got)
	}
	bankPath := fmt.Sprintf("/admin/hash-banks/%d", id)

	r = admin.submit(bankPath+"/import", url.Values{"hashes": {bankPDQ + "\nnot a hash\nmd5," + bankMD5 + "\nsha1,abc\n"}})
	wantStatus(t, r, http.StatusOK)
	if got := strings.Join(strings.Fields(r.doc.Find(`[data-testid="import-result"]`).Text()), " "); !strings.Contains(got, "2 added, 0 already in the bank, 2 rows not taken.") ||
		!strings.Contains(got, "Line 2: not a hash: a PDQ hash is 64 hex digits, an MD5 32.") ||
		!strings.Contains(got, "Line 4: the signal type is neither pdq nor md5.") {
		t.Errorf("import result %q", got)
	}
	if n := r.doc.Find(`[data-testid="hash-row"]`).Length(); n != 2 {
		t.Errorf("%d hashes listed, want 2", n)
	}

	csv := "signal_type,signal_str,collab,category,tags\npdq," + bankPDQ2 + ",Sample,,\npdq," + bankPDQ + ",Sample,,\n"
	r = admin.submit(bankPath+"/import", url.Values{"hashes": {csv}})
	wantStatus(t, r, http.StatusOK)
	if got := strings.Join(strings.Fields(r.doc.Find(`[data-testid="import-result"]`).Text()), " "); !strings.Contains(got, "1 added, 1 already in the bank, 0 rows not taken.") {
		t.Errorf("file import %q", got)
	}
	contains(t, r, "PDQ 2 · MD5 1")

	r = admin.submit(bankPath+"/import", url.Values{"hashes": {"zzz\n"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-hashes"]`).Text(); got != "None of the 1 rows could be taken; correct them as listed and import again." {
		t.Errorf("nothing good: %q", got)
	}
	if got := r.doc.Find(`[data-testid="bad-rows"]`).Text(); !strings.Contains(got, "Line 1") {
		t.Errorf("bad rows listed %q", got)
	}

	var entry int64
	en.db.Raw("SELECT id FROM hash_bank_entries WHERE hash = ?", bankMD5).Scan(&entry)
	page := flashOf(t, admin, admin.submit(fmt.Sprintf("%s/hashes/%d/delete", bankPath, entry), nil))
	wantFlashText(t, page, "Hash removed from the bank.")
	contains(t, page, "PDQ 2 · MD5 0")

	page = flashOf(t, admin, admin.submit(bankPath, url.Values{"name": {"NCMEC list"}, "source": {"NCMEC hash sharing"}, "reason": {"sexual_exploitation"}, "action": {"hide"}}))
	wantFlashText(t, page, "Bank saved.")
	contains(t, page, "NCMEC hash sharing", "Hide and open a case")

	var events []string
	en.db.Raw("SELECT action FROM audit_events WHERE subject_type = 'hash_bank' AND subject_id = ? ORDER BY id", id).Scan(&events)
	if got := strings.Join(events, " "); got != "hashbank.create hashbank.import hashbank.import hashbank.remove_hash hashbank.update" {
		t.Errorf("audit: %s", got)
	}
	audit := admin.get("/admin/audit?subject_type=hash_bank")
	if audit.doc.Find(fmt.Sprintf(`a[href="%s"]`, bankPath)).Length() == 0 {
		t.Errorf("the audit log does not link the bank")
	}

	mod := en.login("minji")
	r = mod.get("/admin/hash-banks")
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find(`[data-testid="bank-row"]`).Length() != 1 || r.doc.Find(`[data-testid="bank-form"]`).Length() != 0 {
		t.Errorf("a moderator's list: %s", r.text())
	}
	r = mod.get(bankPath)
	wantStatus(t, r, http.StatusOK)
	if r.doc.Find(`[data-testid="hash-row"]`).Length() != 2 || r.doc.Find(`form[action^="/admin/hash-banks"]`).Length() != 0 {
		t.Errorf("a moderator sees forms on the bank's page")
	}
	wantStatus(t, mod.get("/admin/hash-banks/999999"), http.StatusNotFound)
}

// The hash bank pages, forms and import report in Korean.
// TestHashListFile: the list imports as the file the exporter wrote (its
// byte order mark and all), past the 1 MB a paste may be; a file that is no
// list, a second file and a file too large are refused with words beside
// the box, and nothing is added.
func TestHashListFile(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	admin := en.login("boss")
	id := createBank(t, en, admin, "Shared list")
	importPath := fmt.Sprintf("/admin/hash-banks/%d/import", id)

	var csv strings.Builder
	csv.WriteString("\ufeffsignal_type,signal_str,collab,category,tags\n")
	const rows = 20000 // about 1.6 MB: more than a paste may carry
	for i := range rows {
		fmt.Fprintf(&csv, "pdq,%064x,Shared collaboration,,\n", i+1)
	}
	csv.WriteString("pdq,nothex,Shared collaboration,,\n")
	r := admin.submitFile(importPath, url.Values{"hashes": {""}}, "file", "export.csv", "text/csv", []byte(csv.String()))
	wantStatus(t, r, http.StatusOK)
	if got := strings.Join(strings.Fields(r.doc.Find(`[data-testid="import-result"]`).Text()), " "); !strings.Contains(got, "20,000 added, 0 already in the bank, 1 rows not taken.") || !strings.Contains(got, "Line 20002") {
		t.Errorf("file import %q", got)
	}
	var n int64
	en.db.Raw("SELECT count(*) FROM hash_bank_entries WHERE bank_id = ?", id).Scan(&n)
	if n != rows {
		t.Errorf("%d hashes in the bank, want %d", n, rows)
	}

	png, err := os.ReadFile("../models/pdq/testdata/q1050.jpg")
	if err != nil {
		t.Fatal(err)
	}
	r = admin.submitFile(importPath, nil, "file", "photo.jpg", "image/jpeg", png)
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find(`[data-testid="error-file"]`).Text(); got != "photo.jpg is not a list of hashes: choose the CSV or text file the list was exported as." {
		t.Errorf("a picture chosen: %q", got)
	}
	r = admin.submitFile(importPath, nil, "other", "export.csv", "text/csv", []byte("pdq,"+bankPDQ+"\n"))
	wantStatus(t, r, http.StatusUnprocessableEntity)
	contains(t, r, "Choose one file at most.")
	r = admin.submitFile(importPath, nil, "file", "huge.csv", "text/csv", bytes.Repeat([]byte("x"), models.MaxHashListBytes+2<<20))
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	en.db.Raw("SELECT count(*) FROM hash_bank_entries WHERE bank_id = ?", id).Scan(&n)
	if n != rows {
		t.Errorf("%d hashes in the bank after the refusals, want %d", n, rows)
	}
	// A form with a file box on a route that takes no file is refused as before.
	wantStatus(t, admin.submitFile("/admin/hash-banks", url.Values{"name": {"X"}}, "file", "a.csv", "text/csv", []byte("x")),
		http.StatusUnsupportedMediaType)
}

func TestHashBanksKorean(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	en.user("boss", models.RoleAdmin)
	en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'boss'")
	admin := en.login("boss")
	allowed := append(latinWord.FindAllString(bankPDQ+" "+bankPDQ2, -1), "PDQ", "MD5", "HMA", "ThreatExchange", "signal", "type", "str", "pdq", "MD", "md", "MB", "boss")
	korean := func(r *response, status int, want ...string) {
		t.Helper()
		if r.status != status {
			t.Fatalf("status %d, want %d\n%s", r.status, status, r.text())
		}
		for _, w := range want {
			if !strings.Contains(r.text(), w) {
				t.Errorf("no %q in\n%s", w, r.text())
			}
		}
		if left := englishLeft(r, allowed...); len(left) > 0 {
			t.Errorf("English left: %v", left)
		}
	}
	korean(admin.get("/admin/hash-banks"), http.StatusOK, "해시 목록", "아직 해시 목록이 없습니다.", "1:1 채팅의 사진은 신고가 들어왔을 때만 대조합니다.")
	korean(admin.submit("/admin/hash-banks", url.Values{"name": {""}, "reason": {"spam"}, "action": {"hide"}}), http.StatusUnprocessableEntity, "목록 이름을 입력하세요.")
	id := createBank(t, en, admin, "불법촬영물 목록")
	bankPath := fmt.Sprintf("/admin/hash-banks/%d", id)
	korean(admin.get(bankPath), http.StatusOK, "아동·청소년 성착취 또는 불법촬영물", "숨기고 신고 건을 열며 제재 단계에 따라 게시자 이용 제한", "이 목록에는 아직 해시가 없습니다.")
	korean(admin.submit(bankPath+"/import", url.Values{"hashes": {bankPDQ + "\n12345\nmd5,xyz\n"}}), http.StatusOK,
		"1개 추가, 0개는 이미 목록에 있음, 2개 행은 가져오지 못함", "2번째 줄: 해시가 아닙니다.", "3번째 줄: MD5는 16진수(0~9, a~f) 32자리입니다.")
	korean(admin.get("/admin/hash-banks"), http.StatusOK, "PDQ 1개 · MD5 0개")
}

// A board post whose picture matched a bank: its case page shows the match
// (bank, kind, distance) to a moderator, who removes the post; the same
// in Korean for an admin.
func TestHashMatchCasePage(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	boss := en.user("boss", models.RoleAdmin)
	en.user("minji", models.RoleModerator)
	poster := en.user("poster", models.RoleUser)
	ctx := t.Context()
	bank, err := models.CreateHashBank(ctx, en.db, boss, models.BankInput{Name: "NCMEC", Source: "NCMEC", Reason: "sexual_exploitation", Action: "hide"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.ImportHashes(ctx, en.db, boss, bank.ID, strings.NewReader(bankPDQ)); err != nil {
		t.Fatal(err)
	}
	room := models.OpenChatRoom{Name: "Photos", Description: "Pictures"}
	en.db.Create(&room)
	if _, _, err := models.JoinOpenChat(ctx, en.db, poster.ID, room.ID); err != nil {
		t.Fatal(err)
	}
	post, err := models.CreatePost(ctx, en.db, poster.ID, room.ID, models.PostInput{Title: "Look", Body: "A picture"})
	if err != nil {
		t.Fatal(err)
	}
	h, _ := pdq.Parse(bankPDQ)
	h[3] ^= 0b111 // 3 bits apart
	var m *models.PictureMatch
	if err := en.db.Transaction(func(tx *gorm.DB) error {
		m, err = models.MatchPicture(ctx, tx, models.PictureSubject{Type: models.SubjectPost, ID: post.ID, AuthorID: poster.ID}, pdq.Sums{PDQ: h, Quality: 100})
		return err
	}); err != nil || m == nil {
		t.Fatalf("match %+v, %v", m, err)
	}
	casePath := fmt.Sprintf("/mod/cases/%d", m.CaseID)

	mod := en.login("minji")
	r := mod.get(casePath)
	wantStatus(t, r, http.StatusOK)
	if got := strings.Join(strings.Fields(r.doc.Find(`[data-testid="hash-match"]`).Text()), " "); got != "NCMEC · PDQ, distance 3 of 256 · Hide and open a case"+bankPDQ {
		t.Errorf("match on the case page: %q", got)
	}
	if r.doc.Find(fmt.Sprintf(`[data-testid="hash-match"] a[href="/admin/hash-banks/%d"]`, bank.ID)).Length() != 1 {
		t.Error("the match does not link its bank")
	}
	r = mod.submit(casePath+"/decide", url.Values{"kind": {"remove"}, "policy": {"sexual_exploitation"}, "override_reason": {"First offence, removal is enough."}})
	wantStatus(t, r, http.StatusSeeOther)
	var state string
	en.db.Raw("SELECT state FROM cases WHERE id = ?", m.CaseID).Scan(&state)
	if state != "resolved" {
		t.Errorf("case %s after the decision", state)
	}

	en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'boss'")
	admin := en.login("boss")
	r = admin.get(casePath)
	wantStatus(t, r, http.StatusOK)
	contains(t, r, "해시 목록 일치", "PDQ 거리 3(256 중)")
	if left := englishLeft(r, "PDQ", "boss", "poster", "minji", "Look", "picture"); len(left) > 0 {
		t.Errorf("English left: %v", left)
	}
}

// bankOf creates a bank that hides, holding the PDQ hash of picture data.
func bankOf(t *testing.T, en *env, admin *models.User, data []byte) *models.HashBank {
	t.Helper()
	sums, err := pdq.SumBytes(data)
	if err != nil || sums.Quality < pdq.MinQuality {
		t.Fatalf("test picture: %+v, %v", sums, err)
	}
	bank, err := models.CreateHashBank(t.Context(), en.db, admin, models.BankInput{Name: "Known pictures", Reason: "sexual_exploitation", Action: "hide"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := models.ImportHashes(t.Context(), en.db, admin, bank.ID, strings.NewReader(sums.PDQ.String())); err != nil {
		t.Fatal(err)
	}
	return bank
}

// TestBankMatchOnBoardUpload: a board post whose picture is in a bank
// opens a case with the match as it is posted and is hidden pending review
// (its poster still reads it and is told; others read "Hidden while it is
// reviewed"), a comment with it likewise; a post with another picture is
// not matched; a 1:1 chat picture in a bank is not matched when sent.
func TestBankMatchOnBoardUpload(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	boss := en.user("bm_boss", models.RoleAdmin)
	bob := en.user("bm_bob", models.RoleUser)
	alice := en.user("bm_alice", models.RoleUser)
	known, err := os.ReadFile("../models/pdq/testdata/q2821.jpg") // PDQ's reference pictures: quality 100
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.ReadFile("../models/pdq/testdata/q1050.jpg")
	if err != nil {
		t.Fatal(err)
	}
	bank := bankOf(t, en, boss, known)
	var roomID int64
	en.db.Raw("INSERT INTO open_chat_rooms (name) VALUES ('Pictures room') RETURNING id").Scan(&roomID)
	if _, _, err := models.JoinOpenChat(t.Context(), en.db, bob.ID, roomID); err != nil {
		t.Fatal(err)
	}
	c := en.login("bm_bob")
	r := c.submitPicture(views.CreatePostPath(roomID), url.Values{"title": {"Sunset"}, "body": {"From the river"}}, "sunset.jpg", "image/jpeg", known)
	wantStatus(t, r, http.StatusSeeOther)
	var post int64
	en.db.Raw("SELECT max(id) FROM board_posts").Scan(&post)
	var m struct {
		CaseID   int64
		BankID   int64
		Distance int
	}
	en.db.Raw("SELECT case_id, bank_id, distance FROM hash_matches WHERE subject_type = 'post' AND subject_id = ?", post).Scan(&m)
	if m.CaseID == 0 || m.BankID != bank.ID || m.Distance > 2 {
		t.Fatalf("match %+v", m)
	}
	var pdqSet bool
	en.db.Raw("SELECT pdq IS NOT NULL AND pdq_quality >= 50 FROM pictures WHERE id = ?", en.lastPicture()).Scan(&pdqSet)
	if !pdqSet {
		t.Error("the stored picture has no PDQ hash")
	}
	// Hidden pending review in the case the match opened, from the bank entry.
	hide, err := models.HideOf(t.Context(), en.db, models.SubjectPost, post)
	if err != nil || hide == nil || !hide.InForce() || hide.Source != models.HideByHashBank ||
		hide.CaseID == nil || *hide.CaseID != m.CaseID || hide.SourceID == nil {
		t.Fatalf("hide %+v, %v", hide, err)
	}
	others := en.login("bm_alice")
	if _, _, err := models.JoinOpenChat(t.Context(), en.db, alice.ID, roomID); err != nil {
		t.Fatal(err)
	}
	page := others.get(views.PostPath(post))
	wantStatus(t, page, http.StatusOK)
	if strings.Contains(page.text(), "From the river") || !strings.Contains(page.text(), "Hidden while it is reviewed.") {
		t.Errorf("another member reads the matched post: %s", page.text())
	}
	page = c.get(views.PostPath(post))
	if !strings.Contains(page.text(), "From the river") || page.doc.Find(`[data-testid="hidden-mine"]`).Length() != 1 {
		t.Errorf("the poster's page: %s", page.text())
	}
	var notices int64
	en.db.Raw("SELECT count(*) FROM notices WHERE user_id = ? AND kind = 'content_hidden' AND case_id = ?", bob.ID, m.CaseID).Scan(&notices)
	if notices != 1 {
		t.Errorf("%d notices to the poster, want 1", notices)
	}
	// No one reported it, yet the moderator decides on what was posted: the
	// case keeps the post as the match found it, behind Show evidence (its
	// reason is severe), each view audited; the edit after it changes nothing.
	en.db.Exec("UPDATE board_posts SET body = 'Edited away' WHERE id = ?", post)
	en.user("bm_mod", models.RoleModerator)
	mod := en.login("bm_mod")
	casePage := mod.get(views.ModCasePath(m.CaseID))
	if casePage.doc.Find(`[data-testid="evidence-hidden"]`).Length() != 1 || casePage.doc.Find(`[data-testid="case-evidence"]`).Length() != 0 {
		t.Errorf("the matched case's evidence before Show evidence: %s", casePage.text())
	}
	wantStatus(t, mod.submit(views.ModRevealPath(m.CaseID), nil), http.StatusSeeOther)
	casePage = mod.get(views.ModCasePath(m.CaseID))
	ev := casePage.doc.Find(`[data-testid="case-evidence"]`)
	if !strings.Contains(ev.Text(), "Sunset") || !strings.Contains(ev.Text(), "From the river") || strings.Contains(ev.Text(), "Edited away") ||
		!strings.Contains(ev.Text(), "automation opened this case") || ev.Find("img").Length() != 1 {
		t.Errorf("the matched case's evidence: %q", ev.Text())
	}
	if src, ok := ev.Find("img").Attr("src"); !ok || mod.get(src).status != http.StatusOK {
		t.Errorf("the evidence picture %q is not served to its moderator", src)
	}
	var views_ int64
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'evidence.view' AND subject_type = 'case' AND subject_id = ?", m.CaseID).Scan(&views_)
	if views_ != 1 {
		t.Errorf("%d audited views of the case's evidence, want 1", views_)
	}

	// A comment with the picture is hidden too; others still read the post's other comments.
	wantStatus(t, c.submit(views.CommentsPath(post), url.Values{"body": {"Plain words"}}), http.StatusSeeOther)
	wantStatus(t, c.submitPicture(views.CommentsPath(post), url.Values{"body": {"Same sunset"}}, "again.jpg", "image/jpeg", known), http.StatusSeeOther)
	var comment int64
	en.db.Raw("SELECT max(id) FROM board_comments").Scan(&comment)
	if h, err := models.HideOf(t.Context(), en.db, models.SubjectComment, comment); err != nil || h == nil || !h.InForce() {
		t.Errorf("the comment's hide %+v, %v", h, err)
	}
	if text := others.get(views.PostPath(post)).text(); strings.Contains(text, "Same sunset") || !strings.Contains(text, "Plain words") {
		t.Errorf("another member reads the matched comment: %s", text)
	}

	r = c.submitPicture(views.CreatePostPath(roomID), url.Values{"title": {"Other"}, "body": {"Another"}}, "other.jpg", "image/jpeg", other)
	wantStatus(t, r, http.StatusSeeOther)
	var n int64
	en.db.Raw("SELECT count(*) FROM hash_matches").Scan(&n)
	if n != 2 {
		t.Errorf("%d matches after an unknown picture, want 2 (the post's and the comment's)", n)
	}

	room, _ := c.startChat("bm_alice")
	wantStatus(t, c.submitPicture(room+"/messages", url.Values{"body": {""}}, "sunset.jpg", "image/jpeg", known), http.StatusSeeOther)
	en.db.Raw("SELECT count(*) FROM cases WHERE subject_type = 'message'").Scan(&n)
	if n != 0 {
		t.Errorf("a chat picture in a bank opened %d cases when sent", n)
	}
	// Reported, it is matched: the report's case records the bank's hash and
	// takes the bank's reason and severity; nothing is hidden.
	var msg int64
	en.db.Raw("SELECT max(id) FROM chat_messages WHERE picture_id IS NOT NULL").Scan(&msg)
	filed, _, err := models.FileReport(t.Context(), en.db, alice.ID, models.ReportInput{Type: models.SubjectMessage, ID: msg, Reasons: []string{"spam"}})
	if err != nil {
		t.Fatal(err)
	}
	var kase struct {
		Severity int
		Reasons  string
		Matches  int64
	}
	en.db.Raw(`SELECT severity, array_to_string(reasons, ',') AS reasons,
		(SELECT count(*) FROM hash_matches WHERE case_id = c.id AND subject_type = 'message' AND subject_id = ?) AS matches
		FROM cases c WHERE id = ?`, msg, filed.CaseID).Scan(&kase)
	if kase.Matches == 0 || kase.Severity != bank.Reason.Severity() || !strings.Contains(kase.Reasons, string(bank.Reason)) {
		t.Errorf("the reported chat picture's case: %+v, want the match of bank %q", kase, bank.Reason)
	}
	if hide, err := models.HideOf(t.Context(), en.db, models.SubjectMessage, msg); err != nil || hide != nil {
		t.Errorf("a chat message was hidden: %+v, %v", hide, err)
	}
}

// TestAddCaseHashesToBank: a moderator adds a reported post's picture to
// a bank from its case page; the same picture posted again is matched.
func TestAddCaseHashesToBank(t *testing.T) {
	t.Parallel()
	en := newEnv(t)
	boss := en.user("ab_boss", models.RoleAdmin)
	en.user("ab_mod", models.RoleModerator)
	bob := en.user("ab_bob", models.RoleUser)
	alice := en.user("ab_alice", models.RoleUser)
	bank, err := models.CreateHashBank(t.Context(), en.db, boss, models.BankInput{Name: "Our cases", Reason: "obscene", Action: "hide"})
	if err != nil {
		t.Fatal(err)
	}
	known, err := os.ReadFile("../models/pdq/testdata/q2821.jpg")
	if err != nil {
		t.Fatal(err)
	}
	var roomID int64
	en.db.Raw("INSERT INTO open_chat_rooms (name) VALUES ('Pictures room') RETURNING id").Scan(&roomID)
	for _, u := range []int64{bob.ID, alice.ID} {
		if _, _, err := models.JoinOpenChat(t.Context(), en.db, u, roomID); err != nil {
			t.Fatal(err)
		}
	}
	wantStatus(t, en.login("ab_bob").submitPicture(views.CreatePostPath(roomID), url.Values{"title": {"Look"}, "body": {"Look"}}, "a.jpg", "image/jpeg", known), http.StatusSeeOther)
	var post int64
	en.db.Raw("SELECT max(id) FROM board_posts").Scan(&post)
	filed, _, err := models.FileReport(t.Context(), en.db, alice.ID, models.ReportInput{Type: models.SubjectPost, ID: post, Reasons: []string{"obscene"}})
	if err != nil {
		t.Fatal(err)
	}
	casePath := fmt.Sprintf("/mod/cases/%d", filed.CaseID)

	mod := en.login("ab_mod")
	page := mod.get(casePath)
	if page.doc.Find(`[data-testid="add-to-bank"] option`).Length() != 1 {
		t.Fatalf("no form to add the picture to a bank:\n%s", page.text())
	}
	page = flashOf(t, mod, mod.submit(casePath+"/hash-bank", url.Values{"bank_id": {fmt.Sprint(bank.ID)}}))
	wantFlashText(t, page, "2 hashes added to the bank.")
	var n int64
	en.db.Raw("SELECT count(*) FROM hash_bank_entries WHERE bank_id = ? AND case_id = ?", bank.ID, filed.CaseID).Scan(&n)
	if n != 2 {
		t.Errorf("%d entries naming the case, want 2 (PDQ and MD5)", n)
	}
	en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'hashbank.add_from_case' AND (detail->>'case')::bigint = ?", filed.CaseID).Scan(&n)
	if n != 1 {
		t.Errorf("%d audit events", n)
	}
	wantStatus(t, en.login("ab_alice").submitPicture(views.CreatePostPath(roomID), url.Values{"title": {"Again"}, "body": {"Again"}}, "b.jpg", "image/jpeg", known), http.StatusSeeOther)
	en.db.Raw("SELECT count(*) FROM hash_matches WHERE bank_id = ? AND kind IN ('pdq', 'md5')", bank.ID).Scan(&n)
	if n != 2 {
		t.Errorf("the same picture posted again: %d matches, want 2 (its PDQ and, re-encoded the same, its MD5)", n)
	}
	r := mod.submit(casePath+"/hash-bank", url.Values{"bank_id": {"999999"}})
	page = flashOf(t, mod, r)
	wantFlashText(t, page, "That hash bank does not exist.")
}
