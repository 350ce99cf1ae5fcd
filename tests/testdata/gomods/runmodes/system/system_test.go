package system

import "testing"

func TestShell(t *testing.T) {
	if err := Shell("exit 0"); err != nil {
		t.Fatalf("sh: %v", err)
	}
}
