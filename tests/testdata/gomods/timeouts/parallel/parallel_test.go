// Package parallel has tests and subtests, parallel and not, that all hang at once: Go's
// timeout lists every one of them as running. Each sleeps on a line of its own, so that Go's
// goroutine dump tells them apart.
package parallel

import (
	"testing"
	"time"
)

func TestA(t *testing.T) {
	t.Parallel()
	t.Run("first", func(t *testing.T) {
		t.Parallel()
		t.Log("first hangs")
		time.Sleep(10 * time.Minute)
	})
	t.Run("second", func(t *testing.T) {
		t.Parallel()
		t.Log("second hangs")
		time.Sleep(10 * time.Minute)
	})
}

func TestB(t *testing.T) {
	t.Parallel()
	t.Log("B hangs")
	time.Sleep(10 * time.Minute)
}

func TestC(t *testing.T) {
	t.Parallel()
	t.Run("done", func(t *testing.T) {})
	t.Run("serial", func(t *testing.T) {
		t.Run("inner", func(t *testing.T) {
			t.Log("inner hangs")
			time.Sleep(10 * time.Minute)
		})
	})
}

// TestD's subtest hangs in its t.Cleanup, a closure of its closure: TestD waits in t.Run.
func TestD(t *testing.T) {
	t.Parallel()
	t.Run("cleanup", func(t *testing.T) {
		t.Cleanup(func() {
			time.Sleep(10 * time.Minute)
		})
	})
}

// TestE's subtests share one closure (a table): both hang on its one line.
func TestE(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"p", "q"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			time.Sleep(10 * time.Minute)
		})
	}
}
