package timeout

import (
	"testing"
	"time"
)

func TestQuick(t *testing.T) {}

// TestHangs sleeps far beyond the -timeout the acceptance test passes (--go-flags=-timeout=3s).
func TestHangs(t *testing.T) {
	t.Log("going to sleep")
	time.Sleep(10 * time.Minute)
}

// TestNeverReached never runs: the timeout panic kills the binary in TestHangs.
func TestNeverReached(t *testing.T) {}
