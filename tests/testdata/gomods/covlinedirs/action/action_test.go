package action

import "testing"

func TestAction(t *testing.T) {
	if Plain(1) != 1 || Action(1) != 10 {
		t.Fatal("wrong result")
	}
}
