package handlers

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

func TestLocalPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		next string
		ok   bool
	}{
		{"/ok?x=1", true},
		{"/friends", true},
		{"/chats/12#send", true},
		{"/search?q=a%20b", true},
		{"//evil", false},
		{"/\\evil", false},
		{"/%09/evil", false},
		{"/\t/evil", false},
		{"/\n/evil", false},
		{"/%0a/evil", false},
		{"/%0D/evil", false},
		{"%2F%2Fevil", false},
		{"/%2F%2Fevil", false},
		{"/%2f/evil", false},
		{"/%5Cevil", false},
		{"/ok\\evil", false},
		{"https://evil", false},
		{"https:/evil", false},
		{"javascript:alert(1)", false},
		{"evil", false},
		{"", false},
		{"/%ff", false},
		{"/\xff", false},
		{"/%zz", false},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			if got := localPath(tt.next); got != tt.ok {
				t.Fatalf("localPath(%q) = %v, want %v", tt.next, got, tt.ok)
			}
			want := "/"
			if tt.ok {
				want = tt.next
			}
			if got := safeNext(tt.next); got != want {
				t.Fatalf("safeNext(%q) = %q, want %q", tt.next, got, want)
			}
		})
	}
}

// TestTextBoxesAreMultiline finds every text box in the views and checks
// that the text check lets its line breaks through.
func TestTextBoxesAreMultiline(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../views/*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no views found: %v", err)
	}
	more, _ := filepath.Glob("../views/*/*.templ")
	boxes := regexp.MustCompile(`@TextArea\([^,]+,\s*"([a-z_]+)"|<textarea[^>]*\bname="([a-z_]+)"`)
	found := 0
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range boxes.FindAllStringSubmatch(string(b), -1) {
			name := m[1] + m[2]
			found++
			if !multilineFields[name] {
				t.Errorf("%s: the text box %q is not in multilineFields: its line breaks would be refused", f, name)
			}
		}
	}
	if found == 0 {
		t.Fatal("no text box found: is the pattern still right?")
	}
}
