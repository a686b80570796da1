package views

import (
	"context"
	"strings"
	"testing"

	"talksafe/views/components"
)

// Every time zone the Account page offers is named by its city in both
// languages, "Seoul (Asia/Seoul)" and "서울 (Asia/Seoul)"; one it does not
// offer (an account's older choice) reads as its id; each language has a
// name in both.
func TestZoneAndLanguageNames(t *testing.T) {
	t.Parallel()
	en := components.WithPage(context.Background(), &components.Page{Lang: "en"})
	ko := components.WithPage(context.Background(), &components.Page{Lang: "ko"})
	if got := zoneLabel(en, "Asia/Seoul"); got != "Seoul (Asia/Seoul)" {
		t.Errorf("in English: %q", got)
	}
	if got := zoneLabel(ko, "Asia/Seoul"); got != "서울 (Asia/Seoul)" {
		t.Errorf("in Korean: %q", got)
	}
	if got := zoneLabel(ko, "America/Argentina/Buenos_Aires"); got != "America/Argentina/Buenos Aires" {
		t.Errorf("a zone not on the list: %q", got)
	}
	ids, err := components.MessageIDs("ko")
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range timeZones {
		if _, ok := ids[zoneKey(z)]; !ok || !components.Has(zoneKey(z)) {
			t.Errorf("%s has no city name (%s) in both languages", z, zoneKey(z))
		}
		if l := zoneLabel(ko, z); !strings.HasSuffix(l, " ("+z+")") || strings.ContainsAny(l[:len(l)-len(z)-3], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%s in Korean: %q", z, l)
		}
	}
	opts := timeZoneOptions(ko, "America/Argentina/Buenos_Aires")
	if len(opts) != len(timeZones)+1 || opts[0].Value != "America/Argentina/Buenos_Aires" {
		t.Errorf("an older choice is not kept first: %v", opts[0])
	}
	for lang, want := range map[string][2]string{"en": {"English", "영어"}, "ko": {"Korean", "한국어"}} {
		if got := [2]string{languageName(en, lang), languageName(ko, lang)}; got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
