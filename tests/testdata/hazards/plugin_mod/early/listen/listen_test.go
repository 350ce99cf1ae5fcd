package listen

import "testing"

func TestAddr(t *testing.T) {
	if Addr() == "" {
		t.Fatal("address expected")
	}
}
