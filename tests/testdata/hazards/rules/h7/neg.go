package h7

import (
	"os"
	"runtime"
)

var home = os.Getenv("HOME")

var procs = runtime.GOMAXPROCS(0)

var env = map[string]string{"a": "b"}

var list = []string{"x", "y"}
