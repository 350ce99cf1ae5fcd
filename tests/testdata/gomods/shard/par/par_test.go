package par

import (
	"testing"
	"time"
)

// TestP1-TestP4 call t.Parallel(): Go runs them side by side, and --go-shard keeps them in
// one process. TestR has parallel subtests only: its top-level test is serial.

func TestP1(t *testing.T) {
	t.Parallel()
	time.Sleep(50 * time.Millisecond)
}

func TestP2(t *testing.T) {
	t.Parallel()
	time.Sleep(50 * time.Millisecond)
}

func TestP3(t *testing.T) {
	t.Parallel()
	time.Sleep(50 * time.Millisecond)
}

func TestP4(t *testing.T) {
	t.Parallel()
	time.Sleep(50 * time.Millisecond)
}

func TestQ1(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestQ2(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestQ3(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestQ4(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestR(t *testing.T) {
	for _, name := range []string{"a", "b"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			time.Sleep(20 * time.Millisecond)
		})
	}
}
