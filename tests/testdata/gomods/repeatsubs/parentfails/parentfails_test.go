// Package parentfails has tests whose second run fails before it starts a subtest its first
// run started (and passed): under -count=2 or -cpu=1,2 that subtest ran once of the two
// times go test was to run it, and Go says FAIL for the package.
package parentfails

import "testing"

var parentRuns, middleRuns int

// TestParent fails in its second run before calling t.Run("sub").
func TestParent(t *testing.T) {
	parentRuns++
	if parentRuns == 2 {
		t.Fatalf("parent fails before its subtest (run %d)", parentRuns)
	}
	t.Run("sub", func(t *testing.T) {
		t.Logf("sub passed (run %d)", parentRuns)
	})
}

// TestNested's subtest "mid" fails in its second run before calling t.Run("leaf").
func TestNested(t *testing.T) {
	t.Run("mid", func(t *testing.T) {
		middleRuns++
		if middleRuns == 2 {
			t.Fatalf("mid fails before its subtest (run %d)", middleRuns)
		}
		t.Run("leaf", func(t *testing.T) {
			t.Logf("leaf passed (run %d)", middleRuns)
		})
	})
}
