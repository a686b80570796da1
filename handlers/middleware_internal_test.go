package handlers

import "testing"

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
