// Package user ranges at init over tables of tbl that patcher's init (which runs first:
// user imports it) has changed.
package user

import (
	_ "example.com/want/rangetable/patcher"
	"example.com/want/rangetable/tbl"
)

func init() {
	for _, f := range tbl.All {
		f()
	}
	for _, f := range tbl.Dotted {
		f()
	}
	for _, f := range tbl.Handed {
		f()
	}
	for _, f := range tbl.Linked {
		f()
	}
}
