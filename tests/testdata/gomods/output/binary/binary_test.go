package binary

import (
	"fmt"
	"testing"
)

// TestBinaryOutput prints invalid UTF-8 and a NUL byte.
func TestBinaryOutput(t *testing.T) {
	fmt.Print("utf8-before\xff\xfeutf8-after\n")
	fmt.Print("nul-before\x00nul-after\n")
	t.Error("binary done")
}
