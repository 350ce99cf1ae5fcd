// Package patcher changes tbl's tables at init, before user's init ranges over them.
package patcher

import (
	_ "unsafe" // go:linkname

	. "example.com/want/rangetable/tbl"
	renamed "example.com/want/rangetable/tbl"
)

//go:linkname linked example.com/want/rangetable/tbl.Linked
var linked []func()

func nop() {}

func keep(fs []func()) { fs[0] = nop }

func init() {
	renamed.All[0] = nop
	Dotted[0] = nop
	keep(renamed.Handed)
	linked[0] = nop
}
