package h4

import (
	"flag"
	"os"
)

var verbose = flag.Bool("verbose", false, "")

func init() {
	flag.Parse() // H4
}

var nargs = len(os.Args) // H4
