package twins

import (
	"testing"
	"time"
)

// TestTw fails; the external test package has a passing TestTw too (twins: Go's events
// do not say which of the two a "fail TestTw" is about).
func TestTw(t *testing.T) { t.Fatal("internal twin fails") }

func TestZ(t *testing.T) { time.Sleep(time.Second) }
