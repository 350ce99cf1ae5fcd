package t4

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	m.Run()
	os.Exit(1) // T4
}

func TestOK(t *testing.T) {}
