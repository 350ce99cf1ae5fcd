package h4

import (
	"flag"
	"os"
)

// The program name is harmless.
var prog = os.Args[0]

// Defining flags without parsing them.
var level = flag.Int("level", 1, "")

// Parse in a function the tests do not run at init.
func Main() {
	flag.Parse()
	_ = os.Args
}
