package h7

import (
	"io"
	"log"
	"os"
)

func init() {
	log.Default().SetFlags(0)           // want "H7: init changes process-global state: log.Default...SetFlags"
	log.Default().SetOutput(io.Discard) // want "H7: log.Default...SetOutput"
}

// A logger of one's own changes nothing global.
var mine = log.New(os.Stderr, "", 0)

func init() {
	mine.SetFlags(log.Lshortfile)
	mine.SetPrefix("mine: ")
}
