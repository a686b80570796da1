package models_test

import (
	"fmt"
	"os"
	"testing"

	"talksafe/views/components"
)

// TestMain fails the run when a test worded an error the catalog does not
// have (an English sentence still written in models reads as a key).
func TestMain(m *testing.M) {
	code := m.Run()
	if keys := components.MissingKeys(); len(keys) > 0 {
		fmt.Fprintf(os.Stderr, "words missing from the catalog: %v\n", keys)
		code = 1
	}
	os.Exit(code)
}
