//go:build cgo

package resolver

import "testing"

// Only builds with cgo on: the cgo and race modes (and native where a C compiler exists).
func TestCgoResolver(t *testing.T) {
	if Kind != "cgo" {
		t.Fatalf("Kind = %q in a cgo build", Kind)
	}
}
