package latefail

import (
	"testing"
	"time"
)

// TestSpawnsLateError returns (Go reports it passed) while its goroutine calls t.Error later:
// the testing package then panics "Fail in goroutine after TestSpawnsLateError has completed"
// while TestInnocentSleeper runs.
func TestSpawnsLateError(t *testing.T) {
	go func() {
		time.Sleep(100 * time.Millisecond)
		t.Error("late error")
	}()
}

func TestInnocentSleeper(t *testing.T) {
	time.Sleep(2 * time.Second)
}

// TestAfterLateFail never runs.
func TestAfterLateFail(t *testing.T) {}
