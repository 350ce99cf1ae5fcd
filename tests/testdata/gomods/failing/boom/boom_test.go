package boom

import "testing"

func TestFirst(t *testing.T) {
	t.Log("first runs and passes")
}

func TestPanics(t *testing.T) {
	t.Log("about to panic")
	panic("kaboom")
}

// TestAfter never runs: the panic in TestPanics kills the test binary.
func TestAfter(t *testing.T) {
	t.Log("after")
}
