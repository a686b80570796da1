package textbank_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"talksafe/models/textbank"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Hello", "hello"},
		{"ＦＲＥＥ ｍｏｎｅｙ", "free money"},
		{"h3||0", "hello"},
		{"fr33 m0n3y!!!", "free money"},
		{"f.r.e.e", "free"},
		{"f r e e money", "free money"},
		{"F-R-E-E", "free"},
		{"fr\u200bee", "free"},
		{"b1tc0in", "bitcoin"},
		{"call 010-1234-5678", "call 01012345678"},
		{"$100", "100"},
		{"  a   cat  ", "a cat"},
		{"시발", "시발"},
		{"ㅅㅣㅂㅏㄹ", "시발"},
		{"시 1 발", "시발"},
		{"시.발", "시발"},
		{"시ㅂㅏㄹ", "시발"},
		{"ㅅ ㅂ", "ㅅㅂ"},
		{"씨\u3164발", "씨발"},
		{"ㄷㅏㄹㄱ", "닭"},
		{"ㄷㅏㄹㄱㅣ", "달기"},
		{"ㄱㅗㅏ", "과"},
		{"안녕하세요 반갑습니다", "안녕하세요반갑습니다"},
		{"대출 상담 010 1234", "대출상담 010 1234"},
		{"ｶﾀｶﾅ", "カタカナ"},
		{"fr\u0435\u0435 m\u043en\u0435y", "free money"},     // Cyrillic е and о
		{"\u0392\u0399\u03a4C\u039f\u0399\u039d", "bitcoin"}, // Greek capitals
		{"\u1d04\u029f\u026a\u1d04\u1d0b", "click"},          // small capitals (ʟ, ɪ among them)
		{"\u13aa\u13a0\u13b7", "adm"},                        // Cherokee
		{"привет", "пpивeт"},                                 // a Russian word: folded alike in the bank and the text

		{"!!!", ""},
		{"...  ---", ""},
	} {
		if got := textbank.Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMatch is a table of variants: each text either hits the entry or,
// where a bank word sits inside an innocent one, does not.
func TestMatch(t *testing.T) {
	t.Parallel()
	bank := []string{"free money", "hello", "viagra", "ass", "cunt", "시발", "대출 상담", "ㅅㅂ", "bitcoin"}
	patterns := make([]textbank.Pattern, len(bank))
	for i, e := range bank {
		patterns[i] = textbank.Pattern{ID: int64(i + 1), Normal: textbank.Normalize(e)}
	}
	m, err := textbank.Compile(patterns)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want string // the entry hit, "" for none
	}{
		{"Get FREE MONEY today", "free money"},
		{"get ｆｒｅｅ　ｍｏｎｅｙ", "free money"},
		{"f.r.e.e m.o.n.e.y", "free money"},
		{"fr33 m0n3y", "free money"},
		{"f r e e money now", "free money"},
		{"h3||0 there", "hello"},
		{"buyviagranow", "viagra"},
		{"v!agra", "viagra"},
		{"you ass", "ass"},
		{"a$$", "ass"},
		{"b1tc0in wallet", "bitcoin"},
		{"\u0412\u0406\u0422\u0421\u041e\u0406N wallet", "bitcoin"}, // Cyrillic capitals, Ukrainian І
		{"fr\u0435\u0435 m\u03bfney", "free money"},                 // Cyrillic е, Greek ο
		{"\u1d20\u026a\u1d00\u0262\u0280\u1d00", "viagra"},          // small capitals
		{"ㅅㅣㅂㅏㄹ", "시발"},
		{"시 1 발", "시발"},
		{"아 시발 진짜", "시발"},
		{"시발놈아", "시발"},
		{"대출상담 받으세요", "대출 상담"},
		{"대 출 상 담", "대출 상담"},
		{"ㅅ1ㅂ", "ㅅㅂ"},
		{"world class", ""},
		{"Scunthorpe", ""},
		{"hell o", ""},
		{"free of money", ""},
		{"시발점에서 만나요", ""},
		{"시발역", ""},
		{"시바견 귀여워", ""},
		{"좋은 아침", ""},
	} {
		got := m.Match(textbank.Normalize(tc.text))
		var want []int64
		if tc.want != "" {
			want = []int64{int64(slices.Index(bank, tc.want) + 1)}
		}
		if !slices.Equal(got, want) {
			t.Errorf("Match(%q) = %v, want %v (%q)", tc.text, got, want, tc.want)
		}
	}
}

