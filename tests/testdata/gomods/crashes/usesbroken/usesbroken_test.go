package usesbroken

import "testing"

func TestUsesBroken(t *testing.T) {
	if Twice() != 84 {
		t.Fatal("wrong")
	}
}
