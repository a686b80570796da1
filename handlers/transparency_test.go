package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"talksafe/models"
)

// The transparency report in Korean and English on the demo world, whose
// last month has decided reports: the page, a CSV download, the period's
// and the person in charge's errors, and the person saved.
func TestTransparencyPage(t *testing.T) {
	t.Parallel()
	k := newModKorean(t)
	k.allowed = append(k.allowed, "EU", "DSA", "PDF")
	admin := k.login("admin")
	seoul, _ := time.LoadLocation(models.DefaultTimeZone)
	last, _ := models.PresetPeriod(models.PresetLastMonth, time.Now().In(seoul))
	from, to := last.From.Format(time.DateOnly), last.LastDay().Format(time.DateOnly)

	r := admin.get("/admin/transparency")
	if got := strings.Join(r.doc.Find(`[data-testid="person"] dd`).Map(func(_ int, s *goquery.Selection) string { return s.Text() }), " / "); got != "김지우 (이용자보호 책임자) / safety@talksafe.example" {
		t.Errorf("person in charge: %q", got)
	}
	// The demo's month: fraud reported by two on one post, removed.
	var fraud []string
	r.doc.Find(`[data-testid="kcc-reports"] tbody tr`).Each(func(_ int, s *goquery.Selection) {
		if strings.HasPrefix(s.Find("th").Text(), "사기") {
			s.Find("td").Each(func(_ int, td *goquery.Selection) { fraud = append(fraud, td.Text()) })
		}
	})
	if strings.Join(fraud, " ") != "2 2 0 0 0 0 0 0 1 0 3시간 0분 3시간 0분" {
		t.Errorf("fraud row: %q", fraud)
	}
	if href := r.doc.Find(`[data-testid="csv-kcc-reports"]`).AttrOr("href", ""); href != "/admin/transparency/csv/kcc-reports?from="+from+"&to="+to {
		t.Errorf("CSV link %q", href)
	}
	k.korean(t, r, http.StatusOK, "투명성 보고서", "기간: "+from+"부터 "+to+"까지", "불법촬영물등 삭제 요청 및 임시조치 처리 현황",
		"이용자 신고 처리 현황(신고 사유별)", "제23조에 따른 이용 정지", "내부 이의 제기 처리 제도로 접수된 이의 제기(제20조)")

	t.Run("CSV", func(t *testing.T) {
		c := admin.get("/admin/transparency/csv/kcc-reports?from=" + from + "&to=" + to)
		body := c.body
		if c.status != http.StatusOK || c.header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(body, "\ufeff구분,접수,삭제,") {
			t.Fatalf("status %d, %s:\n%s", c.status, c.header.Get("Content-Type"), body)
		}
		if cd := c.header.Get("Content-Disposition"); cd != `attachment; filename="talksafe_kcc-reports_`+last.From.Format("20060102")+"-"+last.LastDay().Format("20060102")+`.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.Contains(body, "처리 시간 중앙값(시간)") || !strings.Contains(body, "\"사기, 피싱 또는 계정 도용\",2,2,0,0,0,0,0,0,1,0,3.0,3.0\n") {
			t.Errorf("CSV:\n%s", body)
		}
		wantStatus(t, admin.get("/admin/transparency/csv/passwords?from="+from+"&to="+to), http.StatusNotFound)
		wantStatus(t, admin.get("/admin/transparency/csv/kcc-reports?from=2026-10-05&to=2026-10-01"), http.StatusBadRequest)
	})
	t.Run("Period", func(t *testing.T) {
		k.korean(t, admin.get("/admin/transparency?from=2026-10-05&to=2026-10-01"), http.StatusUnprocessableEntity,
			"종료일은 시작일보다 앞설 수 없습니다.")
		k.korean(t, admin.get("/admin/transparency?from=yesterday&to=2026-10-01"), http.StatusUnprocessableEntity,
			"2026-11-30처럼 날짜를 입력하세요.")
		r := admin.get("/admin/transparency?preset=last_year")
		y := time.Now().In(seoul).Year() - 1
		k.korean(t, r, http.StatusOK, "기간: "+strconv.Itoa(y)+"-01-01부터 "+strconv.Itoa(y)+"-12-31까지")
	})
	t.Run("Person", func(t *testing.T) {
		k.korean(t, admin.submit("/admin/transparency/person", url.Values{"name": {" "}, "contact": {strings.Repeat("가", 201)}}),
			http.StatusUnprocessableEntity, "담당자 이름을 입력하세요.", "200자 이내로 입력하세요.")
		r := admin.submit("/admin/transparency/person?from=2026-10-01&to=2026-10-31", url.Values{"name": {"박서준"}, "contact": {"02-1234-5678"}})
		wantRedirect(t, r, "/admin/transparency?from=2026-10-01&to=2026-10-31#person-title")
		k.koreanFlash(t, admin, r, "담당자를 저장했습니다.")
		var n int64
		k.en.db.Raw("SELECT count(*) FROM audit_events WHERE action = 'transparency.person_in_charge' AND detail->>'name' = '박서준'").Scan(&n)
		if n != 1 {
			t.Errorf("%d audit events", n)
		}
	})
	t.Run("English", func(t *testing.T) {
		k.en.db.Exec("UPDATE users SET language = 'en' WHERE name = 'admin'")
		c := k.login("admin")
		r := c.get("/admin/transparency")
		for _, want := range []string{"Transparency report", "Suspensions imposed pursuant to Article 23", "Notices submitted in accordance with Article 16"} {
			if !strings.Contains(r.text(), want) {
				t.Errorf("no %q", want)
			}
		}
		if body := c.get("/admin/transparency/csv/dsa-complaints?from=" + from + "&to=" + to).body; !strings.HasPrefix(body,
			"\ufeffComplaints,Received,Decided,Granted (reversed),Rejected,Pending,Median time to a decision (hours)\n") ||
			!strings.Contains(body, "Appeals of restrictions,1,1,0,1,0,7.0\n") {
			t.Errorf("CSV in English:\n%s", body)
		}
	})
}
