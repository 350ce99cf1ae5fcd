package errpath

import (
	"log"
	"os"
	"runtime"
	"strconv"
)

var n = func() int {
	v, err := strconv.Atoi("42")
	if err != nil {
		log.Fatalf("bad constant: %v", err) // error path: not reported
	}
	return v
}()

func init() {
	if _, err := os.Getwd(); err != nil {
		os.Exit(0) // H3: exit 0 is a false pass, reported even on an error path
	}
	switch runtime.GOOS {
	case "linux", "darwin", "windows":
	default:
		panic("unsupported") // conditional panic: an assertion, not reported
	}
	log.Panicf("always") // H3: unconditional
}
