package user

import (
	"os"
	"testing"
)

// A TestMain: the screen cannot rule the package out, so it is type-checked.
func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestHas(t *testing.T) {
	if !Has("a") {
		t.Fatal("a")
	}
}
