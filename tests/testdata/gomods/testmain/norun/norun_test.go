package norun

import (
	"fmt"
	"testing"
)

// TestMain forgets m.Run: Go reports the package "ok" having run nothing.
func TestMain(m *testing.M) {
	fmt.Println("norun: TestMain forgot m.Run")
}

func TestA(t *testing.T) {}

func TestB(t *testing.T) { t.Fatal("would fail if it ran") }
