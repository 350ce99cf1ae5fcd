package t4earlyzero

import (
	"os"
	"testing"
)

// The control: the early exit is the success's (0), so what follows runs when the tests
// failed, and its os.Exit(0) hides that. Still T4.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		os.Exit(0)
	}
	os.Exit(0) // want "T4: TestMain exits with a code not derived from m.Run: os.Exit"
}

func TestOK(t *testing.T) {}
