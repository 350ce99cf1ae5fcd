package liba

import "testing"

func TestHello(t *testing.T) {
	if got := Hello("go"); got != "hello, go" {
		t.Errorf("Hello(%q) = %q", "go", got)
	}
}
