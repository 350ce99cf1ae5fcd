package cgoinit

import "testing"

func TestFree(t *testing.T) {
	(&stmt{}).free()
}
