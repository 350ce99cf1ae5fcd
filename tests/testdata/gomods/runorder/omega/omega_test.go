package omega

import (
	"testing"
	"time"
)

// TestOmega takes longer than core/schedule.py's LONG_RUN_SECONDS (0.5 s).
func TestOmega(t *testing.T) { time.Sleep(800 * time.Millisecond) }
