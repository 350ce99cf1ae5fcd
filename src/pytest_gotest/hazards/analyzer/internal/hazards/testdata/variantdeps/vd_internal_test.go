package vd

import "testing"

// An internal test file: the package under test is recompiled with it ("vd [vd.test]"),
// and so is every local package that imports it (inner/schema, and inner through it).
func TestToken(t *testing.T) {
	if (Token{Name: "a"}).Name != "a" {
		t.Fatal("name")
	}
}
