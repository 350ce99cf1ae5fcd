package shared

import "testing"

func TestWarmUp(t *testing.T) { Hit() }

// Passes only in a fresh test binary (run alone, or isolated: docs/isolation.md): in the
// package's shared binary TestWarmUp ran first and left hits at 1.
func TestFirstHit(t *testing.T) {
	if got := Hit(); got != 1 {
		t.Fatalf("Hit() = %d, want 1: another test of this binary called Hit first", got)
	}
}
