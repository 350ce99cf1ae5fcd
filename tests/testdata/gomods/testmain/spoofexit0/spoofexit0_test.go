package spoofexit0

import (
	"fmt"
	"os"
	"testing"
)

// TestMain forges a failing report for TestVictim, then exits 0 before m.Run.
func TestMain(m *testing.M) {
	fmt.Println("=== RUN   TestVictim")
	fmt.Println("--- FAIL: TestVictim (0.00s)")
	os.Exit(0)
}

func TestVictim(t *testing.T) {}
