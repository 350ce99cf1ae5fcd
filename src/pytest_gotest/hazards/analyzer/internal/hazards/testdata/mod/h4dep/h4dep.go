// Package h4dep imports another module's package whose init parses the command line
// (example.com/flagdep): its own parse is found, and knows which parse runs before it.
package h4dep

import (
	"flag"
	"os"

	"example.com/flagdep"
)

func init() {
	flag.Parse()   // want "H4: flag.Parse"
	_ = os.Args[1] // want "H4: os.Args"
}

func Verbose() bool { return *flagdep.Verbose }
