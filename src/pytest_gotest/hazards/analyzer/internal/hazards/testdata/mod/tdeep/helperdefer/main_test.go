package helperdefer

import (
	"os"
	"testing"
)

func cleanup() {}

func TestMain(m *testing.M) {
	run(m)
}

// The helper that runs the tests defers, then exits.
func run(m *testing.M) {
	defer cleanup()
	os.Exit(m.Run()) // want "T3: TestMain exits with a pending defer: os.Exit"
}

func TestOK(t *testing.T) {}
