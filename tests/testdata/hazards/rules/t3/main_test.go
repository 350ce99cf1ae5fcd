package t3

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "t3")
	defer os.RemoveAll(dir)
	os.Exit(m.Run()) // T3
}

func TestOK(t *testing.T) {}
