package handlers_test

import (
	"os"
	"testing"

	"talksafe/views/components"
)

// TestMain fails the run when a page worded a message the catalog does not
// have (it reads as a neutral sentence, never as its key).
func TestMain(m *testing.M) { os.Exit(components.CheckWords(m.Run())) }
