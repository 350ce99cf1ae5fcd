package resolver

import "testing"

func TestKind(t *testing.T) {
	t.Logf("resolver configuration: %s", Kind)
	t.Run("known", func(t *testing.T) {
		if Kind != "cgo" && Kind != "go" {
			t.Fatalf("unknown resolver kind %q", Kind)
		}
	})
}
