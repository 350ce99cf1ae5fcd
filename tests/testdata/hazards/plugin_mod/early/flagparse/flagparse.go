package flagparse

import "flag"

var verbose = flag.Bool("verbose", false, "talk more")

func init() {
	flag.Parse()
}

func Verbose() bool { return *verbose }
