// The test package's own helper.go: its line 8 is a t.Log, where fail/helper.go's is a
// t.Errorf; Go prints only the base name of either.
package checks

import "testing"

func logged(t testing.TB, said string) {
	t.Log("logged:", said)
}
