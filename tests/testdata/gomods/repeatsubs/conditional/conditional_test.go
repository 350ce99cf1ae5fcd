// Package conditional has tests whose second run ends without starting a subtest their first
// run started, and does not fail: Go says ok for the package.
package conditional

import "testing"

var onceRuns, skipRuns int

// TestOnce runs its subtest in its first run only, and passes both runs.
func TestOnce(t *testing.T) {
	onceRuns++
	if onceRuns == 1 {
		t.Run("sub", func(t *testing.T) {
			t.Logf("sub passed (run %d)", onceRuns)
		})
	}
}

// TestSkipsLater skips its second run before calling t.Run("sub").
func TestSkipsLater(t *testing.T) {
	skipRuns++
	if skipRuns == 2 {
		t.Skipf("skipped before its subtest (run %d)", skipRuns)
	}
	t.Run("sub", func(t *testing.T) {
		t.Logf("sub passed (run %d)", skipRuns)
	})
}