func TestMatchEmpty(t *testing.T) {
	t.Parallel()
	m, err := textbank.Compile(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Match("anything"); got != nil {
		t.Errorf("empty bank hit %v", got)
	}
}

func TestFingerprint(t *testing.T) {
	t.Parallel()
	base := textbank.Fingerprint("Free coins at https://spam.example/a?x=1 call 010-1234-5678")
	if base == "" {
		t.Fatal("no fingerprint")
	}
	for _, tc := range []struct {
		text string
		same bool
	}{
		{"FREE coins at https://other.example/zzz call 010-9999-0000", true},
		{"free  c0ins at www.spam.kr call 01055556666", true},
		{"Free coins at spam.com call 010-1234-5678", true},
		{"Free tokens at https://spam.example/a call 010-1234-5678", false},
		{"Something else entirely, see you at 5", false},
	} {
		if got := textbank.Fingerprint(tc.text); (got == base) != tc.same {
			t.Errorf("Fingerprint(%q) same = %v, want %v", tc.text, got == base, tc.same)
		}
	}
	if got := textbank.Fingerprint("ㅋㅋㅋ 10"); got != "" {
		t.Errorf("short text has fingerprint %q", got)
	}
}

// BenchmarkCompile builds the matcher of a 10,000-entry bank: the cost a
// server pays once per change of the bank.
func BenchmarkCompile(b *testing.B) {
	patterns := benchBank()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := textbank.Compile(patterns); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatch is one pass over a 4,000-character text against a bank of
// 10,000 entries: normalising the text and matching it (target: under 1 ms).
func BenchmarkMatch(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	syllable := func() string { return string(rune(0xAC00 + r.IntN(11172))) }
	latin := func(n int) string {
		var s strings.Builder
		for range n {
			s.WriteByte(byte('a' + r.IntN(26)))
		}
		return s.String()
	}
	m, err := textbank.Compile(benchBank())
	if err != nil {
		b.Fatal(err)
	}
	var text strings.Builder
	for text.Len() < 4000*2 {
		fmt.Fprintf(&text, "%s %s%s%s h3ll0 f.r.e.e ", latin(1+r.IntN(8)), syllable(), syllable(), syllable())
	}
	s := string([]rune(text.String())[:4000])
	b.ReportAllocs()
	for b.Loop() {
		m.Match(textbank.Normalize(s))
	}
}

func TestFingerprintBareHostsAndSpacedNumbers(t *testing.T) {
	t.Parallel()
	a := textbank.Fingerprint("Visit https://coins.example/a1 and call 010-1111-2222 to claim your prize today")
	for _, s := range []string{
		"visit www.coins.kr/zz and call 010 3333 4444 to claim your prize today!",
		"Visit coins.example and call 010-7777-8888 to claim your prize today",
	} {
		if got := textbank.Fingerprint(s); got != a {
			t.Errorf("Fingerprint(%q) differs", s)
		}
	}
	if textbank.Fingerprint("f.r.e.e coins for everyone in the room") == textbank.Fingerprint("coins for everyone in the room") {
		t.Error("f.r.e.e read as a link")
	}
}

// benchBank is 10,000 entries: half two Latin words, half three Hangul
// syllables.
func benchBank() []textbank.Pattern {
	r := rand.New(rand.NewPCG(3, 4))
	latin := func(n int) string {
		var s strings.Builder
		for range n {
			s.WriteByte(byte('a' + r.IntN(26)))
		}
		return s.String()
	}
	patterns := make([]textbank.Pattern, 10000)
	for i := range patterns {
		e := latin(4+r.IntN(6)) + " " + latin(3+r.IntN(5))
		if i%2 == 1 {
			e = string([]rune{rune(0xAC00 + r.IntN(11172)), rune(0xAC00 + r.IntN(11172)), rune(0xAC00 + r.IntN(11172))})
		}
		patterns[i] = textbank.Pattern{ID: int64(i), Normal: textbank.Normalize(e)}
	}
	return patterns
}
