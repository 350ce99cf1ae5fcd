package h3

import (
	"errors"
	"log"
	"os"
	"regexp"
	"text/template"

	"github.com/sirupsen/logrus"
)

var errBad = errors.New("bad")

var re = regexp.MustCompile(`^a+$`)

var tmpl = template.Must(template.New("x").Parse("{{.}}"))

// A must helper's panic is conditional: an assertion, not reported.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err) // want-all-exits "H3"
	}
	return v
}

var parsed = must(template.New("y").Parse("{{.}}"))

var known = []int{1, 2}

// An assertion after a loop that returns early (testify's spew does this): not reported.
func init() {
	for _, k := range known {
		if k == 2 {
			return
		}
	}
	panic("unknown layout") // want-all-exits "H3"
}

// Exits on an error path are loud and say why: not reported.
func init() {
	if _, err := os.Getwd(); err != nil {
		log.Fatal(err) // want-all-exits "H3"
	}
	if _, err := os.Hostname(); err != nil && len(known) > 0 {
		os.Exit(1) // want-all-exits "H3"
	}
}

// Logging that does not exit.
func init() {
	logrus.Info("starting")
	logger.Infof("starting %d", 1)
	log.Print("starting")
}
