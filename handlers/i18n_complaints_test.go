package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Complaints and designated organisations in Korean: niaj's complaint
// about a removal and peggy's second look (the demo's), as they read them
// and as mod2 judges them; the admin's designated organisations; the
// designated mark on the queue and the case page.
func TestComplaintPagesKorean(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	k.en.db.Exec("UPDATE users SET language = 'ko' WHERE name IN ('niaj', 'peggy')")
	var decision, report, complaint int64
	k.en.db.Raw("SELECT x.decision_id FROM complaints x JOIN users u ON u.id = x.user_id WHERE u.name = 'niaj'").Scan(&decision)
	k.en.db.Raw("SELECT x.report_id FROM complaints x JOIN users u ON u.id = x.user_id WHERE u.name = 'peggy'").Scan(&report)
	k.en.db.Raw("SELECT x.id FROM complaints x JOIN users u ON u.id = x.user_id WHERE u.name = 'niaj'").Scan(&complaint)

	niaj := k.login("niaj")
	page := fmt.Sprintf("/complaints/decision/%d", decision)
	k.korean(t, niaj.get(page), http.StatusOK, "이의 제기", "내 이의 제기", "결정을 내리지 않은 다른 운영자의 검토를 기다리고 있습니다.", "“사기, 피싱 또는 계정 도용” 조항에 따른 콘텐츠 삭제")
	k.korean(t, niaj.submit(page, url.Values{"body": {"한 번 더"}}), http.StatusConflict, "이 결정에 이미 이의를 제기했습니다.")

	peggy := k.login("peggy")
	k.korean(t, peggy.get("/reports"), http.StatusOK, "재검토 요청: 운영자의 검토를 기다리고 있습니다.")
	k.korean(t, peggy.get(fmt.Sprintf("/complaints/report/%d", report)), http.StatusOK, "재검토 요청", "운영자가 위반 사항이 없다고 판단했습니다.")

	mod := k.login("mod")
	k.korean(t, mod.get("/mod/appeals"), http.StatusOK, "결정에 대한 이의 제기", "재검토 요청", "이 결정을 내린 운영자이므로")
	k.korean(t, mod.get("/mod"), http.StatusOK, "지정 기관")
	flagged := k.caseOf("designated_reporter")
	k.korean(t, mod.get(fmt.Sprintf("/mod/cases/%d", flagged)), http.StatusOK, "지정 기관")
	k.korean(t, mod.get("/mod/stats"), http.StatusOK, "지정 기관", "접수한 신고:", "조치된 비율:")

	mod2 := k.login("mod2")
	k.koreanFlash(t, mod2, mod2.submit(fmt.Sprintf("/mod/complaints/%d", complaint), url.Values{"decision": {"grant"}}), "이의 제기를 인용했습니다. 사용자에게 알렸습니다.")
	k.korean(t, niaj.get("/notices"), http.StatusOK, "이의 제기 결과: 결정 취소", "결정을 내리지 않은 다른 운영자가 이의 제기를 검토해 결정을 취소했습니다.")

	admin := k.login("admin")
	k.korean(t, admin.get("/admin/organisations"), http.StatusOK, "지정 기관", "EU 신뢰 신고자", "계정 지정하기", "지정 해제")
	r := admin.submit("/admin/organisations", url.Values{"name": {"mod2"}, "kind": {"kcc_body"}})
	if got := r.doc.Find(`[data-testid="error-name"]`).Text(); got != "mod2은(는) 직원 계정입니다. 사용자 계정만 지정할 수 있습니다." {
		t.Errorf("staff account: %q", got)
	}
	k.korean(t, r, http.StatusUnprocessableEntity)
	k.koreanFlash(t, admin, admin.submit("/admin/organisations", url.Values{"name": {"judy"}, "kind": {"kcc_body"}}), "judy을(를) 지정 기관으로 지정했습니다.")
	k.en.db.Exec("UPDATE users SET language = 'ko' WHERE name = 'judy'")
	if got := k.login("judy").get("/account").doc.Find(`[data-testid="account-designated"]`).Text(); !strings.Contains(got, "방송통신위원회 지정 기관") {
		t.Errorf("judy's Account page: %q", got)
	}
}
