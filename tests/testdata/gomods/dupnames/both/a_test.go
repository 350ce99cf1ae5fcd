package both

import "testing"

// TestX (internal) fails; the external TestX passes.
func TestX(t *testing.T) {
	t.Log("internal TestX ran")
	t.Error("internal TestX fails")
}

// TestY (internal) passes, with a passing subtest; the external TestY and its subtest fail.
func TestY(t *testing.T) {
	t.Log("internal TestY ran")
	t.Run("case", func(t *testing.T) { t.Log("internal TestY/case passes") })
}
