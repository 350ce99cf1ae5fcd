// Package lib has no tests of its own; two tested packages import it.
package lib

import "os"

func init() {
	os.Setenv("LIB_MODE", "1") // want "H7: init changes process-global state: os.Setenv"
}

func Name() string { return "lib" }
