package exit1

import (
	"os"
	"testing"
)

func TestExit1(t *testing.T) {
	t.Log("about to call os.Exit(1)")
	os.Exit(1)
}

// TestAfterExit1 never runs: the binary exited in TestExit1.
func TestAfterExit1(t *testing.T) {}
