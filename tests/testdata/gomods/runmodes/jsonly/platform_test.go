package jsonly

import "testing"

func TestName(t *testing.T) {
	if Name() == "" {
		t.Fatal("no platform name")
	}
}
