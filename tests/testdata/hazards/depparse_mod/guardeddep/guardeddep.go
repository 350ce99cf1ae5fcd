// Package guardeddep is another module (required through a replace) whose init code parses
// the command line only outside test binaries: under go test, testing.Testing() is true
// from the first init on, so neither parse runs.
package guardeddep

import (
	"flag"
	"os"
	"testing"
)

var Verbose = flag.Bool("guardeddep.verbose", false, "")

func init() {
	if !testing.Testing() {
		flag.Parse()
	}
}

func init() {
	if testing.Testing() {
		return
	}
	flag.CommandLine.Parse(os.Args[1:])
}
