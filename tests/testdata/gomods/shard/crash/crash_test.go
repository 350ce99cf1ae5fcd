package crash

import (
	"testing"
	"time"
)

// TestC3 panics: the binary running it dies, and with it only its own shard.

func TestC1(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestC2(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestC3(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
	panic("TestC3 crashes on purpose")
}

func TestC4(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestC5(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}

func TestC6(t *testing.T) {
	time.Sleep(20 * time.Millisecond)
}
