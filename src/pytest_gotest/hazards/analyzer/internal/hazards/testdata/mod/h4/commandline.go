package h4

import "flag"

// Parsing the command line's FlagSet, whatever the arguments, marks it parsed: m.Run then
// never parses the -test.* flags.
var parsedEarly = flag.CommandLine.Parse([]string{"-verbose"}) // want "H4: var parsedEarly parses command-line flags: flag.CommandLine.Parse"

// A FlagSet of one's own is harmless.
var own = flag.NewFlagSet("own", flag.ContinueOnError)

var ownParsed = own.Parse([]string{"-x"})
