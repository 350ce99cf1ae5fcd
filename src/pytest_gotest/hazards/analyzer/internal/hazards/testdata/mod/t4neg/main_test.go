package t4neg

import (
	"os"
	"testing"
)

func leaked() bool { return false }

// The exit code comes from m.Run, through variables.
func TestMain(m *testing.M) {
	code := m.Run()
	status := code
	if status == 0 && leaked() {
		status = 1
	}
	os.Exit(status)
}

func TestOK(t *testing.T) {}
