package sigkilllate

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// TestHeavy is killed (SIGKILL, as the kernel's OOM killer kills a binary that takes too
// much memory) while it runs in parallel, after TestQuick printed its report line: go's
// "signal: killed" is then the line after that report line, and test2json labels it
// TestQuick.
func TestHeavy(t *testing.T) {
	t.Parallel()
	t.Log("allocating a lot")
	time.Sleep(500 * time.Millisecond)
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
}

func TestQuick(t *testing.T) {
	t.Parallel()
	t.Skip("nothing to do here")
}

func Example() {
	// Output:
}
