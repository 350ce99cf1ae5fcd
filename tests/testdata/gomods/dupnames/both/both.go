// Package both is tested by an internal and an external test package that define the same
// test names.
package both

// Answer is what the tests check.
func Answer() int { return 42 }
