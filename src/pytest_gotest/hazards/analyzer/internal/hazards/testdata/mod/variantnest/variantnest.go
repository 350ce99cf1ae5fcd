// Package variantnest: a recursive function reached at init with an argument that grows
// per call, a struct value nested one level deeper each time (the pattern of
// github.com/jhump/protoreflect's descriptor code). Each call's facts differ from its
// caller's, so a walk that made a variant per call would never end (protoreflect: minutes
// and gigabytes); variants nest only so deep.
package variantnest

import "log"

type scope struct {
	parent *scope
	name   string
}

var known = map[string]bool{}

var depth = resolve(&scope{name: "root"})

func resolve(s *scope) int {
	log.SetFlags(0) // want "H7: var depth changes process-global state: log.SetFlags"
	if known[s.name] {
		return 0
	}
	return 1 + resolve(&scope{parent: s, name: "child"})
}
