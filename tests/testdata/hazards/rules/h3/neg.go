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
