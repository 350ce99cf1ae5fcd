package vd_test

import (
	"os"
	"testing"

	"example.com/vd/inner"
)

// A TestMain: the screen cannot rule the package out, so it is type-checked.
func TestMain(m *testing.M) { os.Exit(m.Run()) }

func TestParse(t *testing.T) {
	if len(inner.Parse("x").Tokens) != 0 {
		t.Fatal("tokens")
	}
}
