package checks

import "testing"

// A //line directive makes Go name the place it gives: the first t.Error is
// "remap_test.go:14", where this file's line 14 is a t.Log (of no literal text).
func TestRemapped(t *testing.T) {
//line remap_test.go:14
	t.Error("remapped error")
	t.Error("second error")
}

func logSaid(t *testing.T, said string) {
	t.Log(said)
}
