package t2neg

import (
	"log"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// A setup failure is loud (the package fails and says why), not a silent pass.
	if err := setup(); err != nil {
		log.Fatalf("setup: %v", err)
	}
	// The re-exec pattern: only a child started with the variable set exits here.
	if os.Getenv("T2NEG_CHILD") == "1" {
		os.Exit(0)
	}
	m.Run()
}

func setup() error { return nil }

func TestOK(t *testing.T) {}
