package exit0

import (
	"os"
	"testing"
)

func TestBeforeExit0(t *testing.T) {
	t.Log("before exit0 passes")
}

func TestExit0(t *testing.T) {
	t.Log("about to call os.Exit(0)")
	os.Exit(0)
}

// TestAfterExit0 never runs: go test passes -test.paniconexit0, the binary dies in TestExit0.
func TestAfterExit0(t *testing.T) {}
