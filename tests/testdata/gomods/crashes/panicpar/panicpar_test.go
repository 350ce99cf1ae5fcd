package panicpar

import "testing"

// TestWaitsInParallel pauses at t.Parallel and is never resumed: the binary dies first.
func TestWaitsInParallel(t *testing.T) {
	t.Parallel()
	t.Log("never printed")
}

func TestPanicInSubtest(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		panic("subtest boom")
	})
}

// TestAfterSubtestPanic never runs.
func TestAfterSubtestPanic(t *testing.T) {}
