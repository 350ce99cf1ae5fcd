// The external test package sorts first by file name, yet Go runs the internal package's
// tests first.
package exitzero_test

import "testing"

func TestX(t *testing.T) {
	t.Log("external TestX ran")
	t.Error("external TestX fails")
}
