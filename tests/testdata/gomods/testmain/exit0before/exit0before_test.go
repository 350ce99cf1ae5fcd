package exit0before

import (
	"fmt"
	"os"
	"testing"
)

// TestMain exits 0 before m.Run: Go reports the package "ok" having run nothing.
func TestMain(m *testing.M) {
	fmt.Println("exit0before: leaving early")
	os.Exit(0)
}

func TestA(t *testing.T) {}

func TestB(t *testing.T) { t.Fatal("would fail if it ran") }
