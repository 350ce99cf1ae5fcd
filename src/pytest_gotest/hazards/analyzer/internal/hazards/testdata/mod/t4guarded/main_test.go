package t4guarded

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

var verbose = os.Getenv("T4GUARDED_VERBOSE") != ""

// klauspost/compress's zstd TestMain: after passing tests, wait for goroutines to end and
// fail the package if they do not. Each exit depends on m.Run's result (ec == 0) or reports a
// failed check (a non-zero constant under a condition): no T4. An os.Exit(0) under a
// condition that ignores the result still hides failures.
func TestMain(m *testing.M) {
	ec := m.Run()
	if ec == 0 && runtime.NumGoroutine() > 2 {
		for n := 0; n < 15; n++ {
			time.Sleep(time.Second)
			if runtime.NumGoroutine() == 2 {
				os.Exit(0)
			}
		}
		fmt.Println("goroutines:", runtime.NumGoroutine())
		os.Exit(1)
	}
	if leaked() {
		os.Exit(3)
	}
	if verbose {
		os.Exit(0) // want "T4: TestMain exits with a code not derived from m.Run: os.Exit"
	}
	os.Exit(ec)
}

func leaked() bool { return false }

func TestOK(t *testing.T) {}
