package manylines

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

// TestManyLines prints 200,000 numbered lines.
func TestManyLines(t *testing.T) {
	w := bufio.NewWriter(os.Stdout)
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(w, "many line %06d\n", i)
	}
	w.Flush()
	t.Error("manylines done")
}

func TestQuiet(t *testing.T) {}
