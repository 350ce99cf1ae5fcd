package h4

import (
	"flag"
	"os"
	"reflect"
	"strings"
)

// The program name is harmless.
var prog = os.Args[0]

// So is asking whether it is there (x/mod's way of telling a test binary).
var inTest = len(os.Args) > 0 && strings.HasSuffix(os.Args[0], ".test")

var noName = 1 > len(os.Args) || len(os.Args) == 0

// A reference to the variable reads none of it (traefik/yaegi's table of the standard
// library's symbols, for its interpreter).
var symbols = map[string]reflect.Value{
	"Args": reflect.ValueOf(&os.Args).Elem(),
	"Exit": reflect.ValueOf(os.Exit),
}

// Defining flags without parsing them.
var level = flag.Int("level", 1, "")

// Parse in a function the tests do not run at init.
func Main() {
	flag.Parse()
	_ = os.Args
}
