// Package h4guarded imports another module's package whose init code parses the command line
// mostly behind testing.Testing() guards (example.com/flagdep/guarded): of those parses, its
// own parse runs after only the one a test binary runs.
package h4guarded

import (
	"flag"

	"example.com/flagdep/guarded"
)

func init() {
	flag.Parse() // want "H4: flag.Parse"
}

func Verbose() bool { return *guarded.Verbose }
