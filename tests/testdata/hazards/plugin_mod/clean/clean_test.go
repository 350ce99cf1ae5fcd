package clean

import "testing"

func TestClean(t *testing.T) {
	if len(Words("a b")) != 2 {
		t.Fatal("two words expected")
	}
}
