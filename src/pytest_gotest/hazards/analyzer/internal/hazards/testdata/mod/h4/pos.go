package h4

import (
	"flag"
	"os"
)

var verbose = flag.Bool("verbose", false, "")

func init() {
	flag.Parse() // want "H4: init parses command-line flags: flag.Parse"
}

var nargs = len(os.Args) // want "H4: var nargs parses command-line flags: os.Args"

// The count beyond the program name is the -test.* flags' under go test.
var hasArgs = len(os.Args) > 1 // want "H4: var hasArgs parses command-line flags: os.Args"

func init() {
	for _, a := range os.Args[1:] { // want "H4: os.Args"
		_ = a
	}
}
