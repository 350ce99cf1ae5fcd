// Package helpers has a test file that declares no test, and that file does not compile.
package helpers

func Double(n int) int { return 2 * n }
