// Package liba is a library module used through the workspace.
package liba

// Hello returns a greeting.
func Hello(name string) string { return "hello, " + name }
