package interleave

import (
	"testing"
	"time"
)

// logLines logs 100 numbered lines, yielding between them so parallel tests interleave.
func logLines(t *testing.T, name string) {
	for i := 0; i < 100; i++ {
		t.Logf("%s line %03d", name, i)
		time.Sleep(100 * time.Microsecond)
	}
}

func TestQ1(t *testing.T) { t.Parallel(); logLines(t, "Q1") }

func TestQ2(t *testing.T) {
	t.Parallel()
	logLines(t, "Q2")
	t.Error("Q2 failed")
}

func TestQ3(t *testing.T) { t.Parallel(); logLines(t, "Q3") }

func TestQ4(t *testing.T) {
	t.Parallel()
	logLines(t, "Q4")
	t.Error("Q4 failed")
}
