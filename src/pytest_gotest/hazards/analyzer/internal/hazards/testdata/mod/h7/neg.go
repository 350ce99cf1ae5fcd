package h7

import (
	"io"
	"log"
	"os"
	"runtime"
	"time"
)

// Reading the settings changes nothing.
var procs = runtime.GOMAXPROCS(0)

var home = os.Getenv("HOME")

var out = os.Stdout

// A package's own logger, a local variable named like a global.
var own = log.New(io.Discard, "", 0)

func init() {
	Local := time.UTC
	_ = Local
}
