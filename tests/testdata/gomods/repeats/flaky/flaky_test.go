// Package flaky has tests that fail in exactly one of several runs, to check that -count and
// -cpu (from --go-flags or from GOFLAGS in the environment) count every run: a test that
// fails in any run is failed, with that run's message. A passing run logs a line; a failing
// run logs nothing before its error, so that run's message is its first line.
package flaky

import (
	"runtime"
	"testing"
)

var firstRuns, secondRuns, subRuns int

// TestFirstRunFails fails on its first run only.
func TestFirstRunFails(t *testing.T) {
	firstRuns++
	if firstRuns == 1 {
		t.Errorf("first-run failure (run %d)", firstRuns)
	} else {
		t.Logf("run %d passed, GOMAXPROCS %d", firstRuns, runtime.GOMAXPROCS(0))
	}
}

// TestSecondRunFails fails on its second run only.
func TestSecondRunFails(t *testing.T) {
	secondRuns++
	if secondRuns == 2 {
		t.Errorf("second-run failure (run %d)", secondRuns)
	} else {
		t.Logf("run %d passed, GOMAXPROCS %d", secondRuns, runtime.GOMAXPROCS(0))
	}
}

// TestSubFirstRunFails has one subtest that fails on its first run only.
func TestSubFirstRunFails(t *testing.T) {
	t.Run("child", func(t *testing.T) {
		subRuns++
		if subRuns == 1 {
			t.Errorf("subtest first-run failure (run %d)", subRuns)
		} else {
			t.Logf("subtest run %d passed", subRuns)
		}
	})
}

// TestSteady passes every time.
func TestSteady(t *testing.T) {
	t.Log("steady")
}
