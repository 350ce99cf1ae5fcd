package t2

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv("DATABASE_URL") == "" {
		os.Exit(0) // want "T2: TestMain exits before m.Run: os.Exit\\(0\\)"
	}
	if testing.Short() {
		return // want "T2: TestMain exits before m.Run: return"
	}
	os.Exit(m.Run())
}

func TestOK(t *testing.T) {}
