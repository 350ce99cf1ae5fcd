package moves

import "testing"

// checkPositive is not marked t.Helper(): Go reports its own line, in this file.
func checkPositive(t *testing.T, n int) {
	if n <= 0 {
		t.Errorf("%d is not positive", n)
	}
}
