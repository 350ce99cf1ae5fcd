package testbroken

import "testing"

func TestTestFileBroken(t *testing.T) {
	var n int = Name()
	_ = n
}
