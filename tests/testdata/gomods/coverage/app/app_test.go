package app

import "testing"

func TestRun(t *testing.T) {
	if Run(2) != 6 {
		t.Fatal(Run(2))
	}
}
