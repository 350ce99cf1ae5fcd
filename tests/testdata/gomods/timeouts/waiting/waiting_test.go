// Package waiting has parallel subtests still waiting in t.Parallel() when the binary times
// out (their parent's body has not returned: a subtest of it that is not parallel hangs).
// A waiting test runs no code: a goroutine of a running subtest is never its, even one the
// dump or the source cannot tell from its own.
package waiting

import (
	"testing"
	"time"
)

func block() {
	time.Sleep(10 * time.Minute)
}

// runAs runs a subtest of this name from a generic helper, which the compiler inlines into
// its caller: the subtest's closure is then TestH.runAs[...].func2, as if nested in TestH.
func runAs[T any](t *testing.T, name string) {
	t.Run(name, func(t *testing.T) {
		block()
	})
}

// TestDup runs three subtests named x: Go names them x, x#01 and x#02. The first two wait
// in t.Parallel() while x#02 hangs in a closure of its own.
func TestDup(t *testing.T) {
	t.Parallel()
	t.Run("x", func(t *testing.T) {
		t.Parallel()
		block()
	})
	t.Run("x", func(t *testing.T) {
		t.Parallel()
		block()
	})
	t.Run("x", func(t *testing.T) {
		func() {
			block()
		}()
	})
}

// TestH's gen waits in t.Parallel() while viagen, run by an inlined generic helper, hangs.
func TestH(t *testing.T) {
	t.Parallel()
	t.Run("gen", func(t *testing.T) {
		t.Parallel()
		block()
	})
	runAs[string](t, "viagen")
}
