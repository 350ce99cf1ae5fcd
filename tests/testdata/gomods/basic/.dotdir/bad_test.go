package whatever

import "testing"

// TestMustNotBeCollected lives in a directory the go tool ignores.
func TestMustNotBeCollected(t *testing.T) {
	t.Fatal("this directory is ignored by the go tool and must not be collected")
}
