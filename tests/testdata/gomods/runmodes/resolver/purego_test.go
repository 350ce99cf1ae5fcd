//go:build !cgo

package resolver

import "testing"

// Only builds with cgo off: nocgo, wasm, wasip1.
func TestPureGoResolver(t *testing.T) {
	if Kind != "go" {
		t.Fatalf("Kind = %q in a pure-Go build", Kind)
	}
}
