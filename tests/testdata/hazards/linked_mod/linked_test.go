package linkedmod

import (
	"os"
	"testing"
)

func TestMode(t *testing.T) {
	if got := os.Getenv("PLUGMOD_MODE"); got != Mode() {
		t.Fatalf("PLUGMOD_MODE is %q, mode %q", got, Mode())
	}
}
