package t1neg

import (
	"os"
	"testing"
)

// m.Run is reached through a helper.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	return m.Run()
}

func TestOK(t *testing.T) {}
