package gopanic

import (
	"testing"
	"time"
)

func TestGoroutinePanic(t *testing.T) {
	t.Log("starting a goroutine that panics")
	go func() {
		panic("background goroutine boom")
	}()
	time.Sleep(time.Minute)
}

// TestAfterGoroutine never runs: the goroutine's panic killed the binary.
func TestAfterGoroutine(t *testing.T) {}
