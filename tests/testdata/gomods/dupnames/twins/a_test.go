package twins

import "testing"

// TestP (internal) and the external TestP run in parallel: Go's events under the name TestP
// cannot be told apart. This one's subtest in_b fails.
func TestP(t *testing.T) {
	t.Parallel()
	t.Run("in_a", func(t *testing.T) {})
	t.Run("in_b", func(t *testing.T) { t.Errorf("internal TestP/in_b fails: %d", Half(3)) })
}

// TestQ: both copies parallel, both pass.
func TestQ(t *testing.T) {
	t.Parallel()
	t.Run("q_in", func(t *testing.T) {})
}
