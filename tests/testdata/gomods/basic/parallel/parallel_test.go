package parallel

import (
	"testing"
	"time"
)

func logLines(t *testing.T, name string) {
	t.Helper()
	for i := 0; i < 5; i++ {
		t.Logf("%s line %d", name, i)
		time.Sleep(5 * time.Millisecond)
	}
}

func TestP1(t *testing.T) {
	t.Parallel()
	logLines(t, "P1")
}

func TestP2(t *testing.T) {
	t.Parallel()
	logLines(t, "P2")
	t.Errorf("P2 failed")
}

func TestP3(t *testing.T) {
	t.Parallel()
	logLines(t, "P3")
}
