package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHashCommand: talksafe hash prints hash,quality,filename per picture as
// the reference tool does, and names a file it cannot read after the rest.
func TestHashCommand(t *testing.T) {
	const pic = "../../models/pdq/testdata/q2821.jpg"
	var out bytes.Buffer
	err := run(context.Background(), []string{"hash", pic, "hash_test.go", "missing.jpg", pic}, strings.NewReader(""), &out)
	want := "b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109,100," + pic + "\n"
	if out.String() != want+want {
		t.Errorf("output:\n%s\nwant twice:\n%s", out.String(), want)
	}
	if err == nil || !strings.Contains(err.Error(), "hash_test.go: not a picture") || !strings.Contains(err.Error(), "missing.jpg") {
		t.Errorf("err = %v", err)
	}
	if err := run(context.Background(), []string{"hash"}, strings.NewReader(""), &out); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("no files: err = %v", err)
	}
}
