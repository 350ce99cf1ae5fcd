// Package notests has no test files.
package notests

// Answer returns 42.
func Answer() int { return 42 }
