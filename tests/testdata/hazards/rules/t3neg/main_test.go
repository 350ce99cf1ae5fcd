package t3neg

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "t3")
	defer os.RemoveAll(dir)
	m.Run()
}

func TestOK(t *testing.T) {}
