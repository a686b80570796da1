package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The text bank pages and the spam wave in Korean: the admin's list, a
// bank's entries, a refused paste and its flash on success; a moderator's
// queue row of the demo's wave and its case page.
func TestBankPagesKorean(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	var words []string
	k.en.db.Raw("SELECT text FROM text_bank_entries UNION ALL SELECT name FROM text_banks").Scan(&words)
	k.allowed = append(k.allowed, latinWord.FindAllString(strings.Join(words, " "), -1)...)
	var bank int64
	k.en.db.Raw("SELECT id FROM text_banks WHERE name = 'Spam phrases'").Scan(&bank)
	bankPath := fmt.Sprintf("/admin/banks/%d", bank)

	t.Run("admin", func(t *testing.T) {
		c := k.login("admin")
		k.korean(t, c.get("/admin/banks"), http.StatusOK, "금칙어 목록", "새 금칙어 목록", "항목 수")
		k.korean(t, c.get(bankPath), http.StatusOK, "단어나 문구 추가", "찾는 형태", "재택부업", "신고 사유")
		r := c.submit(bankPath+"/entries", url.Values{"entries": {"도박\n!!!"}, "language": {"ko"}, "reason": {"illegal_gambling"}})
		k.korean(t, r, http.StatusUnprocessableEntity, "2번째 줄(!!!)에는 찾을 글자나 숫자가 없습니다. 아무것도 추가하지 않았습니다.")
		r = c.submit(bankPath+"/entries", url.Values{"entries": {"도박\n재택 부업"}, "language": {"ko"}, "reason": {"illegal_gambling"}})
		k.koreanFlash(t, c, r, "1개를 추가했습니다. 1개는 이미 목록에 있었습니다.")
		r = c.submit("/admin/banks", url.Values{"name": {""}})
		k.korean(t, r, http.StatusUnprocessableEntity, "목록 이름을 적어 주세요.")
	})
	t.Run("mod", func(t *testing.T) {
		c := k.login("mod")
		k.korean(t, c.get(bankPath), http.StatusOK, "금칙어 목록은 관리자가 바꾸고 운영자는 읽을 수 있습니다.")
		q := c.get("/mod")
		k.korean(t, q, http.StatusOK, "대량 스팸 · 4건 · 작성자 3명")
		lead := k.caseOf("id = (SELECT min(c.id) FROM cases c JOIN board_posts p ON p.id = c.subject_id AND c.subject_type = 'post' WHERE p.title = '재택 부업 모집')")
		page := c.get(fmt.Sprintf("/mod/cases/%d", lead))
		k.korean(t, page, http.StatusOK, "대량 스팸 · 4건 · 작성자 3명", "이 신고 건에 내린 결정은 모든 항목에 적용되며")
		if n := page.doc.Find(`[data-testid="wave-item"]`).Length(); n != 3 {
			t.Errorf("%d wave items listed, want 3", n)
		}
		var item int64
		k.en.db.Raw("SELECT id FROM cases WHERE wave_id = ? ORDER BY id LIMIT 1", lead).Scan(&item)
		k.korean(t, c.get(fmt.Sprintf("/mod/cases/%d", item)), http.StatusOK, "대량 스팸의 한 항목입니다", fmt.Sprintf("신고 건 #%d", lead))
		r := c.submit(fmt.Sprintf("/mod/cases/%d/decide", lead), url.Values{"kind": {"remove"}, "policy": {"spam"}})
		wantStatus(t, r, http.StatusSeeOther)
		var open int64
		k.en.db.Raw("SELECT count(*) FROM cases WHERE (id = ? OR wave_id = ?) AND state <> 'resolved'", lead, lead).Scan(&open)
		if open != 0 {
			t.Errorf("%d cases of the wave still open", open)
		}
	})
}
