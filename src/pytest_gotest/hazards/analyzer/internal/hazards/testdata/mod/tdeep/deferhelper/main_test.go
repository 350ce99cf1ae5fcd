package deferhelper

import (
	"os"
	"testing"
)

func cleanup() {}

// The exit after the defer happens in a helper: the deferred cleanup never runs.
func TestMain(m *testing.M) {
	defer cleanup()
	code := m.Run()
	exit(code)
}

func exit(code int) {
	os.Exit(code) // want "T3: TestMain exits with a pending defer: os.Exit"
}

func TestOK(t *testing.T) {}
