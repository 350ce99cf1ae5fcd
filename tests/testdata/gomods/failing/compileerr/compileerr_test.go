package compileerr

import "testing"

func TestA(t *testing.T) {
	var n int = "not an int" // deliberate type error
	_ = n
}

func TestB(t *testing.T) {
	if Value() != 1 {
		t.Fatal("Value() != 1")
	}
}
