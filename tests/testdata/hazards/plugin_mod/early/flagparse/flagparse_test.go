package flagparse

import "testing"

func TestFlag(t *testing.T) {
	_ = Verbose()
}
