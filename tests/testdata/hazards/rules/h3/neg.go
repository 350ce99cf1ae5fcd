package h3

import (
	"errors"
	"regexp"
	"text/template"
)

var errBad = errors.New("bad")

var re = regexp.MustCompile(`^a+$`)

var tmpl = template.Must(template.New("x").Parse("{{.}}"))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err) // conditional invariant check: not reported
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
	panic("unknown layout")
}
