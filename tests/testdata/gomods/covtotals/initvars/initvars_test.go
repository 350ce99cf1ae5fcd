package initvars

import "testing"

func TestLookup(t *testing.T) {
	if Lookup("b") != 1 {
		t.Fatal(Lookup("b"))
	}
}
