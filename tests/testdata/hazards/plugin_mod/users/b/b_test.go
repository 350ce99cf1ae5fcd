package b

import "testing"

func TestUserB(t *testing.T) {
	if Name() != "lib" {
		t.Fatal("lib expected")
	}
}
