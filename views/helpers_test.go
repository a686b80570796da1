package views

import (
	"context"
	"testing"
	"time"

	"talksafe/models"
	"talksafe/views/components"
)

// A chat's day line reads as the export writes the day: "2026년 12월 6일
// 일요일" in Korean; the viewer's time zone decides the day.
func TestDayLine(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 5, 16, 30, 0, 0, time.UTC) // Sunday 01:30 in Seoul
	seoul := &models.User{TimeZone: "Asia/Seoul"}
	for lang, want := range map[string]string{"ko": "2026년 12월 6일 일요일", "en": "Sunday, 2026-12-06"} {
		ctx := components.WithPage(context.Background(), &components.Page{Lang: lang, User: seoul})
		if got := dayLine(ctx, at); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
	london := components.WithPage(context.Background(), &components.Page{Lang: "ko", User: &models.User{TimeZone: "Europe/London"}})
	if got := dayLine(london, at); got != "2026년 12월 5일 토요일" {
		t.Errorf("in London: %q", got)
	}
}
