// Package brokenlib does not compile: a type error in a non-test file.
package brokenlib

func Answer() int {
	return "forty-two"
}
