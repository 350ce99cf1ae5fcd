// Package flagdep is another module (required through a replace) whose init parses the
// command line: every test binary that links it dies there.
package flagdep

import "flag"

var Verbose = flag.Bool("flagdep.verbose", false, "")

func init() {
	flag.Parse()
}
