// Package broken has no tests and does not compile: go test ./... fails on it.
package broken

func Broken() int { return "forty-two" }
