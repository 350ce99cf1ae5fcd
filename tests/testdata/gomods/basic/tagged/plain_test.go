package tagged

import "testing"

func TestPlain(t *testing.T) {
	t.Log("plain")
}
