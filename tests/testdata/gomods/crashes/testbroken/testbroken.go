// Package testbroken compiles; its test file does not.
package testbroken

func Name() string { return "testbroken" }
