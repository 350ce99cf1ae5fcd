package prune

import (
	"testing"
	"time"
)

// Test bodies are never reached from a root: dropped before type-checking.
func TestServe(t *testing.T) {
	time.Sleep(time.Millisecond)
	Serve()
}
