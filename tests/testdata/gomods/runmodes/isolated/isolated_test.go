package isolated

import (
	"os"
	"testing"
)

// Passes only under --go-isolate: TZ is UTC and HOME is a private, empty directory, whoever
// runs the tests and whatever their machine has set up. Elsewhere it names what leaked in.
func TestTestOnlyContext(t *testing.T) {
	if tz := os.Getenv("TZ"); tz != "UTC" {
		t.Fatalf("TZ is %q, not UTC: not in the test-only context (run with --go-isolate)", tz)
	}
	home := os.Getenv("HOME")
	entries, err := os.ReadDir(home)
	if err != nil || len(entries) > 0 {
		t.Fatalf("HOME %q is not a fresh empty directory (%d entries, %v)", home, len(entries), err)
	}
}
