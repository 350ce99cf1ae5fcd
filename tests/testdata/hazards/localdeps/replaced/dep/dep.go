// Package dep defines a flag (a test adds an init that parses the command line).
package dep

import "flag"

var Verbose = flag.Bool("dep.verbose", false, "")
