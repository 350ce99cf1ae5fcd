package twins_test

import (
	"testing"
	"time"
)

func TestTw(t *testing.T) {}

func TestSlowExt(t *testing.T) { time.Sleep(3 * time.Second) }
