package a

import "example.com/want/lib"

var Name = lib.Name()
