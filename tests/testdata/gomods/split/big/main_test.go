package big

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs in every group that has a test of this package.
func TestMain(m *testing.M) {
	fmt.Println("big: TestMain setup")
	os.Exit(m.Run())
}
