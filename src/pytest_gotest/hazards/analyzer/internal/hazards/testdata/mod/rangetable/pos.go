// Package rangetable: an init ranging over a table of functions written as a literal calls
// each of them (`for _, f := range inits { f() }`).
package rangetable

import (
	"net"
	"os"
	"time"

	"example.com/want/rangetable/steps"
)

// A package-level table: named functions and a function literal.
var inits = []func(){
	listen,
	func() {
		go poll() // want "H5: init starts a goroutine or timer: go statement"
	},
}

func listen() {
	net.Listen("tcp", ":8080") // want "H1: init listens on the network: net.Listen"
}

func poll() {}

func init() {
	for _, f := range inits {
		f()
	}
}

// A local table, an array.
func init() {
	setup := [...]func(){setEnv}
	for i, step := range setup {
		_ = i
		step()
	}
}

func setEnv() {
	os.Setenv("TZ", "UTC") // want "H7: init changes process-global state: os.Setenv"
}

// The literal itself, ranged over.
func init() {
	for _, f := range []func(){sleep} {
		f()
	}
}

func sleep() {
	time.Sleep(time.Second) // want "H10: init blocks: time.Sleep"
}

// A map of functions, and another package's table.
var hooks = map[string]func(){"dial": dial}

func dial() {
	net.Dial("tcp", "db.example.com:5432") // want "H2: init dials the network: net.Dial"
}

func init() {
	for name, hook := range hooks {
		_ = name
		hook()
	}
	for _, step := range steps.All {
		step()
	}
}

// A long table (long data-only literals are emptied before type-checking; not this one).
var many = []func(){nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, nop, chdir}

func nop() {}

func chdir() {
	os.Chdir("/") // want "H7: init changes process-global state: os.Chdir"
}

func init() {
	for _, f := range many {
		f()
	}
}
