package grammar

import "testing"

func TestParse(t *testing.T) {
	if Parse(1) != 1 || Driver(1) != 1 {
		t.Fatal("wrong result")
	}
}
