package t3deferexit

import (
	"os"
	"testing"
)

func cleanup() {}

// A deferred os.Exit registered after another defer skips it: deferred calls run last in,
// first out, and the exit ends the process before cleanup runs.
func TestMain(m *testing.M) {
	defer cleanup()
	defer os.Exit(m.Run()) // want "T3: TestMain exits with a pending defer: os.Exit"
}

func TestOK(t *testing.T) {}
