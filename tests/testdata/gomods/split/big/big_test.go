package big

import (
	"testing"
	"time"
)

const unit = 10 * time.Millisecond

func TestMove(t *testing.T) {
	requireSetUp(t)
	for _, direction := range []string{"up", "down", "left", "right"} {
		t.Run(direction, func(t *testing.T) {
			if x, y := Step(0, 0, direction, 4*unit); x == 0 && y == 0 {
				t.Fatalf("%s: did not move", direction)
			}
		})
	}
}

func TestSlowA(t *testing.T) {
	requireSetUp(t)
	if Slow(2, 15*unit) != 4 {
		t.Fatal("Slow(2) != 4")
	}
}

func TestSlowB(t *testing.T) {
	requireSetUp(t)
	if Slow(3, 12*unit) != 6 {
		t.Fatal("Slow(3) != 6")
	}
}

func TestSlowC(t *testing.T) {
	requireSetUp(t)
	if Slow(-1, 10*unit) != 0 {
		t.Fatal("Slow(-1) != 0")
	}
}

func TestSlowD(t *testing.T) {
	requireSetUp(t)
	if Slow(0, 8*unit) != 0 {
		t.Fatal("Slow(0) != 0")
	}
}
