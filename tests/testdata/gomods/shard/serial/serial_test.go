package serial

import (
	"testing"
	"time"
)

// Twelve serial tests of 50 ms: --go-shard=2 runs six in each of two processes.

func TestS01(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS02(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS03(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS04(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS05(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
	t.Error("TestS05 fails on purpose")
}

func TestS06(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS07(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
	t.Run("one", func(t *testing.T) {})
	t.Run("two", func(t *testing.T) {})
}

func TestS08(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS09(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS10(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS11(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}

func TestS12(t *testing.T) {
	time.Sleep(50 * time.Millisecond)
}
