package exit0

import "testing"

func TestAnswer(t *testing.T) {
	if Answer() != 42 {
		t.Fatal("42 expected")
	}
}
