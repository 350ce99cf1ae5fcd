// Package fail fails a test from another package, without t.Helper.
package fail

import "testing"

func Positive(t testing.TB, n int) {
	if n <= 0 {
		t.Errorf("%d is not positive", n)
	}
}
