package pkg

import "testing"

func TestDeep(t *testing.T) {
	t.Log("deep")
}
