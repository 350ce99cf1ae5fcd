package huge

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestHuge prints $HUGE_MB MiB (default 1) of numbered 1 KiB lines, then fails, so that its
// report (with the note naming the spill file) is shown.
func TestHuge(t *testing.T) {
	mib, err := strconv.Atoi(os.Getenv("HUGE_MB"))
	if err != nil {
		mib = 1
	}
	pad := strings.Repeat("y", 1024-len("huge line 00000000 \n"))
	w := bufio.NewWriterSize(os.Stdout, 1<<16)
	for i := 0; i < mib*1024; i++ {
		fmt.Fprintf(w, "huge line %08d %s\n", i, pad)
	}
	w.Flush()
	t.Errorf("printed %d MiB", mib)
}

func TestSmall(t *testing.T) { t.Log("small") }
