package small

import (
	"testing"
	"time"
)

func TestHalf(t *testing.T) {
	time.Sleep(30 * time.Millisecond)
	if h, ok := Half(4); !ok || h != 2 {
		t.Fatalf("Half(4) = %d, %v", h, ok)
	}
}

func TestOddFails(t *testing.T) {
	if _, ok := Half(3); !ok {
		t.Error("Half(3) refused an odd number")
	}
}

func TestLater(t *testing.T) {
	t.Skip("not yet")
}
