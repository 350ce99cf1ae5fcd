package tiny

import "testing"

func TestZero(t *testing.T) {
	if Zero() != 0 {
		t.Fatal("Zero() != 0")
	}
}
