// Package guarded parses the command line in its init (H4), the parse that kills its test
// binary: guardeddep's init runs first, but its parses sit behind testing.Testing() guards.
package guarded

import (
	"flag"

	"example.com/guardeddep"
)

func init() {
	flag.Parse()
}

func Verbose() bool { return *guardeddep.Verbose }
