package handlers_test

import (
	"fmt"
	"os"
	"testing"

	"talksafe/views/components"
)

// TestMain fails the run when a page worded a message the catalog does not
// have (it reads as components' neutral fallback, never as its key).
func TestMain(m *testing.M) {
	code := m.Run()
	if keys := components.MissingKeys(); len(keys) > 0 {
		fmt.Fprintf(os.Stderr, "words missing from the catalog: %v\n", keys)
		code = 1
	}
	os.Exit(code)
}
