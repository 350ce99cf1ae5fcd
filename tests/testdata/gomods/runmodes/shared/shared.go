// Package shared keeps state in a package variable: tests that change it depend on order.
package shared

var hits int

// Hit counts a call and returns the count.
func Hit() int { hits++; return hits }
