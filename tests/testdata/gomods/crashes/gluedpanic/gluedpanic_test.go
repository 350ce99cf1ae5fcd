package gluedpanic

import (
	"fmt"
	"testing"
)

func TestBeforeGlued(t *testing.T) {}

// Prints without a newline, then panics: on go's output the panic starts a line of its own
// after the report line; with the frames left out it must still start one.
func TestGluedPanic(t *testing.T) {
	fmt.Print("no newline")
	panic("glued boom")
}

func TestAfterGlued(t *testing.T) {}
