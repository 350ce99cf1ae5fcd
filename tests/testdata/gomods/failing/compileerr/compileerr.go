// Package compileerr compiles, but its test file does not.
package compileerr

// Value returns 1.
func Value() int { return 1 }
