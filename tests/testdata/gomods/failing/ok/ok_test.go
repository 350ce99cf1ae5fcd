package ok

import "testing"

func TestOK(t *testing.T) {
	t.Log("ok")
}
