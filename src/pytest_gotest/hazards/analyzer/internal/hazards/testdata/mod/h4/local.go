package h4

import (
	"flag"
	"os"
)

// The command line's FlagSet through a local given it once is the same parse.
func init() {
	fs := flag.CommandLine
	fs.Parse(nil) // want "H4: init parses command-line flags: flag.CommandLine.Parse"
}

func init() {
	var fs = flag.CommandLine
	same := fs
	_ = same.Parse(os.Args[1:2]) // want "H4: flag.CommandLine.Parse" "H4: os.Args"
}

// The function uses the command line's FlagSet, without replacing it: still the same set.
func init() {
	fs := flag.CommandLine
	flag.CommandLine.Bool("quiet", false, "")
	fs.Parse(nil) // want "H4: flag.CommandLine.Parse"
}

// Look-alikes, not reported: a FlagSet of one's own in a local.
func init() {
	fs := flag.NewFlagSet("own", flag.ContinueOnError)
	fs.Parse(nil)
}

// A local given the command line, then something else: which one Parse sees is not known
// from the declaration alone.
func init() {
	fs := flag.CommandLine
	fs = flag.NewFlagSet("own", flag.ContinueOnError)
	fs.Parse(nil)
}

// Declared without it, given it later: not followed (one value, where it is declared).
func init() {
	var fs *flag.FlagSet
	fs = flag.NewFlagSet("own", flag.ContinueOnError)
	fs.Parse(nil)
}

// Its address handed out: anything may have changed it.
func init() {
	fs := flag.CommandLine
	swapFlagSet(&fs)
	fs.Parse(nil)
}

func swapFlagSet(fs **flag.FlagSet) { *fs = flag.NewFlagSet("own", flag.ContinueOnError) }

// A redeclaring := gives it a new value.
func init() {
	fs := flag.CommandLine
	fs, n := flag.NewFlagSet("own", flag.ContinueOnError), 1
	_ = n
	fs.Parse(nil)
}

// A parameter named like it: nothing known of what it is given.
func parseSet(fs *flag.FlagSet) { fs.Parse(nil) }

var _ = func() bool { parseSet(flag.NewFlagSet("own", flag.ContinueOnError)); return true }()

// The command line's FlagSet replaced after the local took it: the parse is the old set's,
// and the new one's go test fills and parses as usual.
func init() {
	fs := flag.CommandLine
	flag.CommandLine = flag.NewFlagSet(os.Args[0], flag.ExitOnError)
	fs.Parse(nil)
}

// Replaced by a function literal of the same function, or through its address: which set
// the local holds at the parse is not known from the declaration alone.
func init() {
	fs := flag.CommandLine
	reset := func() { flag.CommandLine = flag.NewFlagSet("own", flag.ContinueOnError) }
	reset()
	fs.Parse(nil)
}

func init() {
	fs := flag.CommandLine
	swapFlagSet(&flag.CommandLine)
	fs.Parse(nil)
}

// Replaced by a function the function calls, directly or through others, or by a method:
// the local holds the old set at the parse, as above.
func init() {
	fs := flag.CommandLine
	resetCommandLine()
	fs.Parse(nil)
}

func init() {
	fs := flag.CommandLine
	setUpFlags()
	fs.Parse(nil)
}

func init() {
	fs := flag.CommandLine
	var r flagResetter
	r.reset()
	fs.Parse(nil)
}

func resetCommandLine() { flag.CommandLine = flag.NewFlagSet(os.Args[0], flag.ExitOnError) }

func setUpFlags() { resetCommandLine() }

type flagResetter struct{}

func (flagResetter) reset() { resetCommandLine() }

// A function called that does not replace it (nor calls one that does): the parse is the
// command line's.
func init() {
	fs := flag.CommandLine
	defineFlags()
	fs.Parse(nil) // want "H4: flag.CommandLine.Parse"
}

func defineFlags() { flag.CommandLine.Bool("defined", false, "") }
