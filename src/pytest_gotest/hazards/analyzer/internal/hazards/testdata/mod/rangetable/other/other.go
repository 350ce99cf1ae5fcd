// Package other: a table of its own that happens to be named like rangetable's, whose
// element its init replaces. That changes this table, not rangetable's `inits`.
package other

import "os"

var inits = []func(){removeOther}

func removeOther() { os.Remove("other") }

func nopOther() {}

func init() {
	inits[0] = nopOther
	for _, f := range inits {
		f()
	}
}
