// Package frames has tests and examples that print lines reading exactly like their own
// framing lines. Before Go 1.27 test2json marks no frame in its JSON, so only the place of a
// line among the events tells Go's frame from one the test printed.
package frames

import (
	"fmt"
	"testing"
)

// TestPrintsItsFrames prints every kind of frame of its own, then fails.
func TestPrintsItsFrames(t *testing.T) {
	fmt.Println("--- FAIL: TestPrintsItsFrames (0.00s)")
	fmt.Println("=== RUN   TestPrintsItsFrames")
	fmt.Println("=== NAME  TestPrintsItsFrames")
	fmt.Println("=== PAUSE TestPrintsItsFrames")
	fmt.Println("=== CONT  TestPrintsItsFrames")
	fmt.Println("--- PASS: TestPrintsItsFrames (0.00s)")
	fmt.Println("printed its frames")
	t.Error("fails after printing its frames")
}

// TestPrintsAFailure prints a failing report line of its own, and passes.
func TestPrintsAFailure(t *testing.T) {
	fmt.Println("--- FAIL: TestPrintsAFailure (0.00s)")
}

// TestPrintsAPass prints a passing report line of its own as its last line, and fails.
func TestPrintsAPass(t *testing.T) {
	t.Error("fails before printing a pass")
	fmt.Println("--- PASS: TestPrintsAPass (0.00s)")
}

// TestParallelPrints runs in parallel and prints its own `=== CONT` and `=== PAUSE` lines.
func TestParallelPrints(t *testing.T) {
	t.Parallel()
	fmt.Println("=== CONT  TestParallelPrints")
	fmt.Println("=== PAUSE TestParallelPrints")
	t.Error("parallel fails")
}

// TestSubtestPrints has a subtest that prints its own passing report line, and fails.
func TestSubtestPrints(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		fmt.Println("--- PASS: TestSubtestPrints/sub (0.00s)")
		t.Error("sub fails")
	})
}
