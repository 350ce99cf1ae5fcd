// Package flagdep stands in for another module's package whose init parses the command
// line (through a helper), which the analysis does not analyse but must know runs first.
package flagdep

import (
	cl "flag"
)

var Verbose = cl.Bool("flagdep.verbose", false, "")

func init() { setUp() }

func setUp() {
	cl.CommandLine.Parse(nil) // the parse h4dep's test expects
}

// Never reached from init: not a parse of its init code.
func ParseLater() { cl.Parse() }
