package afterpasses

import (
	"testing"
	"time"
)

func TestPassesFirst(t *testing.T) {}

func TestPassesToo(t *testing.T) {
	t.Log("passes too")
}

func TestFailsAfterPasses(t *testing.T) {
	t.Fatal("fails after two passes")
}

func TestSlowAfter(t *testing.T) {
	time.Sleep(60 * time.Second)
}
