// Package pkgvar: conditions on package-level vars decided from their declarations, when
// no code of the module ever changes them (cuelang.org/go's `if !OpenGraphs { return }`,
// whose OpenGraphs nothing sets, guards debug code that writes files and opens a
// browser), and left undecided when any code that can run in a test binary may; strings too
// unless the run links without -X (unreached.go: what can run).
package pkgvar

import (
	"flag"
	"os"

	"example.com/want/pkgvar/cfg"
)

var OpenGraphs = false

var graphs *os.File // nil: nothing assigns it

var verbose bool // a test sets it

var traced bool // a flag may set it

var version = "dev" // the linker may set it: -ldflags=-X

// extraArgs: gioui.org's app package, whose build tool sets it with -X for mobile targets.
var extraArgs string

var mode = "plain" // a test sets it: unknown even when the linker sets no string

func init() {
	flag.BoolVar(&traced, "traced", false, "")
	openGraph()
	if graphs != nil {
		os.Remove("graphs.html")
	}
	if cfg.Debug {
		os.Create("debug.log")
	}
	if verbose {
		os.Create("verbose.log") // want "H6: init writes to the file system: os.Create"
	}
	if traced {
		os.Create("trace.log") // want "H6: init writes to the file system: os.Create"
	}
	if version != "dev" {
		os.Create("release.log") // want-linker-strings "H6: init writes to the file system: os.Create"
	}
	if extraArgs != "" {
		os.Args = append(os.Args, extraArgs) // want-linker-strings "H4"
	}
	if mode != "plain" {
		os.Create("mode.log") // want "H6: init writes to the file system: os.Create"
	}
}

func openGraph() {
	if !OpenGraphs {
		return
	}
	os.MkdirAll("graphs", 0o777)
}
