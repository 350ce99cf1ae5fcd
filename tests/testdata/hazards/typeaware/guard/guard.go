package guard

import (
	"flag"
	"testing"
)

func init() {
	if testing.Testing() {
		return
	}
	flag.Parse() // not under go test
}

func init() {
	if !testing.Testing() {
		flag.Parse() // not under go test
	}
}

func init() {
	flag.Parse() // H4: before the guard
	if testing.Testing() {
		return
	}
}
