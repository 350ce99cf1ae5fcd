package helper

import "example.com/typeaware/testinit"

func New() testinit.T { return testinit.T{N: 1} }
