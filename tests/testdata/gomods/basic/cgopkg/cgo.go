// Package cgo calls a small C function through cgo.
package cgo

/*
static int add_ints(int a, int b) { return a + b; }
*/
import "C"

// AddC adds two ints in C.
func AddC(a, b int) int {
	return int(C.add_ints(C.int(a), C.int(b)))
}
