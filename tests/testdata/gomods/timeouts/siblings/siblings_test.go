// Package siblings has sibling subtests in closures of their own, all hanging at once. Go's
// goroutine dump names each one's code by its closure (TestP.func1, TestP.func2), never by
// the subtest's name: only the source says which closure is which subtest's.
package siblings

import (
	"testing"
	"time"
)

func block() {
	time.Sleep(10 * time.Minute)
}

// TestP's parallel subtests hang in two closures, b in a helper of this file.
func TestP(t *testing.T) {
	t.Parallel()
	t.Run("a", func(t *testing.T) {
		t.Parallel()
		time.Sleep(10 * time.Minute)
	})
	t.Run("b", func(t *testing.T) {
		t.Parallel()
		block()
	})
}

// TestQ's parallel subtests each wait for a parallel subtest of their own: their bodies
// returned, Go lists only x/in and y/in running, and nothing of x or y is in the dump.
func TestQ(t *testing.T) {
	t.Parallel()
	t.Run("x", func(t *testing.T) {
		t.Parallel()
		t.Run("in", func(t *testing.T) {
			t.Parallel()
			time.Sleep(10 * time.Minute)
		})
	})
	t.Run("y", func(t *testing.T) {
		t.Parallel()
		t.Run("in", func(t *testing.T) {
			t.Parallel()
			time.Sleep(10 * time.Minute)
		})
	})
}
