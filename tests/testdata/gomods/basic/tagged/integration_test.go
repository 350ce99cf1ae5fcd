//go:build integration

package tagged

import "testing"

// TestIntegration exists only when built with -tags=integration.
func TestIntegration(t *testing.T) {
	t.Log("integration")
}
