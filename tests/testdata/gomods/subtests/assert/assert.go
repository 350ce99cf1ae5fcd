// Package assert is a test helper in another package, not marked t.Helper(): Go reports its
// line with the base name of its file only ("assert.go:9:").
package assert

import "testing"

// Positive fails t when n is not positive.
func Positive(t *testing.T, n int) {
	if n <= 0 {
		t.Errorf("%d is not positive", n)
	}
}
