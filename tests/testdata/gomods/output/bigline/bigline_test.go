package bigline

import (
	"fmt"
	"strings"
	"testing"
)

// TestBigLine prints one 4 MiB line (test2json splits it into 1024-byte events).
func TestBigLine(t *testing.T) {
	fmt.Println("BIGLINE-BEGIN" + strings.Repeat("x", 4<<20) + "BIGLINE-END")
	t.Error("bigline done")
}
