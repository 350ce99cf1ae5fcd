package h4

import (
	"flag"
	"os"
	"strings"
)

// The program name is harmless.
var prog = os.Args[0]

// So is asking whether it is there (x/mod's way of telling a test binary).
var inTest = len(os.Args) > 0 && strings.HasSuffix(os.Args[0], ".test")

var noName = 1 > len(os.Args) || len(os.Args) == 0

// Defining flags without parsing them.
var level = flag.Int("level", 1, "")

// Parse in a function the tests do not run at init.
func Main() {
	flag.Parse()
	_ = os.Args
}
