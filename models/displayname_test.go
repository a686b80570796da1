package models_test

import (
	"testing"

	"talksafe/models"
)

func TestDisplayNameProblem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		role models.Role
		ok   bool
	}{
		{"OK", "Minji", models.RoleUser, true},
		{"OKKorean", "김민지", models.RoleUser, true},
		{"OKEmoji", "Minji ❤️", models.RoleUser, true},
		{"OKAccents", "Zoë Ångström", models.RoleUser, true},
		{"OKBadminton", "Badminton fan", models.RoleUser, true},
		{"OKStaffWordForStaff", "Minji (Moderator)", models.RoleModerator, true},
		{"ErrModerator", "Minji (Moderator)", models.RoleUser, false},
		{"ErrAdmin", "ADMIN", models.RoleUser, false},
		{"ErrSpacedOut", "M o d e r a t o r", models.RoleUser, false},
		{"ErrDigits", "m0derat0r", models.RoleUser, false},
		{"ErrOneForL", "Ta1kSafe team", models.RoleUser, false},
		{"ErrCyrillic", "аdmin", models.RoleUser, false},
		{"ErrFullWidth", "ＳＵＰＰＯＲＴ", models.RoleUser, false},
		{"ErrAccented", "ádmín", models.RoleUser, false},
		{"ErrKorean", "운영자 민지", models.RoleUser, false},
		{"ErrKoreanAdmin", "관리자", models.RoleUser, false},
		{"ErrKoreanCS", "고객센터", models.RoleUser, false},
		{"ErrTalksafe", "talksafe", models.RoleUser, false},
		{"ErrCustomerService", "Customer Service", models.RoleUser, false},
		{"ErrRTLOverride", "Minji\u202Erotaredom", models.RoleUser, false},
		{"ErrRTLIsolate", "Minji\u2067x", models.RoleUser, false},
		{"ErrZeroWidthSpace", "Min\u200Bji", models.RoleUser, false},
		{"ErrZeroWidthJoiner", "Min\u200Dji", models.RoleUser, false},
		{"ErrBOM", "\uFEFFMinji", models.RoleUser, false},
		{"ErrHangulFiller", "\u3164", models.RoleUser, false},
		{"ErrBrailleBlank", "Minji\u2800", models.RoleUser, false},
		{"ErrLineBreak", "Minji\nModerator", models.RoleUser, false},
		{"ErrLineSeparator", "Minji\u2028x", models.RoleUser, false},
		{"ErrControl", "Minji\x07", models.RoleUser, false},
		{"ErrNUL", "Minji\x00", models.RoleUser, false},
		{"ErrPrivateUse", "Minji\uE000", models.RoleUser, false},
		{"ErrZalgo", "M\u0300\u0301\u0302\u0303\u0304\u0305inji", models.RoleUser, false},
		{"ErrGreekMu", "Μoderator", models.RoleUser, false},
		{"ErrGreekAlpha", "Αdmin", models.RoleUser, false},
		{"ErrGreekEpsilon", "ModΕrator", models.RoleUser, false},
		{"ErrSmallCapitals", "ᴍᴏᴅᴇʀᴀᴛᴏʀ", models.RoleUser, false},
		{"ErrLisu", "ꓟꓳꓓꓰꓣꓮꓔꓳꓣ", models.RoleUser, false},
		{"ErrCapitalIForL", "TaIkSafe", models.RoleUser, false},
		{"ErrLForI", "Customer Servlce", models.RoleUser, false},
		{"ErrIdeographicZero", "Supp〇rt", models.RoleUser, false},
		{"ErrCherokee", "ᎪᎠᎷᏆN", models.RoleUser, false},
		{"ErrRNForM", "rnoderator", models.RoleUser, false},
		{"ErrCLForD", "aclmin", models.RoleUser, false},
		{"OKNamesWithRN", "Bernadette Carmen", models.RoleUser, true},
		{"OKNamesWithCL", "Clare McLean", models.RoleUser, true},
		{"OKGreekName", "Αλέξανδρος", models.RoleUser, true},
		{"OKCherokeeName", "ᏣᎳᎩ", models.RoleUser, true},
		{"OKAdmiral", "Admiral Yi", models.RoleUser, true},
		{"ErrSupportive", "Min (supportive friend)", models.RoleUser, false},
		{"ErrTooLong", "abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij", models.RoleUser, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := models.DisplayNameProblem(models.NormalizeDisplayName(tt.in), tt.role)
			if (p == "") != tt.ok {
				t.Fatalf("%q as %s: %q, want ok=%v", tt.in, tt.role, p, tt.ok)
			}
		})
	}
}

func TestNormalizeDisplayName(t *testing.T) {
	t.Parallel()
	// "e" and a combining acute accent become one "é"; white space runs fold.
	if got := models.NormalizeDisplayName("  Zoe\u0301 \u00A0 Kim  "); got != "Zo\u00e9 Kim" {
		t.Fatalf("%q", got)
	}
}
