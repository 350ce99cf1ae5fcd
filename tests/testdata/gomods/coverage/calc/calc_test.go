package calc

import "testing"

func TestSum(t *testing.T) {
	if Sum(1, 2, 3) != 6 {
		t.Fatal("sum")
	}
}

func TestDescribe(t *testing.T) {
	if Describe(20, 2) == "" {
		t.Fatal("describe")
	}
}
