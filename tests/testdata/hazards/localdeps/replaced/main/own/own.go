package own

import (
	"flag"

	"example.com/dep"
)

func init() {
	flag.Parse()
}

func Verbose() bool { return *dep.Verbose }
