// Package both parses the command line in its init too, but flagdep's init runs first.
package both

import (
	"flag"

	"example.com/flagdep"
)

func init() {
	flag.Parse()
}

func Verbose() bool { return *flagdep.Verbose }
