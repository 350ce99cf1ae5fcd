package user

import "example.com/dep/lib"

var index = lib.Index{Names: lib.Set[string]{"a": {}}}

// Has says whether name is indexed.
func Has(name string) bool { _, ok := index.Names[name]; return ok }
