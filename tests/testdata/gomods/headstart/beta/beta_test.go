package beta

import (
	"os"
	"testing"
)

// HEADSTART_EXPECT names the value beta/conftest.py gives HEADSTART_BETA while pytest
// collects: go test must have been started with the environment as collection left it.
func TestBeta(t *testing.T) {
	if want := os.Getenv("HEADSTART_EXPECT"); want != "" {
		if got := os.Getenv("HEADSTART_BETA"); got != want {
			t.Fatalf("HEADSTART_BETA=%q, want %q: go test started before collection changed it", got, want)
		}
	}
}
