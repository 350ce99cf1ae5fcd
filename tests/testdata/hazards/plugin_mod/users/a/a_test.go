package a

import "testing"

func TestUserA(t *testing.T) {
	if Name() != "lib" {
		t.Fatal("lib expected")
	}
}
