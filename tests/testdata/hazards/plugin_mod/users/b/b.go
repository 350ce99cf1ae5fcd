package b

import "example.com/plugmod/lib"

func Name() string { return lib.Name() }
