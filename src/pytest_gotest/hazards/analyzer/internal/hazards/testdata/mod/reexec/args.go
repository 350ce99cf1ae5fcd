package reexec

import (
	"os"
	"path/filepath"
	"strings"
)

// The re-exec pattern keyed on the command line (runc's `runc init`, its nsenter tests): a
// test binary's os.Args[0] is its absolute path and os.Args[1] a -test.* flag, so these
// bodies run only in the child; the checks read os.Args without parsing it.
func init() {
	if len(os.Args) > 1 && os.Args[1] == "init" {
		childMain()
		os.Exit(255)
	}
}

func init() {
	if strings.HasPrefix(os.Args[0], "nsenter-") {
		os.Exit(0)
	}
}

func init() {
	if filepath.Base(os.Args[0]) == "reexec-child" {
		os.Exit(0)
	}
}

func init() {
	if "child" == os.Args[1] {
		childMain()
	}
}

// Comparisons a test binary can pass run in a plain run: analysed.
func init() {
	if filepath.Base(os.Args[0]) == "reexec.test" {
		os.Exit(0) // want "H3: os.Exit"
	}
}

func init() {
	if strings.HasPrefix(os.Args[1], "-test.") {
		os.Exit(0) // want "H3: os.Exit"
	}
}

func init() {
	if len(os.Args) > 1 && os.Args[1] != "init" { // want "H4: os.Args"
		os.Exit(0) // want "H3: os.Exit"
	}
}

// A later argument can be the user's (go test -args child): not a gate. Comparing it with
// a literal reads without parsing; counting past the program name is still H4.
func init() {
	if len(os.Args) > 2 && os.Args[2] == "child" { // want "H4: os.Args"
		os.Exit(0) // want "H3: os.Exit"
	}
}

// The same as switches: a case a test binary's arguments never equal is the child's.
func init() {
	switch os.Args[1] {
	case "child", "worker":
		os.Exit(0)
	}
}

// A case a test binary's name can equal runs in a plain run: analysed.
func init() {
	switch filepath.Base(os.Args[0]) {
	case "reexec.test":
		os.Exit(0) // want "H3: os.Exit"
	case "child":
		os.Exit(0)
	}
}
