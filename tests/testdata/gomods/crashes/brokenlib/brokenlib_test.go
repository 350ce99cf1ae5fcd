package brokenlib

import "testing"

func TestBrokenLib(t *testing.T) {
	if Answer() != 42 {
		t.Fatal("wrong answer")
	}
}
