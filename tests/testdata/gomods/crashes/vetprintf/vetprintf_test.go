package vetprintf

import "testing"

func TestVetPrintf(t *testing.T) {
	t.Logf("%d apples", "not a number")
}
