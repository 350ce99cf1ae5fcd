package cgo

import "testing"

func TestCgo(t *testing.T) {
	if got := AddC(2, 3); got != 5 {
		t.Errorf("AddC(2, 3) = %d, want 5", got)
	}
}
