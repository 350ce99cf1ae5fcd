package calc_test

import (
	"fmt"
	"testing"

	"example.com/basic/calc"
)

func TestExternal(t *testing.T) {
	if got := calc.Add(2, 3); got != 5 {
		t.Errorf("calc.Add(2, 3) = %d, want 5", got)
	}
}

func ExampleAdd() {
	fmt.Println(calc.Add(1, 1))
	// Output: 2
}

// ExampleSub_noOutput has no output comment: Go compiles it but never runs it.
func ExampleSub_noOutput() {
	fmt.Println(calc.Sub(1, 1))
}

func ExampleSub_unordered() {
	fmt.Println(calc.Sub(5, 3))
	fmt.Println(calc.Sub(3, 5))
	// Unordered output:
	// -2
	// 2
}
