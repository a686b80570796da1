package handlers_test

import (
	"os"
	"testing"

	"talksafe/views/components"
)

// afterTests is what a lane's own files do once every test is done (the
// browser lane stops its Chromium and writes AXE_REPORT); each returns
// false when the run must fail.
var afterTests []func() bool

// TestMain runs the tests, then afterTests, and fails the run when a page
// worded a message the catalog does not have (it reads as a neutral
// sentence, never as its key).
func TestMain(m *testing.M) {
	code := m.Run()
	for _, after := range afterTests {
		if !after() && code == 0 {
			code = 1
		}
	}
	os.Exit(components.CheckWords(code))
}
