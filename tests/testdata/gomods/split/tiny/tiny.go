// Package tiny has one instant test.
package tiny

// Zero is zero.
func Zero() int { return 0 }
