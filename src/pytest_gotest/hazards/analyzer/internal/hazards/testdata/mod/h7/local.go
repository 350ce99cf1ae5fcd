package h7

import (
	"io"
	"log"
	"os"
)

// The standard logger through a local given it once.
func init() {
	lg := log.Default()
	lg.SetFlags(0)       // want "H7: init changes process-global state: log.Default...SetFlags"
	lg.SetPrefix("h7: ") // want "H7: log.Default...SetPrefix"
}

// Look-alikes, not reported: a logger of one's own in a local; a local given the standard
// logger and then, on some path, another one (which one a call sees is not known from the
// declaration alone: left unreported, as a local of unknown value).
func init() {
	lg := log.New(os.Stderr, "", 0)
	lg.SetFlags(log.Lshortfile)
}

func init() {
	lg := log.Default()
	if len(os.Getenv("H7_OWN")) > 0 {
		lg = log.New(io.Discard, "", 0)
	}
	lg.SetOutput(io.Discard)
}
