package t2

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv("DATABASE_URL") == "" {
		os.Exit(0) // T2
	}
	if testing.Short() {
		return // T2
	}
	os.Exit(m.Run())
}

func TestOK(t *testing.T) {}
