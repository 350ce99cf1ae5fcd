package returninhelper

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// run returns 0 without running the tests when the variable is missing: go says ok.
func run(m *testing.M) int {
	if os.Getenv("DATABASE_URL") == "" {
		return 0 // want "T2: TestMain exits before m.Run: return"
	}
	return m.Run()
}

func TestOK(t *testing.T) {}
