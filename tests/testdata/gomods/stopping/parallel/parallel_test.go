package parallel

import (
	"testing"
	"time"
)

// Paused in t.Parallel() until the sequential tests are done, then passes 2 s later: when
// TestFailsMeanwhile fails, this test has no result yet.
func TestParallelPasses(t *testing.T) {
	t.Parallel()
	time.Sleep(2 * time.Second)
	t.Log("passed after 2 s")
}

func TestFailsMeanwhile(t *testing.T) {
	t.Fatal("fails while a parallel test waits")
}

// test2json sends a test's pass event with the stream's next frame: this test's log line
// (its `=== NAME` frame) 4 s in brings TestParallelPasses' pass.
func TestParallelSlow(t *testing.T) {
	t.Parallel()
	time.Sleep(4 * time.Second)
	t.Log("still sleeping")
	time.Sleep(60 * time.Second)
}
