package testinit

import (
	"os"
	"testing"
)

// A test-file init runs in the test binary only: still every test's environment.
func init() {
	os.Setenv("TESTINIT", "1") // want "H7: init changes process-global state: os.Setenv"
}

func TestValue(t *testing.T) {}
