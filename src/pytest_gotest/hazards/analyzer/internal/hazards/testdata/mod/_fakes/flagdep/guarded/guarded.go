// Package guarded stands in for another module's package whose init code parses the command
// line only outside test binaries (testing.Testing() guards, under an import name), but
// once: only that parse runs before h4guarded's under go test.
package guarded

import (
	"flag"
	"os"
	tst "testing"
)

var Verbose = flag.Bool("guarded.verbose", false, "")

func init() {
	if !tst.Testing() {
		flag.Parse()
	}
}

func init() {
	if tst.Testing() {
		return
	}
	flag.CommandLine.Parse(os.Args[1:])
}

var parsed = func() bool {
	if !tst.Testing() {
		setUp() // the only call of setUp
	} else {
		return false
	}
	flag.Parse()
	return true
}()

func setUp() { flag.Parse() }

func init() {
	if tst.Testing() {
		flag.CommandLine.Parse(nil) // the parse h4guarded's test expects
	} else {
		flag.Parse()
	}
}
