package b

import "example.com/want/lib"

var Name = lib.Name()
