package slow

import (
	"testing"
	"time"
)

// TestSlow keeps pytest waiting for its package long enough for the status line to be drawn.
func TestSlow(t *testing.T) { time.Sleep(2 * time.Second) }
