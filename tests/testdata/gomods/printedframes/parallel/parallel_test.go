// Package parallel has two parallel tests: TestFails fails while TestPrinter runs, whose line
// comes after TestFails' report line. Before Go 1.27 test2json labels that line with
// TestFails (the test whose report line came last) and sends TestFails' fail event only
// with the next frame. In a package of its own: no other test's frames come between.
package parallel

import (
	"fmt"
	"testing"
	"time"
)

// TestFails fails after 100 ms, while TestPrinter runs.
func TestFails(t *testing.T) {
	t.Parallel()
	time.Sleep(100 * time.Millisecond)
	t.Error("parallel fails first")
}

// TestPrinter prints a line some 200 ms after TestFails failed, and passes.
func TestPrinter(t *testing.T) {
	t.Parallel()
	time.Sleep(300 * time.Millisecond)
	fmt.Println("printed beside a report line")
	time.Sleep(300 * time.Millisecond)
}
