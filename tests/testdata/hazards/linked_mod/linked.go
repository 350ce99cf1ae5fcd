// Package linkedmod: a string var that only the linker sets (-ldflags=-X), as a build's version
// or mode is.
package linkedmod

import "os"

// mode is empty unless the test binary is linked with -X example.com/linkedmod.mode=...
var mode string

func init() {
	if mode != "" {
		os.Setenv("PLUGMOD_MODE", mode)
	}
}

// Mode is what the linker set.
func Mode() string { return mode }
