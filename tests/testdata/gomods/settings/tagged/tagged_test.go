//go:build integration

// Package tagged only has a test with the `integration` build tag: collected only when the
// flags pytest-gotest passes to go list include -tags=integration.
package tagged

import "testing"

func TestTagged(t *testing.T) { t.Log("tagged ran") }
