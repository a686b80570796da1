package models_test

import (
	"os"
	"testing"

	"talksafe/views/components"
)

// TestMain fails the run when a test worded an error the catalog does not
// have (an English sentence still written in models reads as a key).
func TestMain(m *testing.M) { os.Exit(components.CheckWords(m.Run())) }
