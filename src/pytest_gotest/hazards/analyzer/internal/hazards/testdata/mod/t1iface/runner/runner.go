// Package runner runs a test binary's tests through an interface, as
// github.com/rogpeppe/go-internal/testscript.Main does.
package runner

import "os"

// TestingM is what Main needs of a *testing.M.
type TestingM interface {
	Run() int
}

// Main runs the tests and exits with their status.
func Main(m TestingM) {
	os.Exit(m.Run())
}

// RunFunc runs the tests through a function value.
func RunFunc(run func() int) int {
	return run()
}
