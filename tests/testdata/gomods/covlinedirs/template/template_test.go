package template

import "testing"

func TestGen(t *testing.T) {
	if Gen(1) != 1 || Own() != 2 {
		t.Fatal("wrong result")
	}
}
